"""TCP MD5 (RFC 2385, `neighbor X password`) between evpnd and FRR.

good (10.0.1.2, AS 65002): same password; evpnd is passive, so FRR's
connection is accepted by evpnd's keyed listener.  bad (10.0.2.2, AS
65003): FRR has a different password and is passive, so evpnd's keyed
outgoing connection is what fails, and then succeeds once FRR's password
is corrected.
"""
import pytest

from lib.daemons import Evpnd, Frr
from lib.topo import Topo, holds_for, wait_until

DUT_AS = 65001
PW = "s3cret-Key"


def frr_conf(n, asn, pw, passive):
    return """hostname md5-{n}
router bgp {asn}
 bgp router-id 10.0.{n}.2
 no bgp ebgp-requires-policy
 timers bgp 3 9
 neighbor 10.0.{n}.1 remote-as {dut}
 neighbor 10.0.{n}.1 password {pw}
 neighbor 10.0.{n}.1 timers connect 2
{passive}
""".format(n=n, asn=asn, dut=DUT_AS, pw=pw,
           passive=" neighbor 10.0.%d.1 passive" % n if passive else "")


@pytest.fixture(scope="module")
def md5(request):
    t = Topo("md5")
    request.addfinalizer(t.close)
    dut = t.ns("dut")
    peers = {}
    for n in (1, 2):
        ns = t.ns("md5-%d" % n)
        t.link(dut, "p%d" % n, ns, "eth0")
        t.addr(dut, "p%d" % n, "10.0.%d.1/24" % n)
        t.addr(ns, "eth0", "10.0.%d.2/24" % n)
        peers[n] = ns
    e = Evpnd(t, dut, "evpnd", """router bgp {dut}
 bgp router-id 10.0.0.1
 timers bgp 3 9
 neighbor 10.0.1.2 remote-as 65002
 neighbor 10.0.1.2 password {pw}
 neighbor 10.0.1.2 passive
 neighbor 10.0.2.2 remote-as 65003
 neighbor 10.0.2.2 password {pw}
 neighbor 10.0.2.2 timers connect 2
 address-family ipv4 unicast
  network 10.100.0.0/24
  neighbor 10.0.1.2 route-map ALL out
  neighbor 10.0.2.2 route-map ALL out
 exit-address-family
exit
route-map ALL permit 10
exit
""".format(dut=DUT_AS, pw=PW))
    good = Frr(t, peers[1], "good", frr_conf(1, 65002, PW, False))
    bad = Frr(t, peers[2], "bad", frr_conf(2, 65003, "not-" + PW, True))
    return t, e, good, bad


def test_md5_same_password_establishes(md5):
    _, e, good, _ = md5
    wait_until(lambda: e.state("10.0.1.2") == "Established", 30,
               what="keyed session with FRR")
    wait_until(lambda: good.has("10.100.0.0/24"), 20,
               what="a route over it")


def test_md5_wrong_password_does_not(md5):
    _, e, _, bad = md5
    wait_until(lambda: e.state("10.0.1.2") == "Established", 30)
    holds_for(lambda: e.state("10.0.2.2") != "Established" and
              bad.state("10.0.2.1") != "Established", 8)
    # the only thing wrong was the password
    bad.configure("router bgp 65003",
                  "neighbor 10.0.2.1 password " + PW)
    wait_until(lambda: e.state("10.0.2.2") == "Established", 40,
               what="established once the passwords agree")
    wait_until(lambda: bad.has("10.100.0.0/24"), 20)
