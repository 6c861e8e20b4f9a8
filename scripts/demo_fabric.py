#!/usr/bin/python3
"""The README's demo fabric, in network namespaces (run as root).

An underlay router namespace runs evpnd as the EVPN route reflector
(`bgp no-rib`); three VTEP host namespaces, each with a VM namespace
behind a veth.  --vteps evpnd (the default): hosts 1 and 2 share the
L2 VNI 100 (192.168.100.0/24), host 3 has VNI 200 (192.168.200.0/24),
and all three the L3VNI 1000 of VRF tenant1 (symmetric IRB, table 1000
with ip rules: lib/irb.py), so VM 1 reaches VM 2 bridged and VM 3
routed.  --vteps frr: FRR bgpd + zebra on the hosts, VNI 100 on all
three (L2 only: FRR needs VRF devices for an L3VNI, this kernel has
none).  The demo waits for the sessions and the routes, prints what the
route reflector holds, each VTEP's `show evpn mac vni all` and what each
host's kernel FDB points at, pings from VM 1 across VXLAN, then keeps
the fabric up until Ctrl-C, SIGTERM or `scripts/demo stop`; --once
tears it down right away (a test runs that).

Namespaces are evt-<pid>-*, removed on every exit path (lib/topo.py).
"""
import argparse
import json
import os
import signal
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "topotests"))

from lib import irb                                 # noqa: E402
from lib.daemons import Evpnd                       # noqa: E402
from lib.topo import Topo, wait_until              # noqa: E402
from lib.vtep import (RR_IP, frr_vtep, rr_conf, rr_ns,  # noqa: E402
                      vm_ip, vm_mac, vtep_host, vtep_ip)

N = (1, 2, 3)
PIDFILE = "/run/evpnd-demo.pid"


def say(*a):
    print("==", *a, flush=True)


def evpn_routes(rr):
    """[(type, key, next hop)] of the RR's `show bgp l2vpn evpn json`."""
    out = []
    for rd, v in rr.evpn().items():
        if not isinstance(v, dict) or "rd" not in v:
            continue
        for pfx, r in v.items():
            if not isinstance(r, dict):
                continue
            for p in r.get("paths", []):
                for q in (p if isinstance(p, list) else [p]):
                    nh = [h.get("ip") for h in q.get("nexthops", [])]
                    out.append((pfx, rd, ",".join(filter(None, nh))))
    return sorted(set(out))


def fdb(topo, host, dev="vxlan100"):
    out = topo.run(host, "bridge", "-j", "fdb", "show", "dev",
                   dev).stdout
    return [(e["mac"], e.get("dst", "")) for e in json.loads(out or "[]")
            if e.get("dst")]


VNI_OF = {1: 100, 2: 100, 3: 200}     # --vteps evpnd


def target(n, kind):
    """VM n's address, and how VM 1 reaches it."""
    if kind == "frr":
        return vm_ip(n), "bridged"
    return irb.vm_ip(n, VNI_OF[n]), ("bridged" if VNI_OF[n] == VNI_OF[1]
                                     else "routed via the L3VNI")


def wake(topo, hosts, kind):
    """A packet from each VM to its gateway: the host learns its MAC and
    (evpnd: from the SVI's neighbour table) its MAC/IP."""
    for n in N:
        dst = "192.168.100.254" if kind == "frr" else irb.gw(VNI_OF[n])
        topo.run(hosts[n][1], "ping", "-c1", "-W0.2", dst, check=False)


def build(topo, kind):
    rr_ns_ = rr_ns(topo)
    if kind == "evpnd":
        hosts = {n: irb.irb_host(topo, rr_ns_, n, VNI_OF[n]) for n in N}
    else:
        hosts = {n: vtep_host(topo, rr_ns_, n) for n in N}
    say("route reflector: evpnd in", rr_ns_)
    rr = Evpnd(topo, rr_ns_, "evpnd-rr", rr_conf(N), log_level="info")
    vteps = {}
    for n in N:
        say("VTEP %d (%s) in %s, VM %s %s" % (n, kind, hosts[n][0],
                                               vm_mac(n), target(n, kind)[0]))
        if kind == "evpnd":
            vteps[n] = Evpnd(topo, hosts[n][0], "evpnd%d" % n,
                             irb.conf(n), log_level="info")
        else:
            vteps[n] = frr_vtep(topo, hosts[n][0], n)
    for n in N:
        wait_until(lambda: rr.state(vtep_ip(n), "l2VpnEvpn") ==
                   "Established", 60, what="VTEP %d Established" % n)
    say("all sessions Established")

    def converged():
        wake(topo, hosts, kind)
        if kind == "frr":
            return all(len(fdb(topo, hosts[n][0])) >= 2 * (len(N) - 1)
                       for n in N)
        # VM 2 in host 1's FDB, VM 3's host route in host 1's VRF table
        routes = topo.run(hosts[1][0], "ip", "route", "show", "table",
                          str(irb.TABLE)).stdout
        return any(m == vm_mac(2) for m, _ in fdb(topo, hosts[1][0])) and \
            irb.vm_ip(3, 200) in routes
    wait_until(converged, 60, interval=1, what="every FDB complete")
    return rr, hosts, vteps


def show(topo, rr, hosts, vteps, kind):
    say("the route reflector's EVPN table (evpnsh -c 'show bgp l2vpn "
        "evpn json')")
    for pfx, rd, nh in evpn_routes(rr):
        print("   %-55s rd %-16s nh %s" % (pfx, rd, nh))
    for n in N:
        say("VTEP %d: show evpn mac vni all" % n)
        v = vteps[n]
        out = (v.cli("show evpn mac vni all") if kind == "evpnd" else
               v.vtysh("show evpn mac vni all"))
        print("\n".join("   " + line for line in out.strip().splitlines()))
    for n in N:
        dev = "vxlan%d" % (VNI_OF[n] if kind == "evpnd" else 100)
        say("host %d: %s FDB (bridge fdb show dev %s)" % (n, dev, dev))
        for mac, dst in fdb(topo, hosts[n][0], dev):
            print("   %s dst %s" % (mac, dst))
    if kind == "evpnd":
        say("host 1: VRF tenant1 (ip route show table %d)" % irb.TABLE)
        print("\n".join("   " + ln for ln in topo.run(
            hosts[1][0], "ip", "route", "show", "table",
            str(irb.TABLE)).stdout.strip().splitlines()))
    ok = True
    for n in N[1:]:
        ip, how = target(n, kind)
        r = topo.run(hosts[1][1], "ping", "-c3", "-i0.2", "-W1", ip,
                     check=False)
        say("VM 1 -> VM %d (%s) across VXLAN, %s: %s" % (
            n, ip, how, "ok" if r.returncode == 0 else "FAILED"))
        ok = ok and r.returncode == 0
    return ok


def stop_running():
    try:
        with open(PIDFILE) as f:
            pid = int(f.read())
    except (OSError, ValueError):
        print("no demo running (%s)" % PIDFILE)
        return 1
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print("demo stopped")
            return 0
        time.sleep(0.1)
    print("demo (pid %d) still running" % pid)
    return 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", nargs="?", default="start",
                    choices=("start", "stop"))
    ap.add_argument("--once", action="store_true",
                    help="tear down after the pings")
    ap.add_argument("--vteps", default="evpnd", choices=("evpnd", "frr"))
    a = ap.parse_args()
    if a.cmd == "stop":
        return stop_running()
    topo = Topo("demo")
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        rr, hosts, vteps = build(topo, a.vteps)
        ok = show(topo, rr, hosts, vteps, a.vteps)
        if not a.once:
            with open(PIDFILE, "w") as f:
                f.write("%d\n" % os.getpid())
            say("fabric up; build/evpnsh -S %s talks to the route reflector; "
                "Ctrl-C or 'scripts/demo stop' tears it down" % rr.sock)
            while not stop:
                time.sleep(0.5)
        return 0 if ok else 1
    except KeyboardInterrupt:
        return 0
    finally:
        say("tearing down")
        topo.close()
        if not a.once:
            try:
                os.unlink(PIDFILE)
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(main())
