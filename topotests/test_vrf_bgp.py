"""`router bgp ASN vrf NAME`: an edge gateway's BGP instance in a tenant
VRF (a kernel table, DESIGN.md section 4) with EBGP to physical routers.

  core (BIRD 2, AS 65000, IBGP) --- gw (evpnd) --- r1 (BIRD 2, AS 65101)
          default instance           |  tenant1 --- r2 (FRR, AS 65102)

gw's VRF tenant1 is table TABLE with `ip rule iif to-rN lookup TABLE`
(no VRF devices on the test kernel); its sessions run over the
namespace's ordinary routing (docs/bgp.md).  r1 peers with TTL security
(GTSM), r2 with TCP MD5.  Over each IPv4 session both routers announce
their own prefix and one common prefix, IPv4 and IPv6 (IPv6 unicast over
the IPv4 session); with `maximum-paths 2` and multipath-relax the common
ones get both routers as next hops in TABLE.  r1 also has an IPv6
multihop session (IPv6 transport, its loopback R1_LO6 two hops away,
`ebgp-multihop 2`) carrying P3_6 only.  The default instance learns
CORE_P from core and installs it in main.  Asserted: the sessions in `show
bgp vrf tenant1 summary json`, the kernel tables (the VRF's routes in
TABLE with the right next hops and not in main, the default's not in
TABLE), `show bgp vrf tenant1 ipv4|ipv6 unicast json`, RFC 8212 (no
outbound route-map: the gateway sends the routers nothing), a ping from
a host behind r1 to one behind r2 (forwarded by TABLE only), `clear bgp
vrf`, `maximum-paths` changed live (no session reset), SIGHUP with the
VRF's table changed (the routes move), and removing
and re-adding the instance live (`no router bgp 65000 vrf tenant1`): its
routes leave TABLE, its sessions go down, the default instance's session
is not reset, and everything comes back.
"""
import json
import os
import signal

import pytest

from lib.daemons import Bird, Evpnd, Frr
from lib.topo import BUILD, Topo, holds_for, sh, wait_until

TABLE = 1001
R1_AS, R2_AS, GW_AS = 65101, 65102, 65000
R1, R2, CORE = "10.1.1.2", "10.1.2.2", "10.0.9.2"
R1_6, R2_6 = "2001:db8:1::2", "2001:db8:2::2"
R1_LO6 = "fd00:ffff::1"         # r1's loopback: the multihop session
P3_6 = "fd00:203::/48"          # only over that one
P1, P2, PC = "10.201.0.0/24", "10.202.0.0/24", "10.200.0.0/24"
P1_6, P2_6, PC_6 = "fd00:201::/48", "fd00:202::/48", "fd00:200::/48"
CORE_P = "10.99.0.0/24"
H1, H2 = "10.201.0.1", "10.202.0.1"     # hosts in P1 (on r1), P2 (on r2)
PW = "vrf-Secret1"

VRF_LINES = [
    "router bgp %d vrf tenant1" % GW_AS,
    " bgp router-id 10.1.1.1",
    " timers bgp 3 9",
    " bgp bestpath as-path multipath-relax",
    " neighbor %s remote-as %d" % (R1, R1_AS),
    " neighbor %s timers connect 2" % R1,
    " neighbor %s ttl-security hops 1" % R1,
    " neighbor %s remote-as %d" % (R2, R2_AS),
    " neighbor %s timers connect 2" % R2,
    " neighbor %s password %s" % (R2, PW),
    " neighbor %s remote-as %d" % (R1_LO6, R1_AS),
    " neighbor %s timers connect 2" % R1_LO6,
    " neighbor %s ebgp-multihop 2" % R1_LO6,
    " address-family ipv4 unicast",
    "  no neighbor %s activate" % R1_LO6,
    "  maximum-paths 2",
    "  neighbor %s route-map IN in" % R1,
    "  neighbor %s route-map IN in" % R2,
    " exit-address-family",
    " address-family ipv6 unicast",
    "  maximum-paths 2",
    "  neighbor %s activate" % R1,
    "  neighbor %s route-map IN in" % R1,
    "  neighbor %s activate" % R2,
    "  neighbor %s route-map IN in" % R2,
    "  neighbor %s activate" % R1_LO6,
    "  neighbor %s route-map IN in" % R1_LO6,
    " exit-address-family",
    "exit",
]

GW_CONF = "\n".join([
    "hostname gw",
    "vrf tenant1",
    " table %d" % TABLE,
    "exit-vrf",
    "router bgp %d" % GW_AS,
    " bgp router-id 10.0.9.1",
    " timers bgp 3 9",
    " neighbor %s remote-as %d" % (CORE, GW_AS),
    " neighbor %s timers connect 2" % CORE,
    "exit",
] + VRF_LINES + ["route-map IN permit 10", "exit", ""])

R1_CONF = """router id {r1};
protocol device {{}}
protocol static s4 {{ ipv4; route {p1} unreachable; route {pc} unreachable; }}
protocol static s6 {{ ipv6; route {p16} unreachable;
                      route {pc6} unreachable; }}
protocol bgp uplink {{
  local {r1} as {asn};
  neighbor 10.1.1.1 as {gw};
  ttl security on;
  hold time 9; keepalive time 3; connect retry time 2;
  ipv4 {{ import all; export where proto = "s4"; }};
  ipv6 {{ import all; export where proto = "s6";
          next hop address {r16}; }};
}}
protocol static s6mh {{ ipv6; route {p36} unreachable; }}
protocol bgp uplink6 {{
  local {lo6} as {asn};
  neighbor 2001:db8:1::1 as {gw};
  multihop 2;
  hold time 9; keepalive time 3; connect retry time 2;
  ipv6 {{ import all; export where proto = "s6mh";
          next hop address {r16}; }};
}}
""".format(r1=R1, r16=R1_6, asn=R1_AS, gw=GW_AS, p1=P1, pc=PC, p16=P1_6,
           pc6=PC_6, lo6=R1_LO6, p36=P3_6)

R2_CONF = """hostname r2
router bgp {asn}
 bgp router-id {r2}
 no bgp ebgp-requires-policy
 no bgp network import-check
 timers bgp 3 9
 neighbor 10.1.2.1 remote-as {gw}
 neighbor 10.1.2.1 timers connect 2
 neighbor 10.1.2.1 password {pw}
 address-family ipv4 unicast
  network {p2}
  network {pc}
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.1.2.1 activate
  network {p26}
  network {pc6}
 exit-address-family
""".format(asn=R2_AS, r2=R2, gw=GW_AS, pw=PW, p2=P2, pc=PC, p26=P2_6,
           pc6=PC_6)

CORE_CONF = """router id {core};
protocol device {{}}
protocol static s4 {{ ipv4; route {pc} unreachable; }}
protocol bgp uplink {{
  local {core} as {gw};
  neighbor 10.0.9.1 as {gw};
  hold time 9; keepalive time 3; connect retry time 2;
  ipv4 {{ import all; export where source = RTS_STATIC; next hop self; }};
}}
""".format(core=CORE, gw=GW_AS, pc=CORE_P)


class Gw:
    def __init__(self, topo):
        self.topo = topo
        self.gwns = gw = topo.ns("vgw")
        r1, r2, core = topo.ns("vr1"), topo.ns("vr2"), topo.ns("vcore")
        for ns, ifn, n in ((r1, "to-r1", 1), (r2, "to-r2", 2)):
            topo.link(gw, ifn, ns, "eth0")
            topo.addr(gw, ifn, "10.1.%d.1/24" % n)
            topo.addr(gw, ifn, "2001:db8:%d::1/64" % n)
            topo.addr(ns, "eth0", "10.1.%d.2/24" % n)
            topo.addr(ns, "eth0", "2001:db8:%d::2/64" % n)
            # the tenant VRF: traffic from the router is routed by TABLE
            for fam in ("-4", "-6"):
                topo.run(gw, "ip", fam, "rule", "add", "iif", ifn,
                         "lookup", str(TABLE))
        # the multihop IPv6 session: r1's loopback, reached through main
        topo.addr(r1, "lo", R1_LO6 + "/128")
        topo.run(gw, "ip", "-6", "route", "add", R1_LO6 + "/128", "via",
                 R1_6)
        # tenant hosts behind the routers, for real traffic
        topo.addr(r1, "lo", H1 + "/32")
        topo.addr(r2, "lo", H2 + "/32")
        topo.route(r1, P2, "via", "10.1.1.1")
        topo.route(r2, P1, "via", "10.1.2.1")
        topo.link(gw, "to-core", core, "eth0")
        topo.addr(gw, "to-core", "10.0.9.1/24")
        topo.addr(core, "eth0", "10.0.9.2/24")
        self.gw = Evpnd(topo, gw, "evpnd", GW_CONF)
        self.r1 = Bird(topo, r1, "r1", R1_CONF)
        self.r2 = Frr(topo, r2, "r2", R2_CONF)
        self.core = Bird(topo, core, "core", CORE_CONF)

    # -- evpnd views ------------------------------------------------------
    def vrf_summary(self):
        return self.gw.json("show bgp vrf tenant1 summary json")

    def vrf_state(self, addr, af="ipv4Unicast"):
        return self.vrf_summary().get(af, {}).get("peers", {}).get(
            addr, {}).get("state")

    def vrf_routes(self, afi="ipv4"):
        return self.gw.json("show bgp vrf tenant1 %s unicast json"
                            % afi).get("routes", {})

    def cli_err(self, cmd):
        """(rc, stdout + stderr) of one evpnsh command."""
        r = sh(os.path.join(BUILD, "evpnsh"), "-S", self.gw.sock, "-c", cmd,
               check=False)
        return r.returncode, r.stdout + r.stderr

    def core_peer(self):
        return self.gw.peer(CORE)

    # -- the kernel -------------------------------------------------------
    def kroutes(self, table, fam="-4"):
        """{dst: sorted next hops} of the table (ip -j route)."""
        out = self.topo.run(self.gwns, "ip", "-j", fam, "route", "show",
                            "table", str(table)).stdout
        r = {}
        for e in json.loads(out or "[]"):
            if "nexthops" in e:
                nh = [h.get("gateway") for h in e["nexthops"]]
            else:
                nh = [e.get("gateway")]
            r[e["dst"]] = sorted(x for x in nh if x)
        return r

    def bgp_kroutes(self, table, fam="-4"):
        """Only evpnd's (proto 186, docs/bgp.md)."""
        out = self.topo.run(self.gwns, "ip", "-j", fam, "route", "show",
                            "table", str(table), "proto", "186").stdout
        return [e["dst"] for e in json.loads(out or "[]")]


def r1_state(g, proto="uplink"):
    out = g.r1.protocol(proto)
    return "Established" if "BGP state:          Established" in out \
        else "down"


def up(g):
    wait_until(lambda: g.vrf_state(R1) == "Established", 60,
               what="r1 (BIRD, GTSM) Established in vrf tenant1")
    wait_until(lambda: g.vrf_state(R2) == "Established", 60,
               what="r2 (FRR, MD5) Established in vrf tenant1")
    wait_until(lambda: g.vrf_state(R1_LO6, "ipv6Unicast") ==
               "Established", 60,
               what="r1's multihop IPv6 session Established in tenant1")
    wait_until(lambda: g.core_peer().get("state") == "Established", 60,
               what="core Established in the default instance")


def converged(g):
    want4 = {P1: [R1], P2: [R2], PC: sorted([R1, R2])}
    want6 = {P1_6: [R1_6], P2_6: [R2_6], PC_6: sorted([R1_6, R2_6]),
             P3_6: [R1_6]}

    def ok():
        k4, k6 = g.kroutes(TABLE), g.kroutes(TABLE, "-6")
        for want, k in ((want4, k4), (want6, k6)):
            for p, nh in want.items():
                assert k.get(p) == nh, (p, k.get(p), nh)
        return True
    wait_until(ok, 30, what="the VRF's routes in table %d" % TABLE)


@pytest.fixture(scope="module")
def gwt(request):
    t = Topo("vrf")
    request.addfinalizer(t.close)
    g = Gw(t)
    up(g)
    return g


def test_sessions_established(gwt):
    s = gwt.vrf_summary()
    v4 = s["ipv4Unicast"]
    assert v4["vrfName"] == "tenant1"
    assert v4["as"] == GW_AS
    assert v4["peers"][R1]["remoteAs"] == R1_AS
    assert v4["peers"][R2]["remoteAs"] == R2_AS
    assert s["ipv6Unicast"]["peers"][R2]["state"] == "Established"
    # IPv6 transport, multihop: IPv6 unicast only
    assert s["ipv6Unicast"]["peers"][R1_LO6]["remoteAs"] == R1_AS
    assert R1_LO6 not in v4["peers"]
    # the VRF's peers are not the default instance's, and vice versa
    d = gwt.gw.json("show bgp summary json")["ipv4Unicast"]
    assert d["vrfName"] == "default"
    assert set(d["peers"]) == {CORE}
    assert set(s["ipv6Unicast"]["peers"]) == {R1, R2, R1_LO6}
    a = gwt.gw.json("show bgp vrf all summary json")
    assert set(a) == {"default", "tenant1"}
    assert set(a["tenant1"]["ipv6Unicast"]["peers"]) == {R1, R2, R1_LO6}
    n = gwt.gw.json("show bgp vrf tenant1 neighbors %s json" % R2)
    assert n[R2]["bgpState"] == "Established"
    # the routers' own view
    wait_until(lambda: r1_state(gwt) == "Established", 20)
    assert gwt.r2.state("10.1.2.1") == "Established"


def test_routes_in_vrf_table(gwt):
    converged(gwt)
    main4, main6 = gwt.kroutes("main"), gwt.kroutes("main", "-6")
    for p in (P1, P2, PC):
        assert p not in main4, (p, main4)
    for p in (P1_6, P2_6, PC_6):
        assert p not in main6, (p, main6)
    # the default instance installs into main, not into the VRF
    wait_until(lambda: gwt.kroutes("main").get(CORE_P) == [CORE], 30,
               what="%s in main" % CORE_P)
    assert CORE_P not in gwt.kroutes(TABLE)
    assert sorted(gwt.bgp_kroutes(TABLE)) == sorted([P1, P2, PC])


def test_show_vrf_rib(gwt):
    converged(gwt)
    doc = gwt.gw.json("show bgp vrf tenant1 ipv4 unicast json")
    assert doc["vrfName"] == "tenant1"
    r = doc["routes"]
    assert set(r) == {P1, P2, PC}
    assert r[P1][0]["peerId"] == R1 and r[P1][0]["path"] == str(R1_AS)
    assert r[P2][0]["peerId"] == R2 and r[P2][0]["path"] == str(R2_AS)
    assert sorted(p["peerId"] for p in r[PC]) == sorted([R1, R2])
    assert sum(1 for p in r[PC] if p.get("bestpath")) == 1
    r6 = gwt.vrf_routes("ipv6")
    assert set(r6) == {P1_6, P2_6, PC_6, P3_6}
    assert r6[P1_6][0]["nexthops"][0]["ip"] == R1_6
    assert r6[P3_6][0]["peerId"] == R1_LO6
    # one prefix
    one = gwt.gw.json("show bgp vrf tenant1 ipv4 unicast %s json" % P1)
    assert P1 in json.dumps(one)
    # the default instance's table has none of them
    assert not set(gwt.gw.routes()) & {P1, P2, PC}
    assert CORE_P not in r
    # an unknown VRF is an error, not the default's table
    rc, out = gwt.cli_err("show bgp vrf nope ipv4 unicast json")
    assert rc != 0 and "not found" in out, (rc, out)


def test_rfc8212_sends_nothing(gwt):
    """No outbound route-map on the EBGP neighbors: nothing goes out,
    not even what the other router sent (RFC 8212 section 3)."""
    converged(gwt)
    s = gwt.vrf_summary()["ipv4Unicast"]["peers"]
    assert s[R1]["pfxSnt"] == 0 and s[R2]["pfxSnt"] == 0
    holds_for(lambda: gwt.r1.route(P2) is None and
              gwt.r1.route(CORE_P) is None and
              not gwt.r2.has(P1) and not gwt.r2.has(CORE_P), 3)
    # and the default instance's IBGP peer gets nothing of the VRF's
    assert gwt.core.route(P1) is None and gwt.core.route(PC) is None


def test_tenant_traffic(gwt):
    """A host behind r1 reaches one behind r2 through the gateway: the
    packets arrive on the VRF's interfaces, so TABLE forwards them (main
    has no route to P1 or P2)."""
    converged(gwt)
    wait_until(lambda: gwt.topo.run(gwt.r1.ns, "ping", "-c1", "-W1", "-I",
                                    H1, H2, check=False).returncode == 0,
               20, what="ping %s -> %s through tenant1" % (H1, H2))
    # and the gateway itself (main) has no route there
    r = gwt.topo.run(gwt.gwns, "ip", "route", "get", H2, check=False)
    assert "10.1.2.2" not in r.stdout, r.stdout


def test_sighup_table_change(gwt):
    """SIGHUP with the VRF's table changed: the instance moves its routes
    to the new table; the default instance's session is not reset."""
    converged(gwt)
    est = gwt.core_peer()["connectionsEstablished"]
    new = TABLE + 1
    try:
        gwt.topo.write("evpnd.conf", GW_CONF.replace(
            " table %d" % TABLE, " table %d" % new))
        gwt.gw.proc.popen.send_signal(signal.SIGHUP)
        wait_until(lambda: sorted(gwt.bgp_kroutes(new)) ==
                   sorted([P1, P2, PC]) and gwt.bgp_kroutes(TABLE) == [],
                   40, what="the VRF's routes move to table %d" % new)
    finally:
        gwt.topo.write("evpnd.conf", GW_CONF)
        gwt.gw.proc.popen.send_signal(signal.SIGHUP)
    up(gwt)
    converged(gwt)
    assert gwt.bgp_kroutes(new) == []
    assert gwt.core_peer()["connectionsEstablished"] == est


def test_reconfigure_inside_vrf(gwt):
    """`maximum-paths 1` in the VRF instance, live: the ECMP route shrinks
    to one next hop, no session anywhere is reset; 2 again restores it."""
    converged(gwt)

    def drops():
        v = gwt.vrf_summary()["ipv4Unicast"]["peers"]
        return (v[R1]["connectionsDropped"], v[R2]["connectionsDropped"],
                gwt.core_peer()["connectionsDropped"])
    before = drops()
    vrf_af = ["router bgp %d vrf tenant1" % GW_AS,
              " address-family ipv4 unicast"]
    gwt.gw.configure(*vrf_af, "  maximum-paths 1")
    wait_until(lambda: len(gwt.kroutes(TABLE).get(PC, [])) == 1, 20,
               what="%s on one next hop" % PC)
    assert len(gwt.kroutes(TABLE, "-6").get(PC_6, [])) == 2
    gwt.gw.configure(*vrf_af, "  maximum-paths 2")
    converged(gwt)
    assert drops() == before


def test_clear_vrf(gwt):
    """clear bgp vrf tenant1 ADDR resets that session only."""
    up(gwt)
    peers = gwt.vrf_summary()["ipv4Unicast"]["peers"]
    d1, d2 = peers[R1]["connectionsDropped"], peers[R2]["connectionsDropped"]
    core = gwt.core_peer()["connectionsDropped"]
    gwt.gw.cli("clear bgp vrf tenant1 %s" % R2)
    wait_until(lambda: gwt.vrf_summary()["ipv4Unicast"]["peers"][R2][
        "connectionsDropped"] == d2 + 1, 20, what="r2's session reset")
    up(gwt)
    assert gwt.vrf_summary()["ipv4Unicast"]["peers"][R1][
        "connectionsDropped"] == d1
    assert gwt.core_peer()["connectionsDropped"] == core
    rc, out = gwt.cli_err("clear bgp vrf nope *")
    assert rc != 0 and "not found" in out, (rc, out)
    converged(gwt)


def test_remove_and_readd_instance(gwt):
    converged(gwt)
    before = gwt.core_peer()
    est = before["connectionsEstablished"]
    gwt.gw.cli("configure terminal",
               "no router bgp %d vrf tenant1" % GW_AS, "end")
    wait_until(lambda: gwt.bgp_kroutes(TABLE) == [] and
               gwt.bgp_kroutes(TABLE, "-6") == [], 20,
               what="the VRF's routes leave table %d" % TABLE)
    assert gwt.kroutes(TABLE) == {}
    rc, out = gwt.cli_err("show bgp vrf tenant1 summary json")
    assert rc != 0 and "not found" in out, (rc, out)
    assert "router bgp %d vrf tenant1" % GW_AS not in gwt.gw.cli(
        "show running-config")
    wait_until(lambda: gwt.r2.state("10.1.2.1") != "Established", 20,
               what="r2's session down")
    wait_until(lambda: r1_state(gwt) != "Established", 20,
               what="r1's session down")
    wait_until(lambda: r1_state(gwt, "uplink6") != "Established", 20,
               what="r1's multihop session down")
    # the default instance was not touched
    holds_for(lambda: gwt.core_peer().get("state") == "Established", 2)
    assert gwt.core_peer()["connectionsEstablished"] == est
    assert gwt.kroutes("main").get(CORE_P) == [CORE]
    # back, live
    gwt.gw.cli("configure terminal", *VRF_LINES, "end")
    up(gwt)
    converged(gwt)
    assert gwt.core_peer()["connectionsEstablished"] == est

