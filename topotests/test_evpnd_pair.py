"""Two evpnd peering with each other, both connecting (no passive side).

After one of them restarts, both try to connect at once and each sees the
other in Idle: the session must come back every time (they used to refuse
each other's connections forever, their idle hold times in step), and
routes must flow again.
"""
import pytest

from lib.daemons import Evpnd
from lib.topo import Topo, wait_until

A, B = "10.9.0.1", "10.9.0.2"


def conf(me, other, net):
    return "\n".join([
        "hostname e%s" % me[-1], "router bgp 65000", " bgp router-id " + me,
        " timers bgp 3 9", " neighbor %s remote-as internal" % other,
        " neighbor %s timers connect 2" % other,
        " address-family ipv4 unicast", "  network " + net,
        " exit-address-family", "exit", ""])


@pytest.fixture(scope="module")
def pair(request):
    t = Topo("pair")
    request.addfinalizer(t.close)
    a, b = t.ns("pa"), t.ns("pb")
    t.link(a, "eth0", b, "eth0")
    t.addr(a, "eth0", A + "/24")
    t.addr(b, "eth0", B + "/24")
    ea = Evpnd(t, a, "ea", conf(A, B, "10.91.0.0/24"))
    eb = Evpnd(t, b, "eb", conf(B, A, "10.92.0.0/24"))
    return ea, eb


def both_up(ea, eb):
    return ea.state(B) == "Established" and eb.state(A) == "Established"


def test_up_and_routes(pair):
    ea, eb = pair
    wait_until(lambda: both_up(ea, eb), 30, what="session")
    wait_until(lambda: ea.best("10.92.0.0/24") and eb.best("10.91.0.0/24"),
               20, what="routes both ways")


@pytest.mark.parametrize("round_", range(3))
def test_restart_comes_back(pair, round_):
    ea, eb = pair
    wait_until(lambda: both_up(ea, eb), 30, what="session before")
    before = ea.neighbor(B)["connectionsEstablished"]
    eb.proc.stop()
    wait_until(lambda: ea.state(B) != "Established", 15,
               what="A saw B go")
    eb.start()
    wait_until(lambda: both_up(ea, eb), 20, what="session after restart")
    assert ea.neighbor(B)["connectionsEstablished"] == before + 1
    wait_until(lambda: ea.best("10.92.0.0/24") and eb.best("10.91.0.0/24"),
               20, what="routes again")
