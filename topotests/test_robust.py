"""Robustness: malformed UPDATEs from a raw speaker (RFC 7606), a peer
killed and restarted, session flaps; another peer is watched throughout.

dut: evpnd AS 65001.  raw (10.0.7.2, AS 65077): lib/rawbgp.py, evpnd's
neighbor is passive.  witness (10.0.8.2): BIRD 2, AS 65088, originates
10.88.0.0/24 and receives what evpnd passes on.
"""
import struct

import pytest

from lib import rawbgp as rb
from lib.daemons import Bird, Evpnd
from lib.topo import Topo, holds_for, wait_until

RAW, RAW_AS = "10.0.7.2", 65077
WIT, WIT_AS = "10.0.8.2", 65088
WIT_P = "10.88.0.0/24"
DUT_AS = 65001

DUT_CONF = """hostname dut
router bgp {dut}
 bgp router-id 10.0.0.1
 timers bgp 3 9
 neighbor {raw} remote-as {raw_as}
 neighbor {raw} passive
 neighbor {wit} remote-as {wit_as}
 neighbor {wit} timers connect 2
 address-family ipv4 unicast
  network 10.100.0.0/24
  neighbor {raw} route-map ALL in
  neighbor {raw} route-map ALL out
  neighbor {wit} route-map ALL in
  neighbor {wit} route-map ALL out
 exit-address-family
exit
!
route-map ALL permit 10
exit
""".format(dut=DUT_AS, raw=RAW, raw_as=RAW_AS, wit=WIT, wit_as=WIT_AS)

BIRD_CONF = """router id {wit};
protocol device {{}}
protocol static s4 {{ ipv4; route {p} unreachable; }}
protocol bgp dut {{
  local {wit} as {wit_as};
  neighbor 10.0.8.1 as {dut};
  hold time 9; keepalive time 3; connect retry time 2;
  ipv4 {{ import all; export where source = RTS_STATIC; }};
}}
""".format(wit=WIT, wit_as=WIT_AS, dut=DUT_AS, p=WIT_P)


class Net:
    def __init__(self, topo):
        self.topo = topo
        dut = topo.ns("dut")
        self.raw_ns = topo.ns("raw")
        wit = topo.ns("wit")
        for idx, ns in ((7, self.raw_ns), (8, wit)):
            topo.link(dut, "p%d" % idx, ns, "eth0")
            topo.addr(dut, "p%d" % idx, "10.0.%d.1/24" % idx)
            topo.addr(ns, "eth0", "10.0.%d.2/24" % idx)
        self.dut = Evpnd(topo, dut, "evpnd", DUT_CONF)
        self.bird = Bird(topo, wit, "bird", BIRD_CONF)
        wait_until(lambda: self.dut.state(WIT) == "Established", 30)
        wait_until(lambda: self.dut.best(WIT_P), 20)
        self.wit_up = self.witness_sessions()
        self.raw = None

    def witness_sessions(self):
        return self.dut.peer(WIT)["connectionsEstablished"]

    def witness_ok(self):
        """The witness's session never dropped and its route stays."""
        p = self.dut.peer(WIT)
        assert p["state"] == "Established", p
        assert p["connectionsEstablished"] == self.wit_up, "witness flapped"
        assert self.dut.best(WIT_P), "witness route lost"
        return True

    def raw_session(self):
        if self.raw:
            self.raw.close()
        self.raw = rb.connect_with_retry(rb.RawSpeaker(
            self.raw_ns, RAW, "10.0.7.1", RAW_AS, RAW))
        wait_until(lambda: self.dut.state(RAW) == "Established", 10)
        return self.raw

    def witness_sees(self, prefix):
        return self.bird.route(prefix)


@pytest.fixture(scope="module")
def net(request):
    t = Topo("robust")
    request.addfinalizer(t.close)
    n = Net(t)
    request.addfinalizer(lambda: n.raw and n.raw.close())
    return n


def good(prefix):
    return rb.update(rb.origin(0) + rb.as_path(RAW_AS) +
                     rb.next_hop(RAW), nlri=[prefix])


def announce_ok(net, prefix):
    net.raw.send(good(prefix))
    wait_until(lambda: (net.dut.best(prefix) or {}).get("path") ==
               str(RAW_AS), 10, what="evpnd has %s" % prefix)
    wait_until(lambda: net.witness_sees(prefix), 10,
               what="the witness has %s" % prefix)


# RFC 7606: attribute errors that keep the session (prefix, attrs, class)
KEEP_CASES = [
    # 7.1: ORIGIN value undefined -> treat-as-withdraw
    ("bad-origin", "10.77.1.0/24",
     rb.origin(5) + rb.as_path(RAW_AS) + rb.next_hop(RAW), "withdraw"),
    # 7.4: MULTI_EXIT_DISC length not 4 -> treat-as-withdraw
    ("bad-med-length", "10.77.2.0/24",
     rb.origin(0) + rb.as_path(RAW_AS) + rb.next_hop(RAW) +
     rb.attr(0x80, 4, b"\0\0\1"), "withdraw"),
    # 7.2: AS_PATH segment overrun -> treat-as-withdraw
    ("bad-as-path", "10.77.3.0/24",
     rb.origin(0) + rb.attr(0x40, 2, bytes([2, 3]) +
                            struct.pack("!I", RAW_AS)) + rb.next_hop(RAW),
     "withdraw"),
    # 7.3: NEXT_HOP length not 4 -> treat-as-withdraw (RFC 7606 7.3)
    ("bad-next-hop-length", "10.77.4.0/24",
     rb.origin(0) + rb.as_path(RAW_AS) + rb.attr(0x40, 3, b"\x0a\0\7"),
     "withdraw"),
    # 7.6: ATOMIC_AGGREGATE length not 0 -> attribute discard: kept
    ("bad-atomic-aggregate", "10.77.5.0/24",
     rb.origin(0) + rb.as_path(RAW_AS) + rb.next_hop(RAW) +
     rb.attr(0x40, 6, b"\1"), "keep"),
]


@pytest.mark.parametrize("name,prefix,attrs,what", KEEP_CASES,
                         ids=[c[0] for c in KEEP_CASES])
def test_malformed_keeps_session(net, name, prefix, attrs, what):
    raw = net.raw if net.raw and not net.raw.is_closed() \
        else net.raw_session()
    ups = net.dut.peer(RAW)["connectionsEstablished"]
    announce_ok(net, prefix)
    raw.send(rb.update(attrs, nlri=[prefix]))
    if what == "withdraw":
        wait_until(lambda: net.dut.best(prefix) is None, 10,
                   what="evpnd treats %s as withdrawn" % prefix)
        wait_until(lambda: net.witness_sees(prefix) is None, 10,
                   what="and withdraws it from the witness")
    # the session stays: no NOTIFICATION, no reconnect
    holds_for(lambda: not raw.is_closed() and
              net.dut.state(RAW) == "Established", 3)
    assert raw.notification() is None
    assert net.dut.peer(RAW)["connectionsEstablished"] == ups
    if what == "keep":
        b = net.dut.best(prefix)
        assert b and b["path"] == str(RAW_AS), b
    net.witness_ok()


RESET_CASES = [
    # RFC 4271 6.3 / RFC 7606 5.3: an NLRI prefix length of 33 ->
    # Invalid Network Field
    ("nlri-length-33", rb.origin(0) + rb.as_path(RAW_AS) +
     rb.next_hop(RAW), bytes([33, 10, 77, 9, 0, 1]), (3, 10)),
    # RFC 7606 3(g): MP_REACH_NLRI twice -> Malformed Attribute List
    ("mp-reach-twice", rb.origin(0) + rb.as_path(RAW_AS) +
     2 * rb.attr(0x80, 14, struct.pack("!HB", 1, 1) + bytes([4]) +
                 bytes([10, 0, 7, 2, 0]) + rb.prefix("10.77.9.0/24")),
     b"", (3, 1)),
]


@pytest.mark.parametrize("name,attrs,raw_nlri,notif", RESET_CASES,
                         ids=[c[0] for c in RESET_CASES])
def test_malformed_resets_session(net, name, attrs, raw_nlri, notif):
    raw = net.raw_session()
    held = "10.77.8.0/24"
    announce_ok(net, held)
    raw.send(rb.update(attrs, raw_nlri=raw_nlri))
    wait_until(raw.notification, 10, what="a NOTIFICATION from evpnd")
    code, sub, _ = raw.notification()
    assert (code, sub) == notif
    wait_until(raw.is_closed, 5, what="evpnd closes the connection")
    wait_until(lambda: net.dut.state(RAW) != "Established", 5)
    assert "sent NOTIFICATION %d/%d" % notif in \
        net.dut.neighbor(RAW)["lastResetDueTo"]
    # the peer's routes go with the session
    wait_until(lambda: net.dut.best(held) is None and
               net.witness_sees(held) is None, 10)
    net.witness_ok()


def test_witness_restart(net):
    """Kill BIRD by PID: evpnd drops the session and the route, then
    re-learns it when BIRD is back; the raw speaker's session stays."""
    raw = net.raw_session()
    announce_ok(net, "10.77.10.0/24")
    ups = net.dut.peer(RAW)["connectionsEstablished"]
    net.bird.proc.kill()
    wait_until(lambda: net.dut.state(WIT) != "Established", 15,
               what="evpnd sees BIRD gone")
    wait_until(lambda: net.dut.best(WIT_P) is None, 10,
               what="BIRD's route withdrawn")
    net.bird.start()
    wait_until(lambda: net.dut.state(WIT) == "Established", 30,
               what="BIRD back")
    wait_until(lambda: net.dut.best(WIT_P), 10, what="its route back")
    wait_until(lambda: net.witness_sees("10.77.10.0/24"), 10,
               what="BIRD re-learns the raw speaker's route")
    assert not raw.is_closed()
    assert net.dut.peer(RAW)["connectionsEstablished"] == ups
    net.wit_up = net.witness_sessions()


def test_flaps(net):
    """Three flaps of the witness session (BIRD disable/enable): each
    time it comes back with its route; the raw session never drops.
    (evpnd holds a peer that keeps dropping off for 1, 2, 4 ... s:
    docs/bgp.md, so more flaps cost seconds each.)"""
    raw = net.raw if net.raw and not net.raw.is_closed() \
        else net.raw_session()
    ups = net.dut.peer(RAW)["connectionsEstablished"]
    before = net.witness_sessions()
    for i in range(3):
        net.bird.cli("disable", "dut")
        wait_until(lambda: net.dut.state(WIT) != "Established" and
                   net.dut.best(WIT_P) is None, 15,
                   what="flap %d: down" % i)
        net.bird.cli("enable", "dut")
        wait_until(lambda: net.dut.state(WIT) == "Established" and
                   net.dut.best(WIT_P), 40, what="flap %d: up" % i)
    assert net.witness_sessions() == before + 3
    assert not raw.is_closed() and raw.notification() is None
    assert net.dut.peer(RAW)["connectionsEstablished"] == ups
    net.wit_up = net.witness_sessions()
