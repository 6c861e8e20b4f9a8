"""A VM moves between evpnd VTEPs (RFC 7432 section 15, MAC Mobility).

Three evpnd hosts under an evpnd route reflector (lib/vtep.py).  VM 1
starts on host 1.  A move: VM 1's namespace gets a new veth on the
target host (same MAC and IP) while the old host keeps a silent copy of
the MAC in its bridge (a "ghost" namespace that sent one frame and then
went quiet), as a live migration leaves it until the old bridge's entry
ages out.  The new host learns the MAC, advertises it with sequence =
highest seen + 1, the old host sees the higher sequence, withdraws its
own route and points its FDB at the new host, and the third host
follows.  Then the move back, with the next sequence.  Last, a MAC
that keeps speaking on two hosts trips duplicate detection (freeze and
clear).
"""
import re

import pytest

from lib.daemons import Evpnd
from lib.topo import Topo, wait_until
from lib.vtep import (evpnd_vtep, fdb, frr_vtep, neighbours, rr_conf,
                      rr_ns, svi_ip, svi_ping, vm_ip, vm_mac, vtep_host,
                      vtep_ip)

N = (1, 2, 3)
MAC = vm_mac(1)


class Fabric:
    """Hosts n in ns under an evpnd route reflector; kinds[n]: "evpnd"
    (default) or "frr"; prefix keeps a second fabric's names apart."""

    def __init__(self, topo, ns=N, kinds=None, prefix=""):
        self.topo = topo
        self.prefix = prefix
        self.ns_ = ns
        self.kinds = kinds or {}
        rr = rr_ns(topo, prefix + "rr")
        hosts = {n: vtep_host(topo, rr, n, svi=True, neigh_suppress=True,
                              prefix=prefix) for n in ns}
        self.host = {n: hosts[n][0] for n in ns}
        self.vm = {n: hosts[n][1] for n in ns}
        Evpnd(topo, rr, prefix + "evpnd-rr", rr_conf(ns))
        self.vtep = {n: frr_vtep(topo, self.host[n], n)
                     if self.kinds.get(n) == "frr" else
                     evpnd_vtep(topo, self.host[n], n) for n in ns}
        self.at = 1             # where VM 1 is now
        self.port = "vm"        # and its port there
        self.moves = 0

    def ping(self, src, dst_ip, count=1):
        return self.topo.run(self.vm[src], "ping", "-c", str(count), "-i",
                             "0.2", "-W", "1", dst_ip,
                             check=False).returncode == 0

    def mac_of(self, n, mac):
        v = self.vtep[n]
        j = v.json("show evpn mac vni 100 json")
        return j.get("macs", {}).get(mac, {})

    def mac(self, n):
        return self.mac_of(n, MAC)

    def ghost(self, n):
        """A silent copy of VM 1's MAC on host n's bridge: one frame."""
        t = self.topo
        g = t.ns("%sg%d%d" % (self.prefix, n, self.moves))
        # silent means silent: no IPv6 (router solicitations, MLD)
        for k in ("all", "default"):
            t.run(g, "sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % k)
        t.link(self.host[n], "gh%d" % self.moves, g, "eth0")
        t.run(self.host[n], "ip", "link", "set", "gh%d" % self.moves,
              "master", "br100")
        t.run(g, "ip", "link", "set", "eth0", "down")
        t.run(g, "ip", "link", "set", "eth0", "address", MAC)
        t.run(g, "ip", "link", "set", "eth0", "up")
        t.run(g, "ping", "-c1", "-W0.2", "-I", "eth0", "192.168.100.254",
              check=False)
        t.run(g, "ip", "link", "set", "eth0", "arp", "off")

    def move(self, to):
        """VM 1 (its namespace, MAC, IP) to host `to`; the old host keeps
        the MAC on a silent ghost port."""
        t, frm = self.topo, self.at
        self.moves += 1
        t.run(self.host[frm], "ip", "link", "del", self.port)
        self.ghost(frm)
        self.port = "mv%d" % self.moves
        t.link(self.host[to], self.port, self.vm[1], "eth0", mtu=1450)
        t.run(self.host[to], "ip", "link", "set", self.port, "master",
              "br100")
        t.run(self.vm[1], "ip", "link", "set", "eth0", "address", MAC)
        t.addr(self.vm[1], "eth0", vm_ip(1) + "/24")
        self.at = to


@pytest.fixture(scope="module")
def fabric(request):
    t = Topo("mob")
    request.addfinalizer(t.close)
    f = Fabric(t)
    wait_until(lambda: all(f.ping(a, vm_ip(b)) for a in N for b in N
                           if a != b), 40, interval=0.5,
               what="every VM pinging every other")
    return f


def located(f, at, seq):
    """Host `at` has VM 1's MAC local with sequence seq, every other host
    remote behind `at` with that sequence, and its FDB points there."""
    m = f.mac(at)
    assert m.get("type") == "local" and m.get("localSequence") == seq, \
        (at, m)
    for n in f.ns_:
        if n == at:
            continue
        m = f.mac(n)
        assert m.get("type") == "remote" and \
            m.get("remoteVtep") == vtep_ip(at) and \
            m.get("remoteSequence") == seq, (n, m)
        dst = [e.get("dst") for e in fdb(f.topo, f.host[n])
               if e["mac"] == MAC and e.get("dst")]
        assert dst == [vtep_ip(at)], (n, dst)
    return True


def bound(f, at, seq):
    """VM 1's MAC/IP binding: local at host `at` (its SVI pinged VM 1)
    with sequence seq, remote behind `at` with seq elsewhere, and the
    other hosts' SVI neighbour entries (ARP suppression) follow."""
    svi_ping(f.topo, f.host[at], 1)
    e = arp_entry(f, at, vm_ip(1))
    assert e.get("type") == "local" and e.get("mac") == MAC and \
        e.get("localSequence") == seq, (at, e)
    for n in f.ns_:
        if n == at:
            continue
        e = arp_entry(f, n, vm_ip(1))
        assert e.get("type") == "remote" and e.get("mac") == MAC and \
            e.get("remoteVtep") == vtep_ip(at) and \
            e.get("remoteSequence") == seq, (n, e)
        k = neighbours(f.topo, f.host[n]).get(vm_ip(1), {})
        assert k.get("lladdr") == MAC and "NOARP" in k.get("state", []), \
            (n, k)
    return True


def test_move_and_back(fabric):
    f = fabric
    assert located(f, 1, 0)
    wait_until(lambda: bound(f, 1, 0), 10, what="VM 1's IP at host 1")
    f.move(2)
    # VM 1 talks: host 2 learns the MAC it had as remote (sequence 0)
    wait_until(lambda: f.ping(1, vm_ip(3)) and located(f, 2, 1), 15,
               interval=0.5, what="VM 1 at host 2 with sequence 1")
    assert f.ping(3, vm_ip(1), 3) and f.ping(2, vm_ip(1), 3)
    # the IP follows its MAC, with its sequence
    wait_until(lambda: bound(f, 2, 1), 10, interval=0.5,
               what="VM 1's IP at host 2 with sequence 1")
    f.move(1)
    wait_until(lambda: f.ping(1, vm_ip(3)) and located(f, 1, 2), 15,
               interval=0.5, what="VM 1 back at host 1 with sequence 2")
    assert f.ping(3, vm_ip(1), 3) and f.ping(2, vm_ip(1), 3)
    wait_until(lambda: bound(f, 1, 2), 10, interval=0.5,
               what="VM 1's IP back at host 1 with sequence 2")


FLAP = "02:00:00:00:0d:01"


def flapper(f, n):
    """A namespace on host n's br100 with MAC FLAP (no IPv6: silent
    unless told)."""
    t = f.topo
    ns = t.ns("fl%d" % n)
    for k in ("all", "default"):
        t.run(ns, "sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % k)
    t.link(f.host[n], "fl", ns, "eth0")
    t.run(f.host[n], "ip", "link", "set", "fl", "master", "br100")
    t.run(ns, "ip", "link", "set", "eth0", "down")
    t.run(ns, "ip", "link", "set", "eth0", "address", FLAP)
    t.run(ns, "ip", "link", "set", "eth0", "up")
    t.addr(ns, "eth0", "192.168.100.77/24")
    return ns


def speak(f, ns):
    """One broadcast frame from FLAP: its host's bridge learns it."""
    f.topo.run(ns, "arping", "-c1", "-w1", "-I", "eth0", "192.168.100.254",
               check=False)


def test_duplicate_detected_frozen_cleared(fabric):
    """The same MAC speaking on host 1 and on host 2 in turn: each time
    one host wins with a higher sequence, a move; the third move within
    the window marks it duplicate, freeze keeps it so; clear undoes it."""
    f = fabric
    for n in (1, 2):
        f.vtep[n].configure("router bgp 65000", "address-family l2vpn evpn",
                            "dup-addr-detection max-moves 3 time 60",
                            "dup-addr-detection freeze permanent")
    ns = {n: flapper(f, n) for n in (1, 2)}

    def dup():
        for n in (1, 2):
            m = f.vtep[n].json("show evpn mac vni 100 duplicate json")
            if FLAP in m.get("macs", {}):
                return n, m["macs"][FLAP]
        return None
    found = None
    for i in range(12):
        speak(f, ns[1 + i % 2])
        try:
            wait_until(lambda: f.mac_of(1 + i % 2, FLAP).get("type") ==
                       "local", 3, what="the flapping MAC local")
        except AssertionError:
            pass
        found = dup()
        if found:
            break
    assert found, [f.vtep[n].json("show evpn mac vni 100 json")
                   ["macs"].get(FLAP) for n in (1, 2)]
    n, m = found
    assert m["isDuplicate"] is True and m["detectionCount"] >= 3, m
    assert m.get("frozen") is True, m
    # frozen: the other host speaking again changes nothing here
    txt = f.vtep[n].cli("show evpn mac vni 100")
    assert re.search(r"%s \S+\s+DF" % FLAP, txt), txt
    out = f.vtep[n].cli("clear evpn dup-addr vni 100 mac %s" % FLAP)
    assert out.strip() == "1 duplicate MACs cleared", out
    m = f.mac_of(n, FLAP)
    assert m.get("isDuplicate") is False and not m.get("frozen"), m
    assert f.vtep[n].json("show evpn mac vni 100 duplicate json").get(
        "macs") == {}


REUSED = "192.168.100.88"
OLD, NEW = "02:00:00:00:0e:01", "02:00:00:00:0e:02"


def guest(f, n, name, mac, ip):
    """A namespace on host n's br100 with mac and ip (no IPv6)."""
    t = f.topo
    ns = t.ns(name)
    for k in ("all", "default"):
        t.run(ns, "sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % k)
    t.link(f.host[n], name, ns, "eth0", mtu=1450)
    t.run(f.host[n], "ip", "link", "set", name, "master", "br100")
    t.run(ns, "ip", "link", "set", "eth0", "down")
    t.run(ns, "ip", "link", "set", "eth0", "address", mac)
    t.run(ns, "ip", "link", "set", "eth0", "up")
    t.addr(ns, "eth0", ip + "/24")
    return ns


def arp_entry(f, n, ip):
    j = f.vtep[n].json("show evpn arp-cache vni 100 json")
    return j.get(ip, {})


def test_ip_taken_by_new_mac(fabric):
    """RFC 9135 section 16: an IP known behind MAC OLD at host 1 shows up
    behind MAC NEW at host 2 (a new VM reusing the address; the old one
    went quiet).  Host 2 advertises it with one more than the IP's
    sequence, so host 3 takes host 2's binding over host 1's (with equal
    sequences host 1's lower address would win) and host 1 withdraws its
    MAC/IP route, installs the new binding and keeps MAC OLD itself."""
    f = fabric
    old = guest(f, 1, "old", OLD, REUSED)
    f.topo.run(old, "ping", "-c1", "-W1", svi_ip(1), check=False)
    wait_until(lambda: arp_entry(f, 3, REUSED).get("mac") == OLD, 15,
               what="host 3 has the old binding")
    f.topo.run(old, "ip", "link", "set", "eth0", "arp", "off")
    new = guest(f, 2, "new", NEW, REUSED)
    # host 2's neighbour table holds our remote binding (NOARP, which
    # ARP does not override): the hypervisor programs the new VM's
    # binding, as an agent that knows its VMs' addresses does
    f.topo.run(new, "ping", "-c1", "-W1", svi_ip(2), check=False)
    f.topo.run(f.host[2], "ip", "neigh", "replace", REUSED, "lladdr", NEW,
               "dev", "br100", "nud", "permanent")

    def moved():
        loc = arp_entry(f, 2, REUSED)
        assert loc.get("type") == "local" and loc.get("mac") == NEW and \
            loc.get("localSequence") == 1, loc
        for n in (1, 3):
            e = arp_entry(f, n, REUSED)
            assert e.get("type") == "remote" and e.get("mac") == NEW and \
                e.get("remoteVtep") == vtep_ip(2), (n, e)
            k = neighbours(f.topo, f.host[n]).get(REUSED, {})
            assert k.get("lladdr") == NEW, (n, k)
        return True
    wait_until(moved, 15, interval=0.5, what="the IP behind NEW at host 2")
    # host 1 keeps advertising MAC OLD, without the IP
    assert f.mac_of(1, OLD).get("type") == "local", f.mac_of(1, OLD)
    assert f.mac_of(3, OLD).get("remoteVtep") == vtep_ip(1)
    assert f.ping(3, REUSED, 2), "VM 3 cannot reach the new VM"


STICKY = "02:00:00:00:0f:01"


def test_sticky_mac_stays(fabric):
    """A static FDB entry on host 1 is advertised sticky (RFC 7432
    section 15.2); the same MAC speaking on host 2 is not a move: host 2
    neither advertises it nor repoints its FDB, and counts and logs the
    conflict."""
    f = fabric
    t = f.topo
    guest(f, 1, "sth", "02:00:00:00:0f:02", "192.168.100.98")
    t.run(f.host[1], "bridge", "fdb", "add", STICKY, "dev", "sth",
          "master", "static")
    wait_until(lambda: f.mac_of(2, STICKY).get("sticky") is True and
               f.mac_of(3, STICKY).get("remoteVtep") == vtep_ip(1), 15,
               what="the sticky MAC at hosts 2 and 3")
    before = f.vtep[2].json("show evpn vni 100 json").get(
        "stickyMacConflicts")
    assert before == 0, before
    ns = guest(f, 2, "stk", STICKY, "192.168.100.99")
    f.topo.run(ns, "arping", "-c1", "-w1", "-I", "eth0", svi_ip(2),
               check=False)
    wait_until(lambda: f.vtep[2].json("show evpn vni 100 json").get(
        "stickyMacConflicts") == 1, 10, what="host 2 counting the conflict")
    # host 2 learnt it locally (its bridge did), but the fabric stays
    m = f.mac_of(2, STICKY)
    assert m.get("type") == "remote" and m.get("remoteVtep") == \
        vtep_ip(1), m
    m = f.mac_of(3, STICKY)
    assert m.get("remoteVtep") == vtep_ip(1) and m.get("sticky"), m
    assert "sticky at VTEP 10.255.0.1: not advertised" in \
        open(f.vtep[2].proc.log).read()


DUP_IP = "192.168.100.66"
MAC_A, MAC_B = "02:00:00:00:0c:01", "02:00:00:00:0c:02"


def test_duplicate_ip_detected_frozen_cleared(fabric):
    """Two hosts claim one IP with different MACs (an address conflict,
    not a MAC move): each time one programs its binding it wins with a
    higher sequence.  Host 3 counts the IP's moves, marks it duplicate
    at the third, freezes its neighbour entry where it was, and clear
    lets it follow again.  The MACs never moved: no MAC duplicate."""
    f = fabric
    for n in (1, 2):
        f.vtep[n].configure("router bgp 65000", "address-family l2vpn evpn",
                            "no dup-addr-detection")
    f.vtep[3].configure("router bgp 65000", "address-family l2vpn evpn",
                        "dup-addr-detection max-moves 3 time 60",
                        "dup-addr-detection freeze permanent")
    mac = {1: MAC_A, 2: MAC_B}
    for n in (1, 2):
        ns = guest(f, n, "dup%d" % n, mac[n], DUP_IP)
        # the bridge learns the MAC from an ARP probe (sender 0.0.0.0),
        # which leaves the SVI's neighbour table alone: the bindings
        # come from claim() only, so host 3 counts exactly its moves
        f.topo.run(ns, "arping", "-D", "-c1", "-w1", "-I", "eth0",
                   svi_ip(n), check=False)
        wait_until(lambda: f.mac_of(n, mac[n]).get("type") == "local", 10,
                   what="host %d learning its guest's MAC" % n)

    def claim(n):
        f.topo.run(f.host[n], "ip", "neigh", "replace", DUP_IP, "lladdr",
                   mac[n], "dev", "br100", "nud", "permanent")
        wait_until(lambda: arp_entry(f, 3 - n, DUP_IP).get("mac") ==
                   mac[n], 10, what="host %d's binding winning" % n)

    def at3():
        return neighbours(f.topo, f.host[3]).get(DUP_IP, {}).get("lladdr")
    claim(1)
    wait_until(lambda: at3() == MAC_A, 10, what="host 3 following host 1")
    claim(2)
    claim(1)
    wait_until(lambda: at3() == MAC_A, 10, what="host 3 following host 1")
    claim(2)            # the third move: duplicate, frozen where it was
    wait_until(lambda: f.vtep[3].json(
        "show evpn arp-cache vni 100 duplicate json").get(DUP_IP, {}).get(
        "frozen") is True, 10, what="host 3 freezing the IP")
    e = arp_entry(f, 3, DUP_IP)
    assert e["isDuplicate"] is True and e["detectionCount"] >= 3, e
    assert at3() == MAC_A, at3()
    assert f.vtep[3].json("show evpn mac vni 100 duplicate json").get(
        "macs") == {}, "a MAC marked duplicate"
    assert re.search(r"%s\s+\S+\s+DF" % re.escape(DUP_IP),
                     f.vtep[3].cli("show evpn arp-cache vni 100")), \
        f.vtep[3].cli("show evpn arp-cache vni 100")
    out = f.vtep[3].cli("clear evpn dup-addr vni 100 ip %s" % DUP_IP)
    assert out.strip() == "1 duplicate IPs cleared", out
    wait_until(lambda: at3() == MAC_B, 10, what="host 3 following again")
    assert DUP_IP not in f.vtep[3].json(
        "show evpn arp-cache vni 100 duplicate json")


@pytest.fixture(scope="module")
def mixed(request):
    t = Topo("mobx")
    request.addfinalizer(t.close)
    f = Fabric(t, (1, 2), {2: "frr"}, prefix="x")
    wait_until(lambda: f.ping(1, vm_ip(2)) and f.ping(2, vm_ip(1)), 40,
               interval=0.5, what="VM 1 and VM 2 pinging")
    return f


def test_move_mixed_with_frr(mixed):
    """VM 1 moves from the evpnd host to the FRR host and back: FRR
    advertises sequence 1 and evpnd follows; evpnd advertises 2 and FRR
    follows (docs/frr-evpn-output.md: FRR's MAC Mobility view)."""
    f = mixed
    wait_until(lambda: located(f, 1, 0), 15, what="VM 1 at host 1")
    f.move(2)
    wait_until(lambda: f.ping(1, vm_ip(2)) and located(f, 2, 1), 20,
               interval=0.5, what="VM 1 at the FRR host with sequence 1")
    f.move(1)
    wait_until(lambda: f.ping(1, vm_ip(2)) and located(f, 1, 2), 20,
               interval=0.5, what="VM 1 back at evpnd with sequence 2")
