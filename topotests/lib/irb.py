"""Symmetric IRB hosts (RFC 9135) on a kernel without VRF devices.

Tenant VRF "tenant1" is routing table TABLE with L3VNI L3VNI: on every
host br1000 + vxlan1000, br1000's MAC the host's router MAC (rmac(n)),
and `ip rule iif IF lookup TABLE` for each interface in the VRF
(DESIGN.md section 4).  A host may have one L2 VNI (brV + vxlanV,
neigh_suppress on, gateway 192.168.V.254 on brV, the subnet's connected
route copied into TABLE) with a VM (192.168.V.n, MAC vm_mac(n)), and may
have an "outside" network instead (10.99.0.0/24 on a plain veth in the
VRF, a namespace "out" behind it).  evpnd's config: the VTEP's with
`vrf tenant1 / vni / table` and `router bgp ASN vrf tenant1 / l2vpn evpn
/ advertise ipv4 unicast` (type-5 export of the VRF's subnets).
"""
from .vtep import AS, RR_IP, underlay, vm_mac, vtep_ip

L3VNI = 1000
TABLE = 1000
VRF = "tenant1"
OUTSIDE = "10.99.0.0/24"
OUTSIDE_HOST = "10.99.0.2"


def rmac(n):
    return "02:00:00:00:0a:%02x" % n


def vm_ip(n, vni):
    return "192.168.%d.%d" % (vni, n)


def gw(vni):
    return "192.168.%d.254" % vni


def vm_ip6(n, vni):
    return "fd00:%d::%d" % (vni, n)


def gw6(vni):
    return "fd00:%d::254" % vni


def conf(n, rr=RR_IP, v6=False):
    return """hostname host{n}
vrf {vrf}
 vni {l3}
 table {t}
exit-vrf
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
exit
router bgp {asn} vrf {vrf}
 address-family l2vpn evpn
  advertise ipv4 unicast
{v6} exit-address-family
exit
""".format(n=n, vrf=VRF, l3=L3VNI, t=TABLE, asn=AS, ip=vtep_ip(n), rr=rr,
           v6="  advertise ipv6 unicast\n" if v6 else "")


def bridge_vxlan(topo, h, n, vni, mac=None):
    """brVNI + vxlanVNI in host h, the bridge in the VRF; returns brVNI."""
    r = lambda *a: topo.run(h, *a)     # noqa: E731
    br, vx = "br%d" % vni, "vxlan%d" % vni
    r("ip", "link", "add", br, "type", "bridge")
    if mac:
        r("ip", "link", "set", br, "address", mac)
    r("ip", "link", "set", br, "addrgenmode", "none")
    r("ip", "link", "set", br, "up")
    r("ip", "link", "add", vx, "type", "vxlan", "id", str(vni), "local",
      vtep_ip(n), "dstport", "4789", "nolearning")
    r("ip", "link", "set", vx, "master", br, "addrgenmode", "none")
    r("ip", "link", "set", vx, "up")
    r("bridge", "link", "set", "dev", vx, "learning", "off")
    r("ip", "rule", "add", "iif", br, "lookup", str(TABLE))
    r("ip", "-6", "rule", "add", "iif", br, "lookup", str(TABLE))
    return br


def irb_host(topo, rr, n, vni=None, outside=False, v6=False):
    """Host n: the L3VNI, then an L2 VNI with VM n, or the outside
    network; v6: the VM and its gateway get IPv6 addresses too
    (fd00:VNI::n/64).  Returns (host_ns, vm_ns or the outside's ns or
    None)."""
    h = topo.ns("h%d" % n)
    underlay(topo, rr, n, h, vtep_ip(n))
    topo.run(h, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0")
    bridge_vxlan(topo, h, n, L3VNI, rmac(n))
    if vni is not None:
        br = bridge_vxlan(topo, h, n, vni)
        topo.run(h, "bridge", "link", "set", "dev", "vxlan%d" % vni,
                 "neigh_suppress", "on")
        topo.addr(h, br, gw(vni) + "/24")
        topo.route(h, "192.168.%d.0/24" % vni, "dev", br, "table",
                   str(TABLE))
        vm = topo.ns("vm%d" % n)
        topo.link(h, "vm", vm, "eth0", mtu=1400)
        topo.run(h, "ip", "link", "set", "vm", "master", br)
        if not v6:
            topo.run(vm, "sysctl", "-qw",
                     "net.ipv6.conf.all.disable_ipv6=1")
        topo.run(vm, "ip", "link", "set", "eth0", "down")
        topo.run(vm, "ip", "link", "set", "eth0", "address", vm_mac(n))
        topo.run(vm, "ip", "link", "set", "eth0", "up")
        topo.addr(vm, "eth0", vm_ip(n, vni) + "/24")
        topo.route(vm, "default", "via", gw(vni))
        if v6:
            topo.run(h, "ip", "-6", "addr", "add", gw6(vni) + "/64",
                     "dev", br, "nodad")
            topo.run(h, "ip", "-6", "route", "add", "fd00:%d::/64" % vni,
                     "dev", br, "table", str(TABLE))
            topo.run(vm, "ip", "-6", "addr", "add",
                     vm_ip6(n, vni) + "/64", "dev", "eth0", "nodad")
            topo.run(vm, "ip", "-6", "route", "add", "default", "via",
                     gw6(vni))
        return h, vm
    if outside:
        out = topo.ns("out")
        topo.link(h, "ext", out, "eth0")
        topo.addr(h, "ext", "10.99.0.1/24")
        topo.run(h, "ip", "rule", "add", "iif", "ext", "lookup", str(TABLE))
        topo.route(h, OUTSIDE, "dev", "ext", "table", str(TABLE))
        topo.addr(out, "eth0", OUTSIDE_HOST + "/24")
        topo.route(out, "default", "via", "10.99.0.1")
        return h, out
    return h, None
