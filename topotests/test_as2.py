"""RFC 6793 with a 2-octet-only speaker: evpnd (AS 4200000001) and a raw
speaker (AS 65099) that sends no 4-octet AS capability, plus FRR (AS
4200000002) to see what evpnd passes on."""
import struct

import pytest

from lib import rawbgp as rb
from lib.daemons import Evpnd, Frr
from lib.topo import Topo, wait_until

DUT_AS, RAW_AS, FRR_AS, FAR_AS = 4200000001, 65099, 4200000002, 4200000055
AS_TRANS = 23456
RAW, FRR = "10.0.1.2", "10.0.2.2"


@pytest.fixture(scope="module")
def as2(request):
    t = Topo("as2")
    request.addfinalizer(t.close)
    dut = t.ns("dut")
    rawns, frrns = t.ns("raw"), t.ns("frr4")
    for n, ns in ((1, rawns), (2, frrns)):
        t.link(dut, "p%d" % n, ns, "eth0")
        t.addr(dut, "p%d" % n, "10.0.%d.1/24" % n)
        t.addr(ns, "eth0", "10.0.%d.2/24" % n)
    e = Evpnd(t, dut, "evpnd", """router bgp {dut}
 bgp router-id 10.0.0.1
 timers bgp 3 9
 no bgp ebgp-requires-policy
 neighbor {raw} remote-as {raw_as}
 neighbor {raw} passive
 neighbor {frr} remote-as {frr_as}
 neighbor {frr} timers connect 2
 address-family ipv4 unicast
  network 10.100.0.0/24
 exit-address-family
exit
""".format(dut=DUT_AS, raw=RAW, raw_as=RAW_AS, frr=FRR, frr_as=FRR_AS))
    f = Frr(t, frrns, "frr4", """hostname frr4
router bgp {frr_as}
 bgp router-id {frr}
 no bgp ebgp-requires-policy
 no bgp network import-check
 timers bgp 3 9
 neighbor 10.0.2.1 remote-as {dut}
 neighbor 10.0.2.1 timers connect 2
 address-family ipv4 unicast
  network 10.2.0.0/24
 exit-address-family
""".format(frr_as=FRR_AS, frr=FRR, dut=DUT_AS))
    raw = rb.connect_with_retry(rb.RawSpeaker(rawns, RAW, "10.0.1.1",
                                              RAW_AS, RAW, as4=False))
    request.addfinalizer(raw.close)
    wait_until(lambda: e.state(FRR) == "Established", 30)
    return e, f, raw


def test_open_uses_as_trans(as2):
    e, _, raw = as2
    my_as = struct.unpack("!H", raw.peer_open[1:3])[0]
    assert my_as == AS_TRANS, "OPEN My AS must be AS_TRANS (RFC 6793 4.1)"
    assert e.peer(RAW)["state"] == "Established"
    assert e.peer(RAW)["remoteAs"] == RAW_AS


def test_to_2octet_peer(as2):
    """evpnd's own route and FRR's: AS_PATH in 2 octets with AS_TRANS,
    the real path in AS4_PATH (RFC 6793 4.2.2)."""
    _, _, raw = as2
    a = wait_until(lambda: raw.route("10.100.0.0/24"), 20)
    assert rb.parse_path(a[2], 2) == [AS_TRANS]
    assert rb.parse_path(a[17], 4) == [DUT_AS]
    a = wait_until(lambda: raw.route("10.2.0.0/24"), 20)
    assert rb.parse_path(a[2], 2) == [AS_TRANS, AS_TRANS]
    assert rb.parse_path(a[17], 4) == [DUT_AS, FRR_AS]


def test_from_2octet_peer(as2):
    """AS_PATH 65099 23456 + AS4_PATH 4200000055 is merged into 65099
    4200000055 (RFC 6793 4.2.3) and sent on in 4 octets."""
    e, f, raw = as2
    raw.send(rb.update(rb.origin(0) + rb.as_path(RAW_AS, AS_TRANS, width=2)
                       + rb.next_hop(RAW) + rb.as4_path(FAR_AS),
                       nlri=["10.99.0.0/24"]))
    wait_until(lambda: (e.best("10.99.0.0/24") or {}).get("path") ==
               "%d %d" % (RAW_AS, FAR_AS), 20, what="merged path at evpnd")
    wait_until(lambda: (f.best("10.99.0.0/24") or {}).get(
        "aspath", {}).get("string") == "%d %d %d" % (DUT_AS, RAW_AS,
                                                      FAR_AS), 20,
               what="FRR sees the 4-octet path")
