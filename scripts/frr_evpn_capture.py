#!/usr/bin/python3
"""Capture FRR's EVPN show output (docs/frr-evpn-output.md; run as root).

An FRR route reflector and three FRR VTEPs (topotests/lib/vtep.py), an
address on each br100 so zebra learns MAC/IP from the SVI's neighbour
table, every VM pinging every other; then each show command, text and
json, on host 1 into OUTDIR (one file each), and the same after VM 3's
MAC moves behind host 1.  Namespaces evt-<pid>-*, removed on exit.
"""
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "topotests"))
from lib.daemons import Frr                               # noqa: E402
from lib.topo import Topo, wait_until                     # noqa: E402
from lib.vtep import (RR_IP, frr_vtep, rr_ns, vm_ip,  # noqa: E402
                      vtep_host, vtep_ip)

N = (1, 2, 3)
OUT = sys.argv[1] if len(sys.argv) > 1 else "frr-evpn-out"
os.makedirs(OUT, exist_ok=True)

RR = """hostname rr
router bgp 65000
 bgp router-id {rr}
 bgp cluster-id {rr}
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor VTEP peer-group
 neighbor VTEP remote-as internal
 neighbor VTEP update-source {rr}
 neighbor VTEP timers connect 2
{nb}
 address-family l2vpn evpn
  neighbor VTEP activate
  neighbor VTEP route-reflector-client
 exit-address-family
""".format(rr=RR_IP, nb="\n".join(" neighbor %s peer-group VTEP"
                                  % vtep_ip(n) for n in N))

CMDS = ["show version",
        "show evpn vni", "show evpn vni 100", "show evpn vni detail",
        "show evpn mac vni 100", "show evpn mac vni all",
        "show evpn arp-cache vni 100", "show evpn arp-cache vni all",
        "show bgp l2vpn evpn route", "show bgp l2vpn evpn route type macip",
        "show bgp l2vpn evpn route type multicast", "show bgp l2vpn evpn",
        "show bgp l2vpn evpn summary", "show bgp l2vpn evpn vni",
        "show evpn",
        "show evpn mac vni 100 mac 02:00:00:00:01:01",
        "show evpn mac vni 100 mac 02:00:00:00:01:02",
        "show evpn mac vni 100 duplicate", "show evpn vni 200",
        "show evpn mac vni 200", "show evpn arp-cache vni 200",
        "show evpn arp-cache vni 100 ip 192.168.100.2",
        "show evpn mac vni 100 detail",
        "show bgp l2vpn evpn route rd 10.255.0.2:2",
        "show bgp l2vpn evpn route vni 100",
        "show bgp l2vpn evpn route type prefix"]

topo = Topo("cap")
try:
    rr = rr_ns(topo)
    hosts = {n: vtep_host(topo, rr, n) for n in N}
    for n in N:
        topo.addr(hosts[n][0], "br100", "192.168.100.%d/24" % (100 + n))
    frr_rr = Frr(topo, rr, "frrrr", RR, hostname="rr")
    v = {n: frr_vtep(topo, hosts[n][0], n) for n in N}
    for n in N:
        wait_until(lambda: frr_rr.peer(vtep_ip(n), "l2VpnEvpn").get(
            "state") == "Established", 60, what="vtep %d" % n)

    def pings():
        ok = True
        for a in N:
            # host -> own VM: SVI neighbour entry
            topo.run(hosts[a][0], "ping", "-c1", "-W1", vm_ip(a),
                     check=False)
            for b in N:
                if a != b:
                    r = topo.run(hosts[a][1], "ping", "-c1", "-W1",
                                 vm_ip(b), check=False)
                    ok = ok and r.returncode == 0
        return ok
    wait_until(pings, 60, interval=1, what="pings")
    time.sleep(3)
    pings()
    time.sleep(2)
    for n in N:
        h = hosts[n][0]
        with open("%s/kernel%d.txt" % (OUT, n), "w") as f:
            for c in (["bridge", "fdb", "show", "dev", "vxlan100"],
                      ["bridge", "-j", "fdb", "show", "dev", "vxlan100"],
                      ["bridge", "fdb", "show", "br", "br100"],
                      ["ip", "neigh", "show", "dev", "br100"],
                      ["ip", "-d", "link", "show", "dev", "vxlan100"],
                      ["ip", "link", "show", "dev", "br100"]):
                f.write("$ %s\n%s\n" % (" ".join(c),
                                        topo.run(h, *c).stdout))
    for n in (1,):
        for c in CMDS:
            for j in ("", " json"):
                if c == "show version" and j:
                    continue
                name = (c + j).replace(" ", "_")
                out = v[n].vtysh(c + j, check=False)
                with open("%s/h%d_%s.txt" % (OUT, n, name), "w") as f:
                    f.write(out if out is not None else "ERROR\n")
    with open(OUT + "/rr_evpn_json.txt", "w") as f:
        f.write(frr_rr.vtysh("show bgp l2vpn evpn json"))
    with open(OUT + "/h2_mac.txt", "w") as f:
        f.write(v[2].vtysh("show evpn mac vni 100 json"))
    # MAC mobility: VM 3's MAC and IP move behind host 1
    topo.run(hosts[3][1], "ip", "link", "set", "eth0", "arp", "off")
    topo.run(hosts[3][1], "ip", "link", "set", "eth0", "down")
    mv = topo.ns("mv")
    topo.link(hosts[1][0], "mv", mv, "eth0", mtu=1450)
    topo.run(hosts[1][0], "ip", "link", "set", "mv", "master", "br100")
    topo.run(mv, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
    topo.run(mv, "ip", "link", "set", "eth0", "down")
    topo.run(mv, "ip", "link", "set", "eth0", "address",
             "02:00:00:00:01:03")
    topo.run(mv, "ip", "link", "set", "eth0", "up")
    topo.addr(mv, "eth0", vm_ip(3) + "/24")

    def moved():
        topo.run(mv, "ping", "-c1", "-W1", vm_ip(2), check=False)
        topo.run(hosts[1][0], "ping", "-c1", "-W1", vm_ip(3), check=False)
        m = json.loads(v[3].vtysh("show evpn mac vni 100 json"))
        e = m["macs"].get("02:00:00:00:01:03", {})
        return e.get("type") == "remote"

    wait_until(moved, 30, interval=1, what="move")
    time.sleep(2)
    for n in (1, 3):
        for c in ("show evpn mac vni 100 json", "show evpn mac vni 100",
                  "show evpn arp-cache vni 100 json",
                  "show evpn arp-cache vni 100",
                  "show evpn mac vni 100 mac 02:00:00:00:01:03 json",
                  "show evpn mac vni 100 mac 02:00:00:00:01:03",
                  "show bgp l2vpn evpn route type macip json",
                  "show bgp l2vpn evpn route type macip"):
            with open("%s/move_h%d_%s.txt" % (OUT, n, c.replace(" ", "_")),
                      "w") as f:
                f.write(v[n].vtysh(c, check=False) or "ERROR\n")
        with open("%s/move_kernel%d.txt" % (OUT, n), "w") as f:
            f.write(topo.run(hosts[n][0], "bridge", "fdb", "show", "br",
                             "br100").stdout)
            f.write(topo.run(hosts[n][0], "ip", "neigh", "show", "dev",
                             "br100").stdout)
    print("ok")
finally:
    topo.close()
