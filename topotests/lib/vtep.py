"""An EVPN fabric: VTEP host namespaces with bridge + VXLAN and a VM.

Underlay: the "rr" namespace routes between the hosts (one veth each,
10.1.N.0/24) and holds the route reflector's loopback 10.255.0.254.  Host
N has VTEP address 10.255.0.N on lo, br100 with vxlan100 (VNI 100, local
10.255.0.N, learning off twice: INTEROP.md) and a veth to its VM
namespace (192.168.100.N/24, MAC 02:00:00:00:01:0N, IPv6 off).  With
svi=True br100 gets 192.168.100.(100+N)/24: FRR learns local MAC/IP pairs
from br100's neighbour table (docs/frr-evpn-output.md), so the host must
talk to its VM over it (svi_ping).  neigh_suppress=True turns on ARP
suppression on vxlan100.
"""
import json

from .daemons import Evpnd, Frr
from .topo import PREFIX

RR_IP = "10.255.0.254"
AS = 65000
VNI = 100


def vm_mac(n):
    return "02:00:00:00:01:%02x" % n


def vm_ip(n):
    return "192.168.100.%d" % n


def vtep_ip(n):
    return "10.255.0.%d" % n


def svi_ip(n):
    return "192.168.100.%d" % (100 + n)


def underlay(topo, rr_ns, n, host_ns, loopback):
    """Host namespace host_ns on rr_ns's link n, loopback on lo."""
    topo.link(rr_ns, "h%d" % n, host_ns, "uplink")
    topo.addr(rr_ns, "h%d" % n, "10.1.%d.1/24" % n)
    topo.addr(host_ns, "uplink", "10.1.%d.2/24" % n)
    topo.addr(host_ns, "lo", loopback + "/32")
    topo.route(rr_ns, loopback + "/32", "via", "10.1.%d.2" % n)
    # a route more specific than default: zebra does not resolve BGP
    # next hops over the default route
    topo.route(host_ns, "10.0.0.0/8", "via", "10.1.%d.1" % n)


def vtep_host(topo, rr_ns, n, svi=False, neigh_suppress=False, prefix=""):
    """Host n with its VM; returns (host_ns, vm_ns), named
    [prefix]hN and [prefix]vmN."""
    h = topo.ns("%sh%d" % (prefix, n))
    vm = topo.ns("%svm%d" % (prefix, n))
    underlay(topo, rr_ns, n, h, vtep_ip(n))
    r = lambda *a: topo.run(h, *a)     # noqa: E731
    r("ip", "link", "add", "br100", "type", "bridge")
    r("ip", "link", "set", "br100", "addrgenmode", "none")
    r("ip", "link", "set", "br100", "up")
    r("ip", "link", "add", "vxlan100", "type", "vxlan", "id", str(VNI),
      "local", vtep_ip(n), "dstport", "4789", "nolearning")
    r("ip", "link", "set", "vxlan100", "master", "br100", "addrgenmode",
      "none")
    r("ip", "link", "set", "vxlan100", "up")
    r("bridge", "link", "set", "dev", "vxlan100", "learning", "off")
    if neigh_suppress:
        r("bridge", "link", "set", "dev", "vxlan100", "neigh_suppress",
          "on")
    if svi:
        topo.addr(h, "br100", svi_ip(n) + "/24")
    topo.link(h, "vm", vm, "eth0", mtu=1450)
    r("ip", "link", "set", "vm", "master", "br100")
    v = lambda *a: topo.run(vm, *a)    # noqa: E731
    v("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
    v("ip", "link", "set", "eth0", "down")
    v("ip", "link", "set", "eth0", "address", vm_mac(n))
    v("ip", "link", "set", "eth0", "up")
    topo.addr(vm, "eth0", vm_ip(n) + "/24")
    return h, vm


def vtep_conf(n, rr=RR_IP):
    """The VTEP's BGP config: FRR's bgpd.conf, evpnd loads it as is."""
    return """hostname host{n}
router bgp {asn}
 bgp router-id {ip}
 no bgp default ipv4-unicast
 timers bgp 3 9
 neighbor {rr} remote-as internal
 neighbor {rr} update-source {ip}
 neighbor {rr} timers connect 2
 address-family l2vpn evpn
  neighbor {rr} activate
  advertise-all-vni
 exit-address-family
""".format(n=n, asn=AS, ip=vtep_ip(n), rr=rr)


def frr_vtep(topo, host_ns, n, rr=RR_IP):
    return Frr(topo, host_ns, "frr%d" % n, vtep_conf(n, rr))


def evpnd_vtep(topo, host_ns, n, rr=RR_IP, log_level="debug"):
    return Evpnd(topo, host_ns, "evpnd%d" % n, vtep_conf(n, rr),
                 log_level=log_level)


def rr_conf(vteps, listen=None, extra=""):
    lines = ["hostname rr", "bgp no-rib", "router bgp %d" % AS,
             " bgp router-id " + RR_IP, " bgp cluster-id " + RR_IP,
             " no bgp default ipv4-unicast", " timers bgp 3 9",
             " neighbor VTEP peer-group", " neighbor VTEP remote-as internal",
             " neighbor VTEP update-source " + RR_IP,
             " neighbor VTEP timers connect 2"]
    lines += [" neighbor %s peer-group VTEP" % vtep_ip(n) for n in vteps]
    if listen:
        lines.append(" bgp listen range %s peer-group VTEP" % listen)
    lines += [" address-family l2vpn evpn", "  neighbor VTEP activate",
              "  neighbor VTEP route-reflector-client",
              " exit-address-family", "exit", extra]
    return "\n".join(lines) + "\n"


def frr_rr_conf(vteps):
    """An FRR route reflector for the VTEPs (bgpd.conf)."""
    lines = ["hostname rr", "router bgp %d" % AS,
             " bgp router-id " + RR_IP, " bgp cluster-id " + RR_IP,
             " no bgp default ipv4-unicast", " timers bgp 3 9",
             " neighbor VTEP peer-group", " neighbor VTEP remote-as internal",
             " neighbor VTEP update-source " + RR_IP,
             " neighbor VTEP timers connect 2"]
    lines += [" neighbor %s peer-group VTEP" % vtep_ip(n) for n in vteps]
    lines += [" address-family l2vpn evpn", "  neighbor VTEP activate",
              "  neighbor VTEP route-reflector-client",
              " exit-address-family"]
    return "\n".join(lines) + "\n"


def frr_rr(topo, ns, vteps):
    return Frr(topo, ns, "frr-rr", frr_rr_conf(vteps), hostname="rr")


def svi_ping(topo, host_ns, n):
    """The host pings its VM over br100: a neighbour entry on the SVI."""
    return topo.run(host_ns, "ping", "-c1", "-W1", vm_ip(n),
                    check=False).returncode == 0


def fdb(topo, host_ns, dev="vxlan100"):
    """`bridge -j fdb show dev DEV` as a list of dicts."""
    out = topo.run(host_ns, "bridge", "-j", "fdb", "show", "dev",
                   dev).stdout
    return json.loads(out) if out.strip() else []


def neighbours(topo, host_ns, dev="br100"):
    """{ip: entry} of `ip -j neigh show dev DEV`."""
    out = topo.run(host_ns, "ip", "-j", "neigh", "show", "dev", dev).stdout
    return {e["dst"]: e for e in (json.loads(out) if out.strip() else [])}


def rr_ns(topo, name="rr"):
    ns = topo.ns(name)
    topo.addr(ns, "lo", RR_IP + "/32")
    return ns


def ns_name(short):
    return PREFIX + short
