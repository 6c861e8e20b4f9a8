"""IPv6 tenant routing over an IPv4 underlay (RFC 9135 symmetric IRB,
RFC 9136 type-5), evpnd VTEPs on a kernel without VRF devices.

An evpnd route reflector and two evpnd hosts (lib/irb.py, v6): host 1
has VNI 100 with VM 1 (fd00:100::1), host 2 VNI 200 with VM 2
(fd00:200::2), both in tenant VRF table 1000 with L3VNI 1000 and
`advertise ipv6 unicast`.  The kernel takes no IPv4 next hop for an
IPv6 route, so a remote VTEP 10.255.0.N is reached via ::ffff:10.255.0.N
onlink on br1000, with that address's neighbour the remote router MAC.
"""
import json

import pytest

from lib.daemons import Evpnd
from lib.irb import TABLE, conf, gw6, irb_host, rmac, vm_ip6
from lib.topo import Topo, wait_until
from lib.vtep import rr_conf, rr_ns, vtep_ip

HOSTS = (1, 2)
VNI_OF = {1: 100, 2: 200}


def routes6(topo, h):
    out = topo.run(h, "ip", "-6", "-j", "route", "show", "table",
                   str(TABLE)).stdout
    return {r["dst"]: r for r in json.loads(out or "[]")}


def neigh6(topo, h, dev="br1000"):
    out = topo.run(h, "ip", "-6", "-j", "neigh", "show", "dev", dev).stdout
    return {e["dst"]: e for e in json.loads(out or "[]")}


def ping6(topo, ns, ip, count=2):
    return topo.run(ns, "ping", "-6", "-c", str(count), "-i", "0.2", "-W",
                    "1", ip, check=False).returncode == 0


@pytest.fixture(scope="module")
def fabric():
    topo = Topo("l3v6")
    try:
        rr = rr_ns(topo)
        built = {n: irb_host(topo, rr, n, VNI_OF[n], v6=True)
                 for n in HOSTS}
        Evpnd(topo, rr, "evpnd-rr", rr_conf(HOSTS))
        ds = {n: Evpnd(topo, built[n][0], "evpnd%d" % n, conf(n, v6=True))
              for n in HOSTS}
        yield topo, {n: built[n][0] for n in HOSTS}, \
            {n: built[n][1] for n in HOSTS}, ds
    except Exception:
        topo.dump_logs()
        raise
    finally:
        topo.close()


def test_v6_routed_across_vnis(fabric):
    topo, hs, vms, ds = fabric

    def installed():
        for n in HOSTS:
            ping6(topo, vms[n], gw6(VNI_OF[n]), 1)  # the host learns it
        r = routes6(topo, hs[1])
        host = r.get(vm_ip6(2, 200), {})
        assert host.get("gateway") == "::ffff:" + vtep_ip(2) and \
            host.get("dev") == "br1000" and "onlink" in host.get(
                "flags", []), r
        sub = r.get("fd00:200::/64", {})
        assert sub.get("gateway") == "::ffff:" + vtep_ip(2), r
        nb = neigh6(topo, hs[1]).get("::ffff:" + vtep_ip(2), {})
        assert nb.get("lladdr") == rmac(2) and "NOARP" in nb.get(
            "state", []), nb
        return True
    wait_until(installed, 30, interval=0.5,
               what="host 1's IPv6 routes via ::ffff:VTEP 2")
    assert ping6(topo, vms[1], vm_ip6(2, 200), 3), "VM 1 -> VM 2 (IPv6)"
    assert ping6(topo, vms[2], vm_ip6(1, 100), 3), "VM 2 -> VM 1 (IPv6)"
    j = ds[1].json("show bgp l2vpn evpn route type prefix json")
    assert "[5]:[0]:[64]:[fd00:200::]" in json.dumps(j), j
