#!/usr/bin/python3
"""The README's demo fabric, in network namespaces (run as root).

An underlay router namespace runs evpnd as the EVPN route reflector
(`bgp no-rib`); three VTEP host namespaces each have br100 + vxlan100
(VNI 100, neigh_suppress on, an address on br100) and a VM namespace
behind a veth.  The VTEPs run --vteps (default evpnd, with the same
config an FRR VTEP has; frr: FRR bgpd + zebra with advertise-all-vni).
The demo waits for the sessions and the routes, prints what the route
reflector holds, each VTEP's `show evpn mac vni all` and what each
host's kernel FDB points at, pings every VM from VM 1 across VXLAN, then
keeps the fabric up until Ctrl-C, SIGTERM or `scripts/demo stop`;
--once tears it down right away (a test runs that).

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

from lib.daemons import Evpnd                       # noqa: E402
from lib.topo import Topo, wait_until              # noqa: E402
from lib.vtep import (RR_IP, evpnd_vtep, frr_vtep, rr_conf,  # noqa: E402
                      rr_ns, vm_ip, vm_mac, vtep_host, vtep_ip)

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


def fdb(topo, host):
    out = topo.run(host, "bridge", "-j", "fdb", "show", "dev",
                   "vxlan100").stdout
    return [(e["mac"], e.get("dst", "")) for e in json.loads(out or "[]")
            if e.get("dst")]


def wake(topo, hosts):
    """A broadcast from each VM, so its host's bridge learns the MAC."""
    for n in N:
        topo.run(hosts[n][1], "ping", "-c1", "-W0.2", "192.168.100.254",
                 check=False)


def build(topo, kind):
    rr_ns_ = rr_ns(topo)
    hosts = {n: vtep_host(topo, rr_ns_, n, svi=True, neigh_suppress=True)
             for n in N}
    say("route reflector: evpnd in", rr_ns_)
    rr = Evpnd(topo, rr_ns_, "evpnd-rr", rr_conf(N), log_level="info")
    vteps = {}
    for n in N:
        say("VTEP %d (%s) in %s, VM %s %s" % (n, kind, hosts[n][0],
                                               vm_mac(n), vm_ip(n)))
        if kind == "evpnd":
            vteps[n] = evpnd_vtep(topo, hosts[n][0], n, log_level="info")
        else:
            vteps[n] = frr_vtep(topo, hosts[n][0], n)
    for n in N:
        wait_until(lambda: rr.state(vtep_ip(n), "l2VpnEvpn") ==
                   "Established", 60, what="VTEP %d Established" % n)
    say("all sessions Established")

    def converged():
        wake(topo, hosts)
        return all(len(fdb(topo, hosts[n][0])) >= 2 * (len(N) - 1)
                   for n in N)
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
        say("host %d: vxlan100 FDB (bridge fdb show dev vxlan100)" % n)
        for mac, dst in fdb(topo, hosts[n][0]):
            print("   %s dst %s" % (mac, dst))
    ok = True
    for n in N[1:]:
        r = topo.run(hosts[1][1], "ping", "-c3", "-i0.2", "-W1", vm_ip(n),
                     check=False)
        say("VM 1 -> VM %d (%s) across VXLAN: %s" % (
            n, vm_ip(n), "ok" if r.returncode == 0 else "FAILED"))
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
