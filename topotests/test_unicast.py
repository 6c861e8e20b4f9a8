"""evpnd <-> FRR, GoBGP, BIRD 2, OpenBGPD: IPv4/IPv6 unicast.

One topology for the module: evpnd (AS 4200000001, 4-octet) in "dut",
one namespace per peer on its own veth (10.0.N.0/24, 2001:db8:N::/64):

  1 frr-i   FRR      AS 4200000001  IBGP
  2 frr-e   FRR      AS 4200000002  EBGP, 4-octet AS
  3 gobgp   GoBGP    AS 4200000001  IBGP
  4 bird    BIRD 2   AS 65004       EBGP, 2-octet AS
  5 obgpd   OpenBGPD AS 65005       EBGP, 2-octet AS; IPv6 unicast over
                                    an IPv6 session (lib/peers.py says why)
  6 frr-np  FRR      AS 65006       EBGP without route-maps on evpnd
  7 exabgp  ExaBGP   AS 65007       EBGP

Each peer N originates 10.N.0.0/24 and fd00:N::/48 from its config;
evpnd originates 10.100.0.0/24 and fd00:100::/48 with `network`.
"""
import pytest

from lib.daemons import Evpnd
from lib.peers import (DUT_AS, BirdPeer, ExaBgpPeer, FrrPeer, GoBgpPeer,
                       OpenBgpdPeer)
from lib.topo import Topo, holds_for, wait_until

D4, D6 = "10.100.0.0/24", "fd00:100::/48"
PEERS = [(1, FrrPeer, DUT_AS, "frr-i"),
         (2, FrrPeer, 4200000002, "frr-e"),
         (3, GoBgpPeer, DUT_AS, "gobgp"),
         (4, BirdPeer, 65004, "bird"),
         (5, OpenBgpdPeer, 65005, "obgpd"),
         (7, ExaBgpPeer, 65007, "exabgp")]
NOPOLICY = 6
IDS = [p[3] for p in PEERS]


V6_SESSION = {OpenBgpdPeer}


def dut_conf(peers):
    nbr, af4, af6 = [], [], []
    for idx, cls, asn, _ in peers + [(NOPOLICY, None, 65006, None)]:
        a = "10.0.%d.2" % idx
        a6 = "2001:db8:%d::2" % idx if cls in V6_SESSION else a
        nbr += [" neighbor %s remote-as %d" % (a, asn),
                " neighbor %s timers connect 2" % a]
        if a6 != a:
            nbr += [" neighbor %s remote-as %d" % (a6, asn),
                    " neighbor %s timers connect 2" % a6]
            af4.append("  no neighbor %s activate" % a6)
        af6.append("  neighbor %s activate" % a6)
        if asn != DUT_AS and idx != NOPOLICY:
            for af, x in ((af4, a), (af6, a6)):
                af += ["  neighbor %s route-map ALL in" % x,
                       "  neighbor %s route-map ALL out" % x]
    return "\n".join(["hostname dut", "router bgp %d" % DUT_AS,
                      " bgp router-id 10.0.0.1", " timers bgp 3 9"] + nbr +
                     [" address-family ipv4 unicast", "  network " + D4] +
                     af4 + [" exit-address-family",
                            " address-family ipv6 unicast",
                            "  network " + D6] + af6 +
                     [" exit-address-family", "exit", "!",
                      "route-map ALL permit 10", "exit", ""])


class Unicast:
    def __init__(self, topo):
        self.topo = topo
        dut = topo.ns("dut")
        self.peers = {}
        for idx, _, _, name in PEERS + [(NOPOLICY, 0, 0, "frr-np")]:
            ns = topo.ns(name)
            topo.link(dut, "to-" + name, ns, "eth0")
            topo.addr(dut, "to-" + name, "10.0.%d.1/24" % idx)
            topo.addr(dut, "to-" + name, "2001:db8:%d::1/64" % idx)
            topo.addr(ns, "eth0", "10.0.%d.2/24" % idx)
            topo.addr(ns, "eth0", "2001:db8:%d::2/64" % idx)
            # the peers resolve every next hop evpnd passes on
            topo.route(ns, "10.0.0.0/16", "via", "10.0.%d.1" % idx)
            topo.run(ns, "ip", "-6", "route", "add", "2001:db8::/32",
                     "via", "2001:db8:%d::1" % idx)
        self.dut = Evpnd(topo, dut, "evpnd", dut_conf(PEERS))
        for idx, cls, asn, name in PEERS:
            self.peers[name] = cls(topo, PREFIXED(name), idx, asn, name)
        self.nopolicy = FrrPeer(topo, PREFIXED("frr-np"), NOPOLICY, 65006,
                                "frr-np")
        for p in list(self.peers.values()) + [self.nopolicy]:
            wait_until(lambda: self.dut.state(p.addr) == "Established",
                       60, what="%s Established at evpnd" % p)
            if p.v6_session:
                wait_until(lambda: self.dut.state(p.addr6, "ipv6Unicast")
                           == "Established", 60,
                           what="%s IPv6 session at evpnd" % p)


def PREFIXED(short):
    from lib.topo import PREFIX
    return PREFIX + short


@pytest.fixture(scope="module")
def unicast(request):
    t = Topo("unicast")
    request.addfinalizer(t.close)
    return Unicast(t)


@pytest.fixture(params=IDS)
def peer(request, unicast):
    return unicast.peers[request.param]


def expect_path(p, nh, asns):
    """p.sees(prefix) result equals (nh, asns)."""
    return p is not None and p[0] == nh and p[1] == asns


def test_established(unicast, peer):
    dut = unicast.dut
    s = dut.peer(peer.addr)
    assert s["state"] == "Established"
    assert s["remoteAs"] == peer.asn
    assert wait_until(lambda: peer.state() == "Established", 20)
    n = dut.neighbor(peer.addr)
    assert n["nbrInternalLink" if peer.ibgp else "nbrExternalLink"]
    if peer.kind == "frr":      # FQDN capability: evpnd's `hostname`
        assert peer.d.peer(peer.dut_addr)["hostname"] == "dut"
        assert s["hostname"] == peer.name     # and FRR's, received
    a6 = peer.addr6 if peer.v6_session else peer.addr
    assert dut.peer(a6, "ipv6Unicast")["state"] == "Established"


def test_dut_routes_reach_peer(unicast, peer):
    path = [] if peer.ibgp else [DUT_AS]
    wait_until(lambda: expect_path(peer.sees(D4), peer.dut_addr, path),
               20, what="%s has %s via %s path %s" % (peer, D4,
                                                      peer.dut_addr, path))
    wait_until(lambda: expect_path(peer.sees(D6), peer.dut_addr6, path),
               20, what="%s has %s via %s" % (peer, D6, peer.dut_addr6))


def test_peer_routes_reach_dut(unicast, peer):
    dut = unicast.dut
    path = "" if peer.ibgp else str(peer.asn)
    a6 = peer.addr6 if peer.v6_session else peer.addr
    for prefix, nh, src in ((peer.p4, peer.addr, peer.addr),
                            (peer.p6, peer.addr6, a6)):
        def ok():
            b = dut.best(prefix)
            assert b, "no best path"
            assert b["path"] == path, b
            assert b["peerId"] == src, b
            assert b["nexthops"][0]["ip"] == nh, b
            return True
        wait_until(ok, 20, what="evpnd has %s from %s" % (prefix, peer))


def test_transit(unicast):
    """EBGP-learned routes go to every peer with our AS prepended;
    IBGP-learned ones go to EBGP peers only (no reflection here)."""
    P = unicast.peers
    bird, obgpd, frre, gobgp = P["bird"], P["obgpd"], P["frr-e"], P["gobgp"]
    for src, dst in ((bird, obgpd), (obgpd, frre), (frre, bird)):
        wait_until(lambda: expect_path(dst.sees(src.p4), dst.dut_addr,
                                       [DUT_AS, src.asn]), 20,
                   what="%s sees %s from %s" % (dst, src.p4, src))
    # IBGP (frr-i) -> EBGP (bird): prepended, next hop self
    wait_until(lambda: expect_path(bird.sees(P["frr-i"].p4),
                                   bird.dut_addr, [DUT_AS]), 20)
    # EBGP -> IBGP: next hop unchanged, no prepend
    wait_until(lambda: expect_path(gobgp.sees(bird.p4), bird.addr,
                                   [bird.asn]), 20)
    # IBGP -> IBGP: not sent (RFC 4271 9.2, no route reflection)
    holds_for(lambda: gobgp.sees(P["frr-i"].p4) is None, 2)
    assert P["frr-i"].sees(gobgp.p4) is None


def test_ebgp_requires_policy(unicast):
    """RFC 8212: without route-maps evpnd accepts and sends nothing."""
    dut, np = unicast.dut, unicast.nopolicy
    assert dut.state(np.addr) == "Established"
    # the peer did send it, and everybody else's routes are here
    wait_until(lambda: dut.best(unicast.peers["bird"].p4), 20)
    holds_for(lambda: dut.best(np.p4) is None and np.sees(D4) is None
              and np.sees(unicast.peers["bird"].p4) is None, 3)
    assert np.d.json("show bgp ipv4 unicast json")["routes"].get(np.p4)


def test_withdraw_from_dut(unicast):
    dut, peers = unicast.dut, list(unicast.peers.values())
    dut.configure("router bgp %d" % DUT_AS, "address-family ipv4 unicast",
                  "no network " + D4, "exit-address-family",
                  "address-family ipv6 unicast", "no network " + D6)
    for p in peers:
        wait_until(lambda: p.sees(D4) is None and p.sees(D6) is None, 20,
                   what="%s withdrew %s, %s" % (p, D4, D6))
    assert dut.best(D4) is None
    dut.configure("router bgp %d" % DUT_AS, "address-family ipv4 unicast",
                  "network " + D4, "exit-address-family",
                  "address-family ipv6 unicast", "network " + D6)
    for p in peers:
        wait_until(lambda: p.sees(D4) and p.sees(D6), 20,
                   what="%s has %s again" % (p, D4))


def test_withdraw_from_peer(unicast, peer):
    dut = unicast.dut
    other = unicast.peers["frr-e" if peer.name != "frr-e" else "bird"]
    for x in (peer.x4, peer.x6):
        peer.add(x)
    wait_until(lambda: dut.best(peer.x4) and dut.best(peer.x6), 20,
               what="evpnd learns %s, %s from %s" % (peer.x4, peer.x6,
                                                     peer))
    wait_until(lambda: other.sees(peer.x4), 20, what="passed on")
    for x in (peer.x4, peer.x6):
        peer.delete(x)
    wait_until(lambda: dut.best(peer.x4) is None
               and dut.best(peer.x6) is None, 20,
               what="evpnd drops %s, %s" % (peer.x4, peer.x6))
    wait_until(lambda: other.sees(peer.x4) is None, 20,
               what="%s drops %s" % (other, peer.x4))
    assert dut.best(peer.p4), "the peer's other route stays"


ADMIN_TEXT = {"frr": "Administrative Shutdown",
              "exabgp": "Administrative Shutdown",
              "gobgp": "administrative shutdown",
              "bird": "Administrative shutdown",
              "openbgpd": "administratively"}


def test_notification_from_dut(unicast, peer):
    """`neighbor X shutdown` on evpnd: the peer reports Cease/Admin
    Shutdown; removing the line brings the session and routes back."""
    dut = unicast.dut
    peer.mark_log()
    dut.configure("router bgp %d" % DUT_AS,
                  "neighbor %s shutdown" % peer.addr)
    try:
        wait_until(lambda: peer.state() != "Established", 20)
        wait_until(lambda: ADMIN_TEXT[peer.kind].lower() in
                   peer.last_notification().lower(), 10,
                   what="%s shows the admin shutdown" % peer)
        assert "sent NOTIFICATION 6/2" in dut.neighbor(
            peer.addr)["lastResetDueTo"]
        wait_until(lambda: dut.best(peer.p4) is None, 10)
    finally:
        dut.configure("router bgp %d" % DUT_AS,
                      "no neighbor %s shutdown" % peer.addr)
    wait_until(lambda: dut.state(peer.addr) == "Established", 40)
    wait_until(lambda: dut.best(peer.p4) and peer.sees(D4), 20)


# ExaBGP 4.2's API `teardown` closes the TCP connection without sending
# a NOTIFICATION (seen in its log), so it has nothing to offer here.
@pytest.mark.parametrize("name", [i for i in IDS if i != "exabgp"])
def test_notification_from_peer(unicast, name):
    peer = unicast.peers[name]
    """The peer shuts the session down: evpnd records the Cease/Admin
    Shutdown it received; it comes back when the peer re-enables it."""
    dut = unicast.dut
    dropped = dut.peer(peer.addr)["connectionsDropped"]
    peer.shutdown(True)
    try:
        wait_until(lambda: dut.peer(peer.addr)["connectionsDropped"] >
                   dropped, 20, what="the session dropped")
        r = dut.neighbor(peer.addr)["lastResetDueTo"]
        assert "received NOTIFICATION 6/2" in r, r
        if not peer.reconnects_itself:
            assert dut.state(peer.addr) != "Established"
            wait_until(lambda: dut.best(peer.p4) is None, 10)
    finally:
        peer.shutdown(False)
    wait_until(lambda: dut.state(peer.addr) == "Established", 40)
    wait_until(lambda: dut.best(peer.p4) and peer.sees(D4), 20)
