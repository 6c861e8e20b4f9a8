"""evpnd as an EVPN VTEP (DESIGN.md sections 6-7, docs/frr-evpn-output.md).

The module's fabric (lib/vtep.py): an evpnd route reflector in the
underlay router namespace and three evpnd VTEP hosts, each with br100
(192.168.100.(100+N)/24 on it: the SVI), vxlan100 (VNI 100,
neigh_suppress on) and a VM.  evpnd loads the same config as an FRR VTEP
(`advertise-all-vni`).  The tests run in file order on that one fabric:
the mesh (FDB, flood entries, show commands with FRR's JSON keys), ARP
suppression on the wire, a kill -9 restart that must not disturb the
kernel, then withdrawals (a VM leaves, a VTEP stops).  test_mixed puts
an evpnd VTEP and an FRR VTEP under an FRR and under an evpnd route
reflector.

EVPN_VTEP_KIND=frr builds the module's fabric with FRR VTEPs instead:
the reference behaviour the assertions were written against.
"""
import os
import re
import signal

import pytest

from lib.daemons import Evpnd
from lib.topo import Timeout, Topo, holds_for, sh, wait_until
from lib.vtep import (RR_IP, evpnd_vtep, fdb, frr_rr, frr_vtep, neighbours,
                      rr_conf, rr_ns, svi_ping, vm_ip, vm_mac, vtep_host,
                      vtep_ip)

N = (1, 2, 3)
ZERO = "00:00:00:00:00:00"
KIND = os.environ.get("EVPN_VTEP_KIND", "evpnd")
PING_INTERVAL = 0.1


def others(n, ns=N):
    return [m for m in ns if m != n]


def start_vtep(topo, kind, host_ns, n):
    return (evpnd_vtep if kind == "evpnd" else frr_vtep)(topo, host_ns, n)


def kill_vtep(v):
    """kill -9: the daemon gets no chance to touch the kernel."""
    if isinstance(v, Evpnd):
        v.proc.kill()
    else:   # zebra first: it cleans up after a bgpd that went away
        for d in ("zebra", "bgpd"):
            v.procs[d].kill()


def stop_vtep(v):
    if isinstance(v, Evpnd):
        v.proc.stop()
    else:
        v.stop()


def ping(topo, vm, ip, count=1):
    return topo.run(vm, "ping", "-c", str(count), "-i", "0.2", "-W", "1",
                    ip, check=False).returncode == 0


def entry(entries, mac, dst):
    """vxlan100's own entry for mac with that dst, or None."""
    for e in entries:
        if e["mac"] == mac and e.get("dst") == dst:
            return e
    return None


def brief(entries):
    return [(e["mac"], e.get("dst") or e.get("master"), e.get("flags"))
            for e in entries]


def check_fdb(topo, host_ns, n, peers):
    """host n's vxlan100 FDB points at every VTEP in peers: the VM's MAC
    (extern_learn, from its type-2) and a flood entry (its type-3)."""
    entries = fdb(topo, host_ns)
    bad = []
    for m in peers:
        e = entry(entries, vm_mac(m), vtep_ip(m))
        if e is None or "extern_learn" not in e.get("flags", []):
            bad.append("%s dst %s extern_learn" % (vm_mac(m), vtep_ip(m)))
        if entry(entries, ZERO, vtep_ip(m)) is None:
            bad.append("%s dst %s" % (ZERO, vtep_ip(m)))
    assert not bad, "host %d vxlan100 FDB lacks %s; has %s" % (
        n, bad, brief(entries))
    return True


def mesh_pings(topo, vms, ns=N):
    failed = [(a, b) for a in ns for b in others(a, ns)
              if not ping(topo, vms[a], vm_ip(b))]
    assert not failed, "VM pings failed (from, to): %s" % failed
    return True


def sub(got, want, what):
    """Assert got (a dict) has want's keys with want's values."""
    assert isinstance(got, dict), "%s: not an object: %r" % (what, got)
    bad = {k: got.get(k, "<missing>") for k, v in want.items()
           if got.get(k) != v}
    assert not bad, "%s: %s, want %s (all: %s)" % (
        what, bad, {k: want[k] for k in bad}, got)


def evpn_routes(j):
    """[(rd, prefix, path)] of `show bgp l2vpn evpn route [type T] json`:
    FRR's {RD: {"rd": RD, PREFIX: {"prefix", "paths": [[path], ...]}},
    "numPrefix": N, "numPaths": N} (each path in a list of its own)."""
    out = []
    for rd, v in j.items():
        if not isinstance(v, dict):
            continue
        assert v.get("rd") == rd, "RD %s: %r" % (rd, v)
        for pfx, r in v.items():
            if pfx == "rd":
                continue
            assert r.get("prefix") == pfx, "%s: %r" % (pfx, r)
            for p in r["paths"]:
                assert isinstance(p, list), \
                    "%s: paths must be a list of lists: %r" % (pfx, r)
                out += [(rd, pfx, q) for q in p]
    return out


def mac_prefix(n, ip=False):
    s = "[2]:[0]:[48]:[%s]" % vm_mac(n)
    return s + (":[32]:[%s]" % vm_ip(n) if ip else "")


class Fabric:
    def __init__(self, topo, kind):
        self.topo = topo
        rr = rr_ns(topo)
        hosts = {n: vtep_host(topo, rr, n, svi=True, neigh_suppress=True)
                 for n in N}
        self.host = {n: hosts[n][0] for n in N}
        self.vm = {n: hosts[n][1] for n in N}
        self.rr = Evpnd(topo, rr, "evpnd-rr", rr_conf(N))
        self.vtep = {n: start_vtep(topo, kind, self.host[n], n) for n in N}
        self.failed = None

    def sessions(self):
        return all(self.rr.state(vtep_ip(n), "l2VpnEvpn") == "Established"
                   for n in N)

    def converge(self, timeout=25):
        """Sessions up, every VM reaching every other, every FDB full.
        Once that timed out, later tests fail at once."""
        if self.failed:
            pytest.fail("the fabric never converged: " + self.failed)
        t = self.topo

        def done():
            for n in N:     # MAC/IP on the SVI (docs/frr-evpn-output.md)
                svi_ping(t, self.host[n], n)
            try:
                mesh_pings(t, self.vm)
            finally:        # what the FDBs lack tells more than the pings
                for n in N:
                    check_fdb(t, self.host[n], n, others(n))
            return True
        try:
            wait_until(self.sessions, 20, what="every VTEP Established")
            wait_until(done, timeout, interval=0.5,
                       what="every VM pinging every other, FDBs full")
        except Timeout as e:
            self.failed = str(e)
            raise


@pytest.fixture(scope="module")
def fabric(request):
    t = Topo("vtep")
    request.addfinalizer(t.close)
    return Fabric(t, KIND)


# -- a) the mesh --------------------------------------------------------
def test_mesh(fabric):
    fabric.converge()
    t, v1 = fabric.topo, fabric.vtep[1]
    mesh_pings(t, fabric.vm)
    for n in N:
        check_fdb(t, fabric.host[n], n, others(n))
        own = [e for e in fdb(t, fabric.host[n])
               if e["mac"] == vm_mac(n) and e.get("dst")]
        assert not own, "host %d points its own VM remote: %s" % (n, own)

    if KIND == "evpnd":     # 2 remote MACs, 2 flood entries of ours
        fs = v1.json("show fib summary json")
        assert fs["fdbs"] == 2 and fs["floods"] == 2, fs
    m = v1.json("show evpn mac vni 100 json")
    macs = m.get("macs", {})
    assert m.get("numMacs") == 3 and sorted(macs) == \
        sorted(vm_mac(n) for n in N), m
    sub(macs[vm_mac(1)], {"type": "local", "intf": "vm"}, "local MAC")
    for n in (2, 3):
        sub(macs[vm_mac(n)], {"type": "remote", "remoteVtep": vtep_ip(n)},
            "remote MAC %d" % n)
    for mac, e in macs.items():
        for k in ("localSequence", "remoteSequence"):
            assert isinstance(e.get(k), int), "%s %s: %r" % (mac, k, e)
    a = v1.json("show evpn mac vni all json")
    assert list(a) == ["100"] and sorted(a["100"]["macs"]) == sorted(macs), a

    vnis = v1.json("show evpn vni json")
    assert list(vnis) == ["100"], vnis
    sub(vnis["100"], {"vni": 100, "type": "L2", "vxlanIf": "vxlan100",
                      "numMacs": 3, "numArpNd": 3, "numRemoteVteps": 2,
                      "tenantVrf": "default"}, "show evpn vni json")
    assert sorted(vnis["100"]["remoteVteps"]) == [vtep_ip(2), vtep_ip(3)]
    d = v1.json("show evpn vni 100 json")
    sub(d, {"vni": 100, "type": "L2", "vxlanInterface": "vxlan100",
            "sviInterface": "br100", "vtepIp": vtep_ip(1), "numMacs": 3,
            "numArpNd": 3}, "show evpn vni 100 json")
    # FRR's quirk: here numRemoteVteps is the list of VTEPs
    assert sorted(d["numRemoteVteps"]) == [vtep_ip(2), vtep_ip(3)], d

    j = v1.json("show bgp l2vpn evpn route type multicast json")
    r = evpn_routes(j)
    assert sorted(p for _, p, _ in r) == \
        ["[3]:[0]:[32]:[%s]" % vtep_ip(n) for n in N], j
    assert j.get("numPrefix") == 3, j
    for rd, pfx, p in r:
        ip = p.get("ip")
        assert rd.startswith(ip + ":"), (rd, pfx)
        sub(p, {"routeType": 3, "ethTag": 0, "ipLen": 32}, pfx)
        assert [h["ip"] for h in p["nexthops"]] == [ip], p
    j = v1.json("show bgp l2vpn evpn route type macip json")
    want = sorted(mac_prefix(n, ip) for n in N for ip in (False, True))
    assert sorted(p for _, p, _ in evpn_routes(j)) == want, j
    for rd, pfx, p in evpn_routes(j):
        n = int(p["mac"][-2:], 16)
        assert rd.startswith(vtep_ip(n) + ":"), (rd, pfx)
        assert p.get("routeType") == 2 and \
            [h["ip"] for h in p["nexthops"]] == [vtep_ip(n)], p


# -- b) ARP suppression -------------------------------------------------
def capture(topo, ns, name, dev, *filt):
    """tcpdump -w on dev in ns, once it is listening; (proc, file)."""
    f = topo.path(name + ".pcap")
    p = topo.start(ns, name, ["tcpdump", "-i", dev, "-n", "-U",
                                "--immediate-mode", "-w", f]
                   + list(filt))
    wait_until(lambda: "listening on" in open(p.log).read(), 10,
               what="%s listening" % name)
    return p, f


def read_pcap(f, *filt):
    return sh("tcpdump", "-n", "-r", f, *filt, check=False).stdout


def test_arp_suppression(fabric):
    fabric.converge()
    t, h = fabric.topo, fabric.host

    def known(a, b):
        """host a has VM b's MAC/IP on its SVI, and its bridge (not only
        vxlan100) knows the MAC: the kernel answers an ARP request from
        the neighbour entry only when br100's FDB has the MAC on a
        neigh_suppress port."""
        e = neighbours(t, h[a]).get(vm_ip(b))
        assert e and e.get("lladdr") == vm_mac(b) and not \
            {"FAILED", "INCOMPLETE"} & set(e.get("state", [])), \
            "host %d br100 neighbour %s: %r" % (a, vm_ip(b), e)
        br = [x for x in fdb(t, h[a]) if x["mac"] == vm_mac(b)
              and x.get("master") == "br100"]
        assert br, "host %d: br100 has no FDB entry for %s on vxlan100" % (
            a, vm_mac(b))
        return True
    wait_until(lambda: known(1, 2) and known(2, 1), 10,
               what="MAC/IP of VMs 1, 2 on the other's SVI")
    arp = fabric.vtep[1].json("show evpn arp-cache vni 100 json")
    assert arp.get("numArpNd") == 3, arp
    sub(arp.get(vm_ip(2)), {"type": "remote", "mac": vm_mac(2),
                            "remoteVtep": vtep_ip(2), "state": "active"},
        "arp-cache " + vm_ip(2))
    sub(arp.get(vm_ip(1)), {"type": "local", "mac": vm_mac(1)},
        "arp-cache " + vm_ip(1))
    a = fabric.vtep[1].json("show evpn arp-cache vni all json")
    assert list(a) == ["100"] and a["100"].get(vm_ip(3), {}).get(
        "remoteVtep") == vtep_ip(3), a

    for vm in (fabric.vm[1], fabric.vm[2]):
        t.run(vm, "ip", "neigh", "flush", "dev", "eth0")
    dump, f = capture(t, h[1], "uplink-vxlan", "uplink", "udp", "port",
                      "4789")
    r = t.run(fabric.vm[1], "arping", "-c", "1", "-w", "2", "-I", "eth0",
              vm_ip(2), check=False)
    assert r.returncode == 0 and vm_mac(2) in r.stdout.lower(), \
        r.stdout + r.stderr
    assert ping(t, fabric.vm[1], vm_ip(2), count=2)
    wait_until(lambda: "ICMP echo reply" in read_pcap(f), 5,
               what="the echo replies in the capture")
    dump.stop()
    out = read_pcap(f, "udp", "port", "4789")
    assert "ICMP echo request" in out, out     # VXLAN decoded
    arps = [ln for ln in out.splitlines() if "ARP" in ln]
    assert not arps, "ARP crossed VXLAN:\n" + "\n".join(arps)


# -- e) restart ---------------------------------------------------------
def kernel_state(topo, host_ns):
    """host's vxlan100 FDB and the remote VMs' neighbours on br100."""
    nb = neighbours(topo, host_ns)
    return (sorted(brief(fdb(topo, host_ns)), key=repr),
            sorted((ip, e.get("lladdr"), e.get("state"))
                   for ip, e in nb.items()
                   if ip in (vm_ip(2), vm_ip(3))))


def replies(log):
    """The icmp_seq of every echo reply in a ping's output."""
    with open(log) as f:
        return {int(s) for s in re.findall(r"bytes from .* icmp_seq=(\d+)",
                                           f.read())}


def fdb_monitor(topo, ns):
    """`bridge monitor fdb` in ns, once it is running: it shows an entry
    added to a scratch bridge outside any VNI."""
    mon = topo.start(ns, "fdb-monitor", ["stdbuf", "-oL", "bridge",
                                         "monitor", "fdb"])
    mark = "02:00:00:00:0f:0f"
    topo.run(ns, "ip", "link", "add", "mark0", "type", "bridge")

    def seen():
        # again each time: the monitor may not have subscribed yet when
        # the first one went by (a loaded machine)
        topo.run(ns, "bridge", "fdb", "del", mark, "dev", "mark0", "self",
                 check=False)
        topo.run(ns, "bridge", "fdb", "add", mark, "dev", "mark0", "self",
                 "local")
        return mark in open(mon.log).read()
    try:
        wait_until(seen, 10, interval=0.3, what="bridge monitor running")
    finally:
        topo.run(ns, "ip", "link", "del", "mark0")
    return mon


def unchanged(before, now):
    assert now == before, "kernel state changed: was %s, is %s" % (
        before, now)
    return True


def test_restart_keeps_kernel_state(fabric):
    fabric.converge()
    t, h1, v1 = fabric.topo, fabric.host[1], fabric.vtep[1]
    before = kernel_state(t, h1)
    assert len(before[1]) == 2, before
    dump, f = capture(t, fabric.vm[2], "vm2-icmp", "eth0", "icmp")
    mon = fdb_monitor(t, h1)
    pinger = t.start(fabric.vm[1], "ping-restart",
                     ["ping", "-i", str(PING_INTERVAL), vm_ip(2)])
    wait_until(lambda: len(replies(pinger.log)) >= 10, 10,
               what="pings answered")

    kill_vtep(v1)
    holds_for(lambda: unchanged(before, kernel_state(t, h1)), 2)
    v1.start()
    wait_until(lambda: v1.state(RR_IP, "l2VpnEvpn") == "Established", 15,
               what="host 1 Established again")

    def reconverged():
        macs = v1.json("show evpn mac vni 100 json").get("macs", {})
        assert all(macs.get(vm_mac(n), {}).get("type") == "remote"
                   for n in (2, 3)), macs
        return unchanged(before, kernel_state(t, h1))
    wait_until(reconverged, 15, what="host 1 reconverged, same entries")
    wait_until(lambda: check_fdb(t, fabric.host[2], 2, [1]), 10,
               what="host 1's routes back at host 2")
    seq = len(replies(pinger.log))
    wait_until(lambda: len(replies(pinger.log)) > seq + 5, 10,
               what="pings answered after the restart")
    pinger.stop(sig=signal.SIGINT)
    with open(pinger.log) as fh:
        sent = int(re.search(r"(\d+) packets transmitted",
                             fh.read()).group(1))
    req = r"%s > %s: ICMP echo request, id \d+, seq (\d+)" % (
        re.escape(vm_ip(1)), re.escape(vm_ip(2)))

    def seen():
        return {int(s) for s in re.findall(req, read_pcap(f))}
    try:
        wait_until(lambda: sent - 1 in seen(), 3,
                   what="the last echo requests at VM 2")
    except Timeout:
        pass        # lost: counted below
    dump.stop()
    mon.stop()
    answered = replies(pinger.log)
    # VM 1 -> VM 2 rides on host 1's kernel entries alone: nothing lost
    lost = sorted(set(range(1, sent)) - seen())
    assert len(lost) <= 2, "echo requests lost on the way: %s" % lost
    # the way back needs host 1's routes at host 2: the route reflector
    # withdraws them when the session drops, until host 1 is back
    missing = sent - 1 - len(answered)
    assert missing <= (2 + 5) / PING_INTERVAL, \
        "%d of %d echo replies lost" % (missing, sent)
    deleted = [ln for ln in open(mon.log).read().splitlines()
               if ln.startswith("Deleted") and
               any(m in ln for m in (vm_mac(2), vm_mac(3), ZERO))]
    assert not deleted, "kernel entries deleted during the restart:\n" + \
        "\n".join(deleted)


def test_clean_stop_keeps_kernel_state(fabric):
    """SIGTERM: evpnd withdraws its routes from BGP but leaves the kernel
    entries to its successor (fib.h), which takes them over."""
    if KIND != "evpnd":
        pytest.skip("evpnd only")
    fabric.converge()
    t, h1, v1 = fabric.topo, fabric.host[1], fabric.vtep[1]
    before = kernel_state(t, h1)
    v1.proc.stop()
    holds_for(lambda: unchanged(before, kernel_state(t, h1)), 2)
    v1.start()
    wait_until(lambda: v1.state(RR_IP, "l2VpnEvpn") == "Established", 15,
               what="host 1 Established again")
    wait_until(lambda: unchanged(before, kernel_state(t, h1)) and all(
        v1.json("show evpn mac vni 100 json").get("macs", {}).get(
            vm_mac(n), {}).get("type") == "remote" for n in (2, 3)), 15,
        what="host 1 reconverged, same entries")


# -- d) withdrawals -----------------------------------------------------
def test_withdrawals(fabric):
    fabric.converge()
    t, h1 = fabric.topo, fabric.host[1]
    t.run(fabric.host[2], "ip", "link", "del", "vm")

    def vm2_gone():
        e = [x for x in fdb(t, h1) if x["mac"] == vm_mac(2)]
        nb = neighbours(t, h1).get(vm_ip(2))
        assert not e and not nb, (brief(e), nb)
        return True
    wait_until(vm2_gone, 9, what="host 1 forgets VM 2")
    check_fdb(t, h1, 1, [3])
    assert entry(fdb(t, h1), ZERO, vtep_ip(2)), brief(fdb(t, h1))
    m = fabric.vtep[1].json("show evpn mac vni 100 json")
    assert vm_mac(2) not in m.get("macs", {}) and m.get("numMacs") == 2, m

    stop_vtep(fabric.vtep[3])

    def vtep3_gone():
        e = [x for x in fdb(t, h1) if x["mac"] == vm_mac(3)
             or x.get("dst") == vtep_ip(3)]
        assert not e, brief(e)
        return True
    wait_until(vtep3_gone, 9, what="host 1 forgets VTEP 3")
    assert entry(fdb(t, h1), ZERO, vtep_ip(2)), brief(fdb(t, h1))
    vnis = fabric.vtep[1].json("show evpn vni json")
    sub(vnis.get("100"), {"numRemoteVteps": 1, "remoteVteps": [vtep_ip(2)],
                          "numMacs": 1}, "show evpn vni json")
    j = fabric.vtep[1].json("show bgp l2vpn evpn route type multicast json")
    assert sorted(p for _, p, _ in evpn_routes(j)) == \
        ["[3]:[0]:[32]:[%s]" % vtep_ip(n) for n in (1, 2)], j


def test_vni_deleted(fabric):
    """Host 2 deletes its VXLAN device: its type-3 route goes, and with
    it host 1's flood entry for host 2 (run after test_withdrawals: only
    hosts 1 and 2 are left)."""
    if KIND != "evpnd":
        pytest.skip("evpnd only")
    t, h1 = fabric.topo, fabric.host[1]
    assert entry(fdb(t, h1), ZERO, vtep_ip(2)), brief(fdb(t, h1))
    t.run(fabric.host[2], "ip", "link", "del", "vxlan100")

    def gone():
        e = [x for x in fdb(t, h1) if x.get("dst") == vtep_ip(2)]
        assert not e, brief(e)
        return True
    wait_until(gone, 9, what="host 1's entries for host 2's VNI gone")
    v = fabric.vtep[2].json("show evpn vni json")
    assert "100" not in v, v
    j = fabric.vtep[1].json("show bgp l2vpn evpn route type multicast json")
    assert sorted(p for _, p, _ in evpn_routes(j)) == \
        ["[3]:[0]:[32]:[%s]" % vtep_ip(1)], j


# -- c) evpnd and FRR VTEPs together ------------------------------------
def mixed(topo, rr_kind, kinds=("evpnd", "frr")):
    """Host 1 runs kinds[0], host 2 kinds[1], under an rr_kind RR."""
    ns = rr_ns(topo, "mrr")     # beside the module's fabric
    hosts = {n: vtep_host(topo, ns, n, prefix="m") for n in (1, 2)}
    rr = frr_rr(topo, ns, (1, 2)) if rr_kind == "frr" else \
        Evpnd(topo, ns, "evpnd-rr", rr_conf((1, 2)))
    v = {n: start_vtep(topo, kinds[n - 1], hosts[n][0], n) for n in (1, 2)}
    wait_until(lambda: all(rr.state(vtep_ip(n), "l2VpnEvpn") ==
                           "Established" for n in (1, 2)), 20,
               what="both VTEPs Established at the RR")

    def has_imet(n, of):
        j = v[n].json("show bgp l2vpn evpn route type multicast json")
        want = "[3]:[0]:[32]:[%s]" % vtep_ip(of)
        assert want in [p for _, p, _ in evpn_routes(j)], \
            "host %d (%s) lacks %s: %s" % (n, kinds[n - 1], want, j)
        return True
    wait_until(lambda: has_imet(1, 2), 20, what="host 2's type-3 at host 1")
    wait_until(lambda: has_imet(2, 1), 20, what="host 1's type-3 at host 2")
    vms = {n: hosts[n][1] for n in (1, 2)}
    wait_until(lambda: mesh_pings(topo, vms, (1, 2)), 20, interval=0.5,
               what="VMs 1 and 2 pinging each other")
    for n in (1, 2):
        wait_until(lambda: check_fdb(topo, hosts[n][0], n, others(n, (1, 2))),
                   10, what="host %d FDB" % n)


@pytest.mark.parametrize("rr_kind", ["frr", "evpnd"])
def test_mixed(topo, rr_kind):
    mixed(topo, rr_kind)
