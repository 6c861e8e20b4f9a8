"""Symmetric IRB between evpnd VTEPs (RFC 9135) and type-5 routes (RFC
9136) on a kernel without VRF devices (DESIGN.md section 4).

An evpnd route reflector and three evpnd hosts.  Tenant VRF "tenant1" is
table 1000 with L3VNI 1000 (br1000 + vxlan1000 on every host; br1000's
MAC is the host's router MAC) and `ip rule iif IF lookup 1000` for each
interface in the VRF.  Host 1 has VNI 100 (192.168.100.0/24, gateway
.254 on br100) with VM 1; host 2 has VNI 200 (192.168.200.0/24) with
VM 2; host 3 has no L2 VNI but an "outside" network 10.99.0.0/24 on a
plain veth in the VRF, exported as a type-5 route (`advertise ipv4
unicast`).  VM 1 reaches VM 2 (routed across two VNIs through the
L3VNI: host routes from type-2 MAC/IP routes) and the outside host
(through host 3's type-5 route); the capture shows VNI 1000 on the wire.
"""
import json
import re
import time

import pytest

from lib.daemons import Evpnd
from lib.irb import (L3VNI, OUTSIDE, OUTSIDE_HOST, TABLE, conf, gw,
                     irb_host, rmac, vm_ip)
from lib.topo import Topo, wait_until
from lib.vtep import rr_conf, rr_ns, vtep_ip

HOSTS = (1, 2, 3)
VNI_OF = {1: 100, 2: 200}


def routes(topo, h):
    out = topo.run(h, "ip", "-j", "route", "show", "table",
                   str(TABLE)).stdout
    return {r["dst"]: r for r in json.loads(out or "[]")}


def ping(topo, ns, ip, count=2):
    return topo.run(ns, "ping", "-c", str(count), "-i", "0.2", "-W", "1",
                    ip, check=False).returncode == 0


@pytest.fixture(scope="module")
def fabric():
    topo = Topo("l3")
    try:
        rr = rr_ns(topo)
        built = {n: irb_host(topo, rr, n, VNI_OF.get(n), outside=n == 3)
                 for n in HOSTS}
        hs = {n: built[n][0] for n in HOSTS}
        Evpnd(topo, rr, "evpnd-rr", rr_conf(HOSTS))
        ds = {n: Evpnd(topo, hs[n], "evpnd%d" % n, conf(n))
              for n in HOSTS}
        yield topo, hs, ds
    except Exception:
        topo.dump_logs()
        raise
    finally:
        topo.close()



def test_l3vni_shown(fabric):
    topo, hs, ds = fabric
    wait_until(lambda: ds[1].json("show evpn vni json").get(
        str(L3VNI), {}).get("type") == "L3", 20, what="L3VNI 1000 known")
    d = ds[1].json("show evpn vni %d json" % L3VNI)
    assert d["vrf"] == "tenant1" and d["routerMac"] == rmac(1), d
    assert d["state"] == "Up" and 100 in d["l2Vnis"], d
    v = ds[1].json("show evpn vni json")
    assert v["100"]["tenantVrf"] == "tenant1", v


def test_routed_across_vnis(fabric):
    topo, hs, ds = fabric
    vm = {n: [x for x in topo.netns if x.endswith("-vm%d" % n)][0]
          for n in VNI_OF}

    def host_routes():
        for n in VNI_OF:
            ping(topo, vm[n], gw(VNI_OF[n]), 1)    # the host learns its VM
        r1, r2 = routes(topo, hs[1]), routes(topo, hs[2])
        return vm_ip(2, 200) in r1 and vm_ip(1, 100) in r2 and (r1, r2)
    r1, _ = wait_until(host_routes, 30, interval=1,
                       what="host routes in table 1000")
    # via host 2, onlink on the L3 SVI, proto bgp
    r = r1[vm_ip(2, 200)]
    assert r.get("gateway") == vtep_ip(2) and r.get("dev") == "br1000", r
    assert "onlink" in r.get("flags", []) and r.get("protocol") == "bgp", r
    # the router MAC of host 2 behind its VTEP
    nb = topo.run(hs[1], "ip", "neigh", "show", "dev", "br1000").stdout
    assert re.search(r"%s lladdr %s .*NOARP" % (re.escape(vtep_ip(2)),
                                                rmac(2)), nb), nb
    f = topo.run(hs[1], "bridge", "fdb", "show", "dev", "vxlan1000").stdout
    assert "%s dst %s" % (rmac(2), vtep_ip(2)) in f, f
    # routed VM 1 -> VM 2, encapsulated with the L3VNI
    cap = topo.path("l3.pcap")
    wait_until(lambda: ping(topo, vm[1], vm_ip(2, 200), 1), 20,
               what="VM 1 pings VM 2 across the L3VNI")
    tcpd = topo.start(hs[1], "tcpdump", ["tcpdump", "-n", "-U",
                                          "--immediate-mode", "-i",
                                          "uplink", "-w", cap,
                                          "udp port 4789"])
    wait_until(lambda: "listening on" in open(tcpd.log).read(), 10,
               what="tcpdump listening")
    assert ping(topo, vm[1], vm_ip(2, 200), 3)
    time.sleep(0.3)
    tcpd.stop()
    txt = topo.run(hs[1], "tcpdump", "-n", "-r", cap, check=False).stdout
    assert "vni %d" % L3VNI in txt, txt


def test_type5_outside(fabric):
    topo, hs, ds = fabric
    vm1 = [x for x in topo.netns if x.endswith("-vm1")][0]
    wait_until(lambda: OUTSIDE in routes(topo, hs[1]), 30,
               what="the type-5 route of host 3 in host 1's table")
    r = routes(topo, hs[1])[OUTSIDE]
    assert r.get("gateway") == vtep_ip(3) and r.get("dev") == "br1000", r
    j = ds[1].json("show bgp l2vpn evpn route type prefix json")
    assert j.get("numPrefix", 0) >= 1, j
    assert any("[5]:[0]:[24]:[10.99.0.0]" in k for rd in j.values()
               if isinstance(rd, dict) for k in rd), j
    wait_until(lambda: ping(topo, vm1, OUTSIDE_HOST, 2), 20,
               what="VM 1 pings the outside host through host 3")


def test_withdrawn_when_vrf_leaves(fabric):
    """Host 3 drops the outside network: its type-5 goes, and with it
    host 1's route; host 2's host routes stay."""
    topo, hs, ds = fabric
    topo.run(hs[3], "ip", "addr", "del", "10.99.0.1/24", "dev", "ext")
    wait_until(lambda: OUTSIDE not in routes(topo, hs[1]), 15,
               what="host 1's route to 10.99.0.0/24 gone")
    assert vm_ip(2, 200) in routes(topo, hs[1])
