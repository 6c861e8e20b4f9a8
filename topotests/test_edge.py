"""Edge gateways: EBGP to physical routers inside a tenant VRF, the VRF's
prefixes to and from EVPN (docs/evpn.md "Edge gateway").

  vm1 - h1 (VTEP, VNI 100) \\                 / h3 (gateway) - r1 (BIRD 2)
                             rr (evpnd RR) ---                  X
  vm2 - h2 (VTEP, VNI 200) /                 \\ h4 (gateway) - r2 (FRR)

Host 5 is a spare VTEP of VNI 100 (with a VM of its own) that VM 1
moves to.  Every host has the tenant VRF tenant1 (table 1000, L3VNI
1000, lib/irb.py) and peers IBGP with the evpnd route reflector in l2vpn
evpn.  The two
gateways h3 and h4 have no L2 VNI; each runs `router bgp 65000 vrf
tenant1` with EBGP to both routers (r1 AS 65101 BIRD, r2 AS 65102 FRR, a
/24 per gateway-router link, `ip rule iif to-rN lookup 1000`), an
outbound route-map permitting the tenant's 192.168.0.0/16 (RFC 8212:
nothing without it), `advertise ipv4 unicast` (type-5 export of what the
routers advertise) and `default-originate ipv4`.  Behind each router an
"outside" prefix: OUT1 (r1, host 10.91.0.1), OUT2 (r2, host 10.92.0.1).
Asserted: the VTEPs' tables hold OUT1, OUT2 and the default route via
both gateways (ECMP type-5); each router's RIB and kernel hold the tenant
subnets and VM host routes via both gateways (ECMP); the VMs ping the
hosts behind both routers; VM 1's host route follows it to host 5; the
gateways' VRF instance shows the fabric's
prefixes as local paths and keeps the routers' routes (not its EVPN
imports) in its kernel table; with no outbound policy (RFC 8212) a
router gets nothing from that gateway; with `aggregate-address
192.168.0.0/16 summary-only` the routers see the aggregate only; a
gateway's VRF instance removed live (its routers' and its type-5 routes
go, it reaches the outside through the other gateway's type-5) and
added back (everything returns); after SIGTERM to one gateway (by PID)
the pings keep working through the other and the routers withdraw its
routes.  IPv6: BIRD also peers over IPv6 with both gateways (`address-
family ipv6 unicast`, `advertise ipv6 unicast`, `default-originate
ipv6`): its fd91::/64 and ::/0 reach every VTEP as IPv6 type-5 routes
via both gateways (::ffff:VTEP next hops over the IPv4 underlay).
"""
import json
import re

import pytest

from lib.daemons import Bird, Evpnd, Frr
from lib.irb import TABLE, VRF, conf, gw, irb_host, vm_ip
from lib.topo import Topo, wait_until
from lib.vtep import AS, RR_IP, rr_conf, rr_ns, vtep_ip

VTEPS = (1, 2)
GWS = (3, 4)
SPARE = 5               # a VTEP of VNI 100 that VM 1 moves to
VNI_OF = {1: 100, 2: 200, SPARE: 100}
R_AS = {1: 65101, 2: 65102}
OUT = {1: "10.91.0.0/24", 2: "10.92.0.0/24"}
OUT_HOST = {1: "10.91.0.1", 2: "10.92.0.1"}
TENANT = "192.168.0.0/16"


def gw_addr(g, r):
    return "172.16.%d%d.1" % (g, r)


def r_addr(g, r):
    return "172.16.%d%d.2" % (g, r)


# IPv6 between the gateways and BIRD (r1): OUT6 behind it, exported to
# the fabric as IPv6 type-5 routes (reached via ::ffff:GATEWAY-VTEP)
OUT6 = "fd91::/64"


def gw_addr6(g):
    return "fd16:%d1::1" % g


def r_addr6(g):
    return "fd16:%d1::2" % g


def gw_conf(g):
    """The gateway: the VTEP's config (lib/irb.py) without its VRF
    instance, then the VRF instance with the routers."""
    base = conf(g, RR_IP).split("router bgp %d vrf" % AS)[0]
    return base + "\n".join(vrf_lines(g) + [
        "ip prefix-list TENANT seq 5 permit %s le 32" % TENANT,
        "route-map IN permit 10",
        "exit",
        "route-map OUT permit 10",
        " match ip address prefix-list TENANT",
        "exit", ""])


def vrf_lines(g):
    """`router bgp 65000 vrf tenant1` of gateway g."""
    lines = ["router bgp %d vrf %s" % (AS, VRF),
             " bgp router-id " + gw_addr(g, 1),
             " timers bgp 3 9"]
    for r in (1, 2):
        lines += [" neighbor %s remote-as %d" % (r_addr(g, r), R_AS[r]),
                  " neighbor %s timers connect 2" % r_addr(g, r)]
    lines += [" neighbor %s remote-as %d" % (r_addr6(g), R_AS[1]),
              " neighbor %s timers connect 2" % r_addr6(g)]
    lines.append(" address-family ipv4 unicast")
    for r in (1, 2):
        lines += ["  neighbor %s route-map IN in" % r_addr(g, r),
                  "  neighbor %s route-map OUT out" % r_addr(g, r)]
    lines += ["  no neighbor %s activate" % r_addr6(g),
              " exit-address-family",
              " address-family ipv6 unicast",
              "  neighbor %s activate" % r_addr6(g),
              "  neighbor %s route-map IN in" % r_addr6(g),
              " exit-address-family",
              " address-family l2vpn evpn",
              "  advertise ipv4 unicast",
              "  advertise ipv6 unicast",
              "  default-originate ipv4",
              "  default-originate ipv6",
              " exit-address-family",
              "exit"]
    return lines


def bird_conf():
    nbrs = "".join("""
protocol bgp gw{g} {{
  local {me} as {asn};
  neighbor {gwa} as {fab};
  hold time 9; keepalive time 3; connect retry time 2;
  ipv4 {{ import all; export where proto = "s4"; }};
}}
protocol bgp gw{g}v6 {{
  local {me6} as {asn};
  neighbor {gwa6} as {fab};
  hold time 9; keepalive time 3; connect retry time 2;
  ipv6 {{ import all; export where proto = "s6"; }};
}}
""".format(g=g, me=r_addr(g, 1), asn=R_AS[1], gwa=gw_addr(g, 1), fab=AS,
           me6=r_addr6(g), gwa6=gw_addr6(g))
                   for g in GWS)
    return """router id {rid};
protocol device {{}}
protocol kernel {{ ipv4 {{ export where source = RTS_BGP; }};
                   merge paths yes; }}
protocol static s4 {{ ipv4; route {out} unreachable; }}
protocol static s6 {{ ipv6; route {out6} unreachable; }}
""".format(rid=r_addr(3, 1), out=OUT[1], out6=OUT6) + nbrs


def frr_conf():
    lines = ["hostname r2", "router bgp %d" % R_AS[2],
             " bgp router-id " + r_addr(3, 2),
             " no bgp ebgp-requires-policy",
             " no bgp network import-check", " timers bgp 3 9"]
    for g in GWS:
        lines += [" neighbor %s remote-as %d" % (gw_addr(g, 2), AS),
                  " neighbor %s timers connect 2" % gw_addr(g, 2)]
    lines += [" address-family ipv4 unicast", "  network " + OUT[2],
              "  maximum-paths 4", " exit-address-family", ""]
    return "\n".join(lines)


def no_rp_filter(topo, ns):
    topo.run(ns, "sh", "-c", "for f in /proc/sys/net/ipv4/conf/*/rp_filter;"
             " do echo 0 > $f; done")


def ktable(topo, ns, table=None, v6=False):
    """{dst: sorted next hops} of `ip -j route` (main or table)."""
    args = ["ip", "-6" if v6 else "-4", "-j", "route", "show"]
    if table:
        args += ["table", str(table)]
    out = topo.run(ns, *args).stdout
    r = {}
    for e in json.loads(out or "[]"):
        hops = e.get("nexthops", [e])
        r[e["dst"]] = sorted(h.get("gateway") for h in hops
                             if h.get("gateway"))
    return r


def ping(topo, ns, ip, count=2):
    return topo.run(ns, "ping", "-c", str(count), "-i", "0.2", "-W", "1",
                    ip, check=False).returncode == 0


class Edge:
    def __init__(self, topo):
        self.topo = topo
        rr = rr_ns(topo)
        self.h, self.vm = {}, {}
        for n in VTEPS + GWS + (SPARE,):
            self.h[n], self.vm[n] = irb_host(topo, rr, n, VNI_OF.get(n))
        self.r = {1: topo.ns("r1"), 2: topo.ns("r2")}
        for g in GWS:
            for r in (1, 2):
                topo.link(self.h[g], "to-r%d" % r, self.r[r], "gw%d" % g)
                topo.addr(self.h[g], "to-r%d" % r, gw_addr(g, r) + "/24")
                topo.addr(self.r[r], "gw%d" % g, r_addr(g, r) + "/24")
                topo.run(self.h[g], "ip", "rule", "add", "iif",
                         "to-r%d" % r, "lookup", str(TABLE))
            topo.addr(self.h[g], "to-r1", gw_addr6(g) + "/64")
            topo.addr(self.r[1], "gw%d" % g, r_addr6(g) + "/64")
        for r in (1, 2):
            topo.addr(self.r[r], "lo", OUT_HOST[r] + "/32")
        for ns in list(self.h.values()) + list(self.r.values()):
            no_rp_filter(topo, ns)
        self.rrd = Evpnd(topo, rr, "evpnd-rr",
                         rr_conf(VTEPS + GWS + (SPARE,)))
        self.d = {n: Evpnd(topo, self.h[n], "evpnd%d" % n, conf(n))
                  for n in VTEPS + (SPARE,)}
        for g in GWS:
            self.d[g] = Evpnd(topo, self.h[g], "evpnd%d" % g, gw_conf(g))
        self.bird = Bird(topo, self.r[1], "r1", bird_conf())
        self.frr = Frr(topo, self.r[2], "r2", frr_conf())

    # -- the routers' views ---------------------------------------------
    def bird_nh(self, prefix):
        """The BGP next hops BIRD has for prefix (every path)."""
        out = self.bird.cli("show", "route", "for", prefix, "table",
                            "master4", check=False) or ""
        if prefix not in out:
            return []
        return sorted(set(re.findall(r"via (\S+)", out)))

    def frr_nh(self, prefix):
        """The next hops of FRR's selected route for prefix."""
        j = self.frr.json("show ip route json")
        for e in j.get(prefix, []):
            if e.get("selected"):
                return sorted(h.get("ip") for h in e.get("nexthops", [])
                              if h.get("ip") and h.get("active"))
        return []

    def move_vm1(self, to):
        """VM 1 (namespace, MAC, IP) from its host to host `to`."""
        t, vm = self.topo, self.vm[1]
        mac = t.run(vm, "cat", "/sys/class/net/eth0/address").stdout.strip()
        t.run(self.h[1], "ip", "link", "del", "vm")
        t.link(self.h[to], "mv1", vm, "eth0", mtu=1400)
        t.run(self.h[to], "ip", "link", "set", "mv1", "master", "br100")
        t.run(vm, "ip", "link", "set", "eth0", "down")
        t.run(vm, "ip", "link", "set", "eth0", "address", mac)
        t.run(vm, "ip", "link", "set", "eth0", "up")
        t.addr(vm, "eth0", vm_ip(1, 100) + "/24")
        t.route(vm, "default", "via", gw(100))

    def router_nh(self, r, prefix):
        return self.bird_nh(prefix) if r == 1 else self.frr_nh(prefix)

    def frr_prefixes(self):
        return set(self.frr.json("show ip route json"))

    def vrf_peer(self, g, r):
        s = self.d[g].json("show bgp vrf %s summary json" % VRF)
        return s.get("ipv4Unicast", {}).get("peers", {}).get(
            r_addr(g, r), {})


@pytest.fixture(scope="module")
def edge():
    topo = Topo("edge")
    try:
        yield Edge(topo)
    except Exception:
        print(topo.dump_logs())
        raise
    finally:
        topo.close()


def both_gws(r):
    return sorted(gw_addr(g, r) for g in GWS)


def test_sessions_up(edge):
    for g in GWS:
        for r in (1, 2):
            wait_until(lambda: edge.vrf_peer(g, r).get("state") ==
                       "Established", 60,
                       what="gateway %d - router %d Established" % (g, r))


def test_vteps_get_outside_ecmp(edge):
    """Type-5 routes of both gateways: OUT1, OUT2 and the default route
    via both in every VTEP's VRF table."""
    want = sorted(vtep_ip(g) for g in GWS)

    def ok():
        for n in VTEPS:
            t = ktable(edge.topo, edge.h[n], TABLE)
            for p in (OUT[1], OUT[2], "default"):
                assert t.get(p) == want, (n, p, t.get(p))
        return True
    wait_until(ok, 60, interval=1, what="outside prefixes via both gateways")
    j = edge.d[1].json("show bgp l2vpn evpn route type prefix json")
    keys = [k for rd in j.values() if isinstance(rd, dict) for k in rd]
    assert any("[5]:[0]:[24]:[10.91.0.0]" in k for k in keys), keys
    assert any("[5]:[0]:[0]:[0.0.0.0]" in k for k in keys), keys


def test_vteps_get_outside_v6(edge):
    """IPv6 from BIRD: its OUT6 and the gateways' ::/0 (default-originate
    ipv6) as IPv6 type-5 routes, in every VTEP's VRF table via both
    gateways' IPv4 VTEP addresses as ::ffff:A.B.C.D."""
    want = sorted("::ffff:" + vtep_ip(g) for g in GWS)

    def ok():
        for n in VTEPS:
            t = ktable(edge.topo, edge.h[n], TABLE, v6=True)
            for p in (OUT6, "default"):
                assert t.get(p) == want, (n, p, t)
        return True
    wait_until(ok, 60, interval=1, what="IPv6 outside via both gateways")
    for g in GWS:
        assert OUT6 in edge.d[g].cli("show bgp vrf %s ipv6 unicast" % VRF)


def test_routers_get_tenant_ecmp(edge):
    """The VTEPs' subnets (their type-5) and the VMs' host routes (their
    type-2) reach both routers via both gateways."""
    for n in VTEPS:     # the VTEPs learn their VMs: type-2 MAC/IP
        wait_until(lambda: ping(edge.topo, edge.vm[n], gw(VNI_OF[n]), 1),
                   20, what="VM %d pings its gateway" % n)
    want = ["192.168.100.0/24", "192.168.200.0/24", vm_ip(1, 100) + "/32",
            vm_ip(2, 200) + "/32"]

    def ok():
        for r in (1, 2):
            for p in want:
                assert edge.router_nh(r, p) == both_gws(r), \
                    (r, p, edge.router_nh(r, p))
        return True
    wait_until(ok, 60, interval=1, what="tenant prefixes on both routers")
    # BIRD's kernel: ECMP through both gateways
    k = ktable(edge.topo, edge.r[1])
    assert k.get("192.168.100.0/24") == both_gws(1), k
    # only the tenant's prefixes pass OUT: no link subnet of the other
    # router (a type-5 of the gateways), no default route
    assert "0.0.0.0/0" not in edge.frr_prefixes()
    assert "172.16.31.0/24" not in edge.frr_prefixes()


def test_gateway_vrf_instance(edge):
    """The gateway's VRF instance: the fabric's prefixes as local paths;
    the routers' routes (not the other gateway's type-5) in its table."""
    d = edge.d[3]
    routes = d.json("show bgp vrf %s ipv4 unicast json" % VRF)["routes"]
    # FRR's view of imported EVPN paths: next hop the VTEP, weight 0
    ev = routes["192.168.100.0/24"][0]
    assert ev["nexthops"][0]["ip"] == vtep_ip(1), ev
    assert ev["weight"] == 0 and ev["origin"] == "incomplete", ev
    assert [p for p in routes[vm_ip(2, 200) + "/32"]
            if p["nexthops"][0]["ip"] == vtep_ip(2)], routes
    best = [p for p in routes[OUT[1]] if p.get("bestpath")]
    assert best and best[0].get("nexthops", [{}])[0].get("ip") == \
        r_addr(3, 1), routes[OUT[1]]
    t = ktable(edge.topo, edge.h[3], TABLE)
    assert t.get(OUT[1]) == [r_addr(3, 1)], t
    assert t.get(OUT[2]) == [r_addr(3, 2)], t
    assert t.get(vm_ip(1, 100)) == [vtep_ip(1)], t


def test_vms_ping_outside(edge):
    for n in VTEPS:
        for r in (1, 2):
            wait_until(lambda: ping(edge.topo, edge.vm[n], OUT_HOST[r]), 30,
                       what="VM %d pings the host behind router %d" % (n, r))


def test_host_route_follows_vm(edge):
    """VM 1 moves to host 5 (same VNI): its type-2 route moves (MAC
    Mobility), so the gateways' host route and their VRF instance's path
    for it follow, and the routers keep reaching it."""
    edge.move_vm1(SPARE)
    host = vm_ip(1, 100) + "/32"
    wait_until(lambda: ping(edge.topo, edge.vm[1], gw(100), 1) and all(
        ktable(edge.topo, edge.h[g], TABLE).get(vm_ip(1, 100)) ==
        [vtep_ip(SPARE)] for g in GWS), 30, interval=0.5,
        what="the gateways' host route for VM 1 via host 5")
    for g in GWS:
        routes = edge.d[g].json("show bgp vrf %s ipv4 unicast json"
                                % VRF)["routes"]
        assert [p for p in routes[host] if p.get("bestpath") and
                p["nexthops"][0]["ip"] == vtep_ip(SPARE)], routes[host]
    for r in (1, 2):
        assert edge.router_nh(r, host) == both_gws(r)
        wait_until(lambda: ping(edge.topo, edge.vm[1], OUT_HOST[r]), 20,
                   what="VM 1 at host 5 pings router %d's host" % r)


def test_rfc8212_no_policy(edge):
    """Without an outbound route-map (RFC 8212) gateway 4 sends r2
    nothing; back with it."""
    p = "192.168.100.0/24"
    af = ["router bgp %d vrf %s" % (AS, VRF), " address-family ipv4 unicast"]
    edge.d[4].configure(*af, "  no neighbor %s route-map OUT out" %
                        r_addr(4, 2))
    wait_until(lambda: edge.frr_nh(p) == [gw_addr(3, 2)], 30,
               what="r2 has the tenant subnet via gateway 3 only")
    assert edge.bird_nh(p) == both_gws(1)
    edge.d[4].configure(*af, "  neighbor %s route-map OUT out" %
                        r_addr(4, 2))
    wait_until(lambda: edge.frr_nh(p) == both_gws(2), 30,
               what="r2 has it via both gateways again")


def test_aggregate_summary_only(edge):
    """aggregate-address 192.168.0.0/16 summary-only on both gateways:
    the routers see the aggregate, not the more specifics."""
    af = ["router bgp %d vrf %s" % (AS, VRF), " address-family ipv4 unicast"]
    for g in GWS:
        edge.d[g].configure(*af, "  aggregate-address %s summary-only"
                            % TENANT)

    def ok():
        for r in (1, 2):
            assert edge.router_nh(r, TENANT) == both_gws(r), \
                (r, edge.router_nh(r, TENANT))
            for p in ("192.168.100.0/24", vm_ip(1, 100) + "/32"):
                assert edge.router_nh(r, p) == [], (r, p)
        return True
    wait_until(ok, 30, interval=1, what="only the aggregate on the routers")
    for n in VTEPS:
        assert ping(edge.topo, edge.vm[n], OUT_HOST[1])
    for g in GWS:
        edge.d[g].configure(*af, "  no aggregate-address %s summary-only"
                            % TENANT)
    wait_until(lambda: edge.frr_nh("192.168.100.0/24") == both_gws(2) and
               edge.frr_nh(TENANT) == [], 30,
               what="the more specifics back, the aggregate gone")


def test_vrf_instance_removed_and_back(edge):
    """`no router bgp 65000 vrf tenant1` on gateway 4: its type-5 routes
    and its routers' routes go (the VTEPs keep gateway 3); added back
    live, the fabric's prefixes are handed to the new instance again."""
    edge.d[4].configure("no router bgp %d vrf %s" % (AS, VRF))
    wait_until(lambda: ktable(edge.topo, edge.h[1], TABLE).get(OUT[1]) ==
               [vtep_ip(3)], 20, what="VTEP 1: OUT1 via gateway 3 only")
    wait_until(lambda: edge.frr_nh("192.168.100.0/24") == [gw_addr(3, 2)],
               30, what="r2: the tenant subnet via gateway 3 only")
    # gateway 4 reaches the outside through gateway 3's type-5 now
    wait_until(lambda: ktable(edge.topo, edge.h[4], TABLE).get(OUT[1]) ==
               [vtep_ip(3)], 20, what="gateway 4: OUT1 via gateway 3")
    edge.d[4].configure(*vrf_lines(4))
    wait_until(lambda: edge.frr_nh("192.168.100.0/24") == both_gws(2) and
               edge.bird_nh(vm_ip(1, 100) + "/32") == both_gws(1), 60,
               interval=1, what="both routers via both gateways again")
    wait_until(lambda: ktable(edge.topo, edge.h[4], TABLE).get(OUT[1]) ==
               [r_addr(4, 1)], 30, what="gateway 4: OUT1 via r1 again")
    wait_until(lambda: ktable(edge.topo, edge.h[1], TABLE).get(OUT[1]) ==
               sorted(vtep_ip(g) for g in GWS), 30,
               what="VTEP 1: OUT1 via both gateways again")


def test_gateway_down(edge):
    """SIGTERM to gateway 3: the VMs keep reaching both outside hosts
    through gateway 4 within the hold time; the routers and the VTEPs
    drop gateway 3."""
    edge.d[3].proc.stop()
    for r in (1, 2):
        wait_until(lambda: edge.router_nh(r, "192.168.100.0/24") ==
                   [gw_addr(4, r)], 15,
                   what="router %d withdraws gateway 3's routes" % r)
    wait_until(lambda: ktable(edge.topo, edge.h[1], TABLE).get(OUT[1]) ==
               [vtep_ip(4)], 15, what="VTEP 1: OUT1 via gateway 4 only")
    for n in VTEPS:
        for r in (1, 2):
            wait_until(lambda: ping(edge.topo, edge.vm[n], OUT_HOST[r]), 9,
                       what="VM %d still pings router %d's host" % (n, r))
