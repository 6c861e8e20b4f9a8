"""Live reconfiguration: a change resets only the sessions it concerns.

evpnd (AS 4200000001) in "dut" with three FRR peers on their own veths:

  1 frr-a  AS 4200000001  IBGP
  2 frr-b  AS 65002       EBGP, route-map OUT-B out
  3 frr-c  AS 65003       EBGP

Every change goes through evpnsh (`configure terminal` ... `end`), a
SIGHUP reload of an edited file, or `clear bgp`; after each one the test
compares every session's connectionsEstablished counter, on evpnd and on
the FRR side, with what it was before: the sessions the change does not
concern must not have been reset (and must not reset in the next
seconds), the ones it concerns must have been, with the Cease subcode
RFC 4486 names.
"""
import signal

import pytest

from lib.daemons import Evpnd
from lib.peers import DUT_AS, FrrPeer
from lib.topo import Topo, holds_for, wait_until

PEERS = [(1, DUT_AS, "frr-a"), (2, 65002, "frr-b"), (3, 65003, "frr-c")]
D4 = "10.100.0.0/24"
D4B = "10.100.1.0/24"


def dut_conf(extra_b_out="", c_timers=""):
    lines = ["hostname dut", "router bgp %d" % DUT_AS,
             " bgp router-id 10.0.0.1", " timers bgp 3 9"]
    for idx, asn, _ in PEERS:
        a = "10.0.%d.2" % idx
        lines += [" neighbor %s remote-as %d" % (a, asn),
                  " neighbor %s timers connect 2" % a]
    lines += [c_timers,
              " address-family ipv4 unicast",
              "  network " + D4, "  network " + D4B,
              "  neighbor 10.0.2.2 route-map OUT-B out",
              "  neighbor 10.0.2.2 route-map ALL in",
              "  neighbor 10.0.3.2 route-map ALL in",
              "  neighbor 10.0.3.2 route-map ALL out",
              " exit-address-family", "exit",
              "ip prefix-list B seq 5 permit 10.100.0.0/16 le 24",
              extra_b_out,
              "route-map OUT-B permit 10",
              " match ip address prefix-list B", "exit",
              "route-map ALL permit 10", "exit", ""]
    return "\n".join(l for l in lines if l)


class Net:
    def __init__(self, topo):
        self.topo = topo
        dut = topo.ns("dut")
        self.peers, nss = {}, {}
        for idx, _, name in PEERS:
            ns = nss[name] = topo.ns(name)
            topo.link(dut, "to-" + name, ns, "eth0")
            topo.addr(dut, "to-" + name, "10.0.%d.1/24" % idx)
            topo.addr(ns, "eth0", "10.0.%d.2/24" % idx)
            topo.route(ns, "10.0.0.0/16", "via", "10.0.%d.1" % idx)
        self.dut = Evpnd(topo, dut, "evpnd", dut_conf())
        for idx, asn, name in PEERS:
            self.peers[name] = FrrPeer(topo, nss[name], idx, asn, name)
        self.wait_all_up()

    def wait_all_up(self):
        for p in self.peers.values():
            wait_until(lambda: self.dut.state(p.addr) == "Established" and
                       p.state() == "Established", 60,
                       what="%s Established on both sides" % p)

    def counts(self):
        """{peer: (evpnd's connectionsEstablished, FRR's)}"""
        return {n: (self.dut.neighbor(p.addr)["connectionsEstablished"],
                    p.d.neighbor(p.dut_addr)["connectionsEstablished"])
                for n, p in self.peers.items()}

    def expect(self, before, reset):
        """The peers in reset came back once more; the others never
        dropped, now or in the next 3 s."""
        for n, p in self.peers.items():
            if n in reset:
                wait_until(lambda: self.counts()[n][0] > before[n][0] and
                           self.dut.state(p.addr) == "Established" and
                           p.state() == "Established", 60,
                           what="%s reset and back" % n)
        holds_for(lambda: all(self.counts()[n] == before[n]
                              for n in self.peers if n not in reset), 3)
        for n in self.peers:
            if n not in reset:
                assert self.dut.state(self.peers[n].addr) == "Established"


@pytest.fixture(scope="module")
def net(request):
    t = Topo("reconf")
    request.addfinalizer(t.close)
    return Net(t)


def test_policy_change_is_soft(net):
    """A route-map/prefix-list change reaches the peer by a soft
    refresh: frr-b loses one prefix, no session resets."""
    b = net.peers["frr-b"]
    wait_until(lambda: b.sees(D4) and b.sees(D4B), 20,
               what="frr-b has both prefixes")
    before = net.counts()
    net.dut.configure("ip prefix-list B seq 1 deny " + D4B)
    wait_until(lambda: b.sees(D4B) is None, 20, what="frr-b lost " + D4B)
    assert b.sees(D4)
    net.expect(before, reset=())
    net.dut.configure("no ip prefix-list B seq 1 deny " + D4B)
    wait_until(lambda: b.sees(D4B), 20, what="frr-b has %s again" % D4B)
    net.expect(before, reset=())


def test_network_change_touches_no_session(net):
    a = net.peers["frr-a"]
    before = net.counts()
    net.dut.configure("router bgp %d" % DUT_AS,
                      "address-family ipv4 unicast", "no network " + D4B)
    wait_until(lambda: a.sees(D4B) is None, 20, what="frr-a lost " + D4B)
    net.dut.configure("router bgp %d" % DUT_AS,
                      "address-family ipv4 unicast", "network " + D4B)
    wait_until(lambda: a.sees(D4B), 20, what="frr-a has %s again" % D4B)
    net.expect(before, reset=())


def test_open_change_resets_only_its_session(net):
    """Hold time is in the OPEN: only frr-c resets, with Cease /
    Other Configuration Change (RFC 4486 subcode 6)."""
    c = net.peers["frr-c"]
    before = net.counts()
    net.dut.configure("router bgp %d" % DUT_AS,
                      "neighbor 10.0.3.2 timers 5 15")
    net.expect(before, reset=("frr-c",))
    why = net.dut.neighbor(c.addr)["lastResetDueTo"]
    assert "configuration changed" in why and "6/6" in why, why


def test_new_and_removed_neighbor(net):
    """Adding a neighbor starts it; removing it sends Cease / Peer
    De-configured to it alone."""
    topo = net.topo
    ns = topo.ns("frr-d")
    topo.link(net.dut.ns, "to-frr-d", ns, "eth0")
    topo.addr(net.dut.ns, "to-frr-d", "10.0.4.1/24")
    topo.addr(ns, "eth0", "10.0.4.2/24")
    topo.route(ns, "10.0.0.0/16", "via", "10.0.4.1")
    d = FrrPeer(topo, ns, 4, 65004, "frr-d")
    before = net.counts()
    net.dut.configure("router bgp %d" % DUT_AS,
                      "neighbor 10.0.4.2 remote-as 65004",
                      "neighbor 10.0.4.2 timers connect 2")
    wait_until(lambda: net.dut.state(d.addr) == "Established" and
               d.state() == "Established", 60, what="frr-d up")
    net.expect(before, reset=())
    net.dut.configure("router bgp %d" % DUT_AS,
                      "no neighbor 10.0.4.2")
    wait_until(lambda: d.state() != "Established", 20, what="frr-d down")
    n = d.d.neighbor(d.dut_addr)
    assert n.get("lastNotificationReason") == "Cease/Peer De-configured", n
    assert net.dut.peer(d.addr) == {}
    net.expect(before, reset=())


def test_sighup_reload_applies_only_the_diff(net):
    """The same rules for an edited file and SIGHUP."""
    before = net.counts()
    net.topo.write("evpnd.conf", dut_conf(
        c_timers=" neighbor 10.0.3.2 timers 5 15",
        extra_b_out="ip prefix-list B seq 1 deny " + D4B))
    net.dut.proc.popen.send_signal(signal.SIGHUP)
    b = net.peers["frr-b"]
    wait_until(lambda: b.sees(D4B) is None, 20, what="frr-b lost " + D4B)
    # frr-c's timers already were 5 15: nothing of its OPEN changed
    net.expect(before, reset=())
    net.topo.write("evpnd.conf", dut_conf())
    net.dut.proc.popen.send_signal(signal.SIGHUP)
    net.expect(before, reset=("frr-c",))
    wait_until(lambda: b.sees(D4B), 20, what="frr-b has %s again" % D4B)


def test_clear_bgp(net):
    """clear bgp ADDR soft out re-sends without a reset; clear bgp ADDR
    resets that one session."""
    before = net.counts()
    net.dut.cli("clear bgp 10.0.2.2 soft out")
    net.dut.cli("clear bgp * soft in")
    net.expect(before, reset=())
    net.dut.cli("clear bgp 10.0.1.2")
    net.expect(before, reset=("frr-a",))
