"""evpnd as an EVPN route reflector for FRR VTEPs, and for a GoBGP client.

Three host namespaces run FRR (bgpd + zebra, advertise-all-vni) with
br100/vxlan100 and a VM each; the "rr" namespace routes the underlay and
runs evpnd (bgp no-rib) with the VTEPs as route-reflector clients of a
peer-group.  A GoBGP speaker (10.255.1.9) joins through `bgp listen
range` and originates EVPN routes from its CLI.
"""
import pytest

from lib.daemons import GoBgp
from lib.topo import Topo, holds_for, wait_until
from lib.vtep import (AS, RR_IP, frr_vtep, ns_name, rr_conf, rr_ns,
                      underlay, vm_ip, vm_mac, vtep_host, vtep_ip)

N = (1, 2, 3)
GB_IP = "10.255.1.9"
GB_MAC, GB_VM = "02:00:00:00:09:09", "192.168.100.9"


def evpn_paths(j):
    """(rd, prefix, [path...]) of a `show bgp l2vpn evpn json` (evpnd and
    FRR; FRR nests the paths one level less)."""
    for rd, v in j.items():
        if not isinstance(v, dict) or "rd" not in v:
            continue
        for pfx, r in v.items():
            if not isinstance(r, dict):
                continue
            paths = []
            for p in r.get("paths", []):
                paths += p if isinstance(p, list) else [p]
            yield rd, pfx, paths


def has_route(j, rtype, key, nexthop):
    """A valid path of an EVPN route of type rtype ([2] MAC, [3]
    originator IP) with key in its prefix and next hop nexthop."""
    for _, pfx, paths in evpn_paths(j):
        if pfx.startswith("[%d]:" % rtype) and "[%s]" % key in pfx:
            for p in paths:
                if p.get("valid") and any(h.get("ip") == nexthop for h in
                                          p.get("nexthops", [])):
                    return True
    return False


class Fabric:
    def __init__(self, topo):
        self.topo = topo
        self.rr_ns = rr_ns(topo)
        self.hosts = {n: vtep_host(topo, self.rr_ns, n) for n in N}
        gb = topo.ns("gobgp")
        underlay(topo, self.rr_ns, 9, gb, GB_IP)
        self.gb_ns = gb
        self.rr = _evpnd(topo, self.rr_ns)
        self.frr = {n: frr_vtep(topo, self.hosts[n][0], n) for n in N}
        self.gobgp = GoBgp(topo, gb, "gobgp", """[global.config]
  as = {asn}
  router-id = "{ip}"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "{rr}"
    peer-as = {asn}
  [neighbors.transport.config]
    local-address = "{ip}"
  [neighbors.timers.config]
    connect-retry = 2
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
""".format(asn=AS, ip=GB_IP, rr=RR_IP))
        for n in N:
            wait_until(lambda: self.rr.state(vtep_ip(n), "l2VpnEvpn") ==
                       "Established", 30, what="VTEP %d Established" % n)
        wait_until(lambda: self.rr.state(GB_IP, "l2VpnEvpn") ==
                   "Established", 30, what="GoBGP Established")

    def wake_vms(self):
        """Each VM sends a broadcast (ARP for an absent address), so its
        host's bridge learns its MAC and FRR advertises it."""
        for n in N:
            self.topo.run(self.hosts[n][1], "ping", "-c1", "-W0.2",
                          "192.168.100.254", check=False)

    def remote_mac(self, n, mac):
        """FRR host n's view of a remote MAC: its remote VTEP or None."""
        m = self.frr[n].json("show evpn mac vni 100 json")
        e = m.get("macs", {}).get(mac)
        return e.get("remoteVtep") if e and e.get("type") == "remote" \
            else None

    def remote_vteps(self, n):
        v = self.frr[n].json("show evpn vni 100 json")
        return set(v.get("numRemoteVteps", []) or [])

    def fdb_dst(self, n, mac):
        """The kernel: vxlan100's FDB dst for mac on host n."""
        out = self.topo.run(self.hosts[n][0], "bridge", "-j", "fdb", "show",
                            "dev", "vxlan100").stdout
        import json
        return {e.get("dst") for e in json.loads(out or "[]")
                if e.get("mac") == mac and e.get("dst")}


def _evpnd(topo, ns):
    from lib.daemons import Evpnd
    return Evpnd(topo, ns, "evpnd", rr_conf(N, listen="10.255.1.0/24"))


@pytest.fixture(scope="module")
def fabric(request):
    t = Topo("rr")
    request.addfinalizer(t.close)
    return Fabric(t)


def test_sessions(fabric):
    for n in N:
        p = fabric.rr.peer(vtep_ip(n), "l2VpnEvpn")
        assert p["state"] == "Established"
        assert fabric.rr.neighbor(vtep_ip(n))["addressFamilyInfo"][
            "l2VpnEvpn"]["routeReflectorClient"]
        assert fabric.frr[n].state(RR_IP, "l2VpnEvpn") == "Established"
    # the listen-range neighbor is dynamic
    assert fabric.rr.json("show bgp summary json")["l2VpnEvpn"][
        "dynamicPeers"] == 1


def test_rr_learns_type2_type3(fabric):
    def ok():
        fabric.wake_vms()
        j = fabric.rr.evpn()
        for n in N:
            assert has_route(j, 2, vm_mac(n), vtep_ip(n)), "type-2 %d" % n
            assert has_route(j, 3, vtep_ip(n), vtep_ip(n)), "type-3 %d" % n
        return True
    wait_until(ok, 30, interval=0.5, what="every VTEP's type-2 and type-3 "
               "at the RR")


def test_reflected_to_every_vtep(fabric):
    for b in N:
        others = [a for a in N if a != b]

        def ok():
            fabric.wake_vms()
            j = fabric.frr[b].json("show bgp l2vpn evpn json")
            for a in others:
                assert has_route(j, 2, vm_mac(a), vtep_ip(a)), (a, b)
                assert has_route(j, 3, vtep_ip(a), vtep_ip(a)), (a, b)
                assert fabric.remote_mac(b, vm_mac(a)) == vtep_ip(a)
            assert {vtep_ip(a) for a in others} <= fabric.remote_vteps(b)
            return True
        wait_until(ok, 30, interval=0.5, what="host %d has the others' "
                   "MACs and VTEPs" % b)
        for a in others:
            assert fabric.fdb_dst(b, vm_mac(a)) == {vtep_ip(a)}
            assert vtep_ip(a) in fabric.fdb_dst(b, "00:00:00:00:00:00")


def test_reflection_attributes(fabric):
    """RFC 4456: ORIGINATOR_ID = the VTEP, CLUSTER_LIST = the RR's
    cluster-id, next hop unchanged (GoBGP shows the attributes)."""
    def attrs():
        fabric.wake_vms()
        for _, paths in fabric.gobgp.rib("evpn").items():
            for p in paths:
                a = {x["type"]: x for x in p.get("attrs", [])}
                if a.get(9, {}).get("value") == vtep_ip(1) and \
                        vm_mac(1) in str(p.get("nlri")):
                    return a
        return None
    a = wait_until(attrs, 30, what="GoBGP has host 1's type-2")
    assert a[10]["value"] == [RR_IP], a
    assert a[14]["nexthop"] == vtep_ip(1), a


def test_vms_ping_across_vxlan(fabric):
    for a in N:
        for b in N:
            if a == b:
                continue
            wait_until(lambda: fabric.topo.run(
                fabric.hosts[a][1], "ping", "-c1", "-W1", vm_ip(b),
                check=False).returncode == 0, 20,
                what="vm%d pings vm%d" % (a, b))


def test_gobgp_routes_reach_frr(fabric):
    gb = fabric.gobgp
    rd, rt = GB_IP + ":100", "%d:100" % AS
    gb.cli("global", "rib", "-a", "evpn", "add", "macadv", GB_MAC, GB_VM,
           "etag", "0", "label", "100", "rd", rd, "rt", rt, "encap",
           "vxlan", "nexthop", GB_IP)
    gb.cli("global", "rib", "-a", "evpn", "add", "multicast", GB_IP,
           "etag", "0", "rd", rd, "rt", rt, "encap", "vxlan", "nexthop",
           GB_IP)
    wait_until(lambda: has_route(fabric.rr.evpn(), 2, GB_MAC, GB_IP) and
               has_route(fabric.rr.evpn(), 3, GB_IP, GB_IP), 20,
               what="the RR has GoBGP's routes")
    for n in N:
        wait_until(lambda: fabric.remote_mac(n, GB_MAC) == GB_IP and
                   GB_IP in fabric.remote_vteps(n), 20,
                   what="host %d imports GoBGP's MAC and VTEP" % n)
        assert fabric.fdb_dst(n, GB_MAC) == {GB_IP}
    # and the FRR VTEPs' routes reach GoBGP
    wait_until(lambda: all(vm_mac(n) in str(fabric.gobgp.rib("evpn"))
                           for n in N), 20, what="GoBGP has the VTEPs' MACs")
    # withdrawal: gone from every VTEP
    gb.cli("global", "rib", "-a", "evpn", "del", "macadv", GB_MAC, GB_VM,
           "etag", "0", "label", "100", "rd", rd)
    for n in N:
        wait_until(lambda: fabric.remote_mac(n, GB_MAC) is None and
                   not fabric.fdb_dst(n, GB_MAC), 20,
                   what="host %d drops GoBGP's MAC" % n)
    assert GB_IP in fabric.remote_vteps(1), "the type-3 stays"


def test_vtep_restart(fabric):
    """Kill host 3's bgpd (by PID): the RR drops the session and
    withdraws host 3's routes from the others; restarted, it comes back
    and its routes are reflected again.  Hosts 1 and 2 stay up."""
    rr, f3 = fabric.rr, fabric.frr[3]
    up = {n: rr.peer(vtep_ip(n), "l2VpnEvpn")["connectionsEstablished"]
          for n in (1, 2)}
    f3.kill_bgpd()
    wait_until(lambda: rr.state(vtep_ip(3), "l2VpnEvpn") != "Established",
               15, what="the RR sees host 3 down")
    for n in (1, 2):
        wait_until(lambda: fabric.remote_mac(n, vm_mac(3)) is None and
                   vtep_ip(3) not in fabric.remote_vteps(n), 20,
                   what="host %d drops host 3's MAC and VTEP" % n)
    f3.start_bgpd()
    wait_until(lambda: rr.state(vtep_ip(3), "l2VpnEvpn") == "Established",
               30, what="host 3 back")

    def back():
        fabric.wake_vms()
        return all(fabric.remote_mac(n, vm_mac(3)) == vtep_ip(3)
                   for n in (1, 2))
    wait_until(back, 30, interval=0.5, what="host 3's MAC reflected again")
    for n in (1, 2):
        p = rr.peer(vtep_ip(n), "l2VpnEvpn")
        assert p["state"] == "Established"
        assert p["connectionsEstablished"] == up[n], "host %d flapped" % n
    assert fabric.topo.run(fabric.hosts[1][1], "ping", "-c1", "-W1",
                           vm_ip(3), check=False).returncode == 0
