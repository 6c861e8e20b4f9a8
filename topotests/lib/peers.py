"""Uniform views of the unicast peers for parametrised tests.

Each adapter knows how to originate/withdraw a route on its peer, what
the peer shows for a prefix (next hop, AS path) and for the session
(state, last NOTIFICATION), and how to shut the session down and up.
"""
from .daemons import Bird, ExaBgp, Frr, GoBgp, OpenBgpd

DUT_AS = 4200000001


class Peer:
    kind = None
    mark = 0
    reconnects_itself = False   # no "stay down" after its own shutdown

    def mark_log(self):
        pass

    def __init__(self, topo, ns, idx, asn, name):
        self.topo, self.ns, self.idx, self.asn, self.name = \
            topo, ns, idx, asn, name
        self.addr = "10.0.%d.2" % idx
        self.addr6 = "2001:db8:%d::2" % idx
        self.dut_addr = "10.0.%d.1" % idx
        self.dut_addr6 = "2001:db8:%d::1" % idx
        self.ibgp = asn == DUT_AS
        self.v6_session = False     # IPv6 unicast over its own session
        self.p4 = "10.%d.0.0/24" % idx          # from the config
        self.p6 = "fd00:%d::/48" % idx
        self.x4 = "10.%d.1.0/24" % idx          # added/removed live
        self.x6 = "fd00:%d:1::/48" % idx

    def __repr__(self):
        return self.name


class FrrPeer(Peer):
    kind = "frr"

    def __init__(self, topo, ns, idx, asn, name, extra_nbr=""):
        super().__init__(topo, ns, idx, asn, name)
        n = self.dut_addr
        self.d = Frr(topo, ns, name, """hostname {name}
router bgp {asn}
 bgp router-id {addr}
 no bgp ebgp-requires-policy
 no bgp network import-check
 timers bgp 3 9
 neighbor {n} remote-as {dut}
 neighbor {n} timers connect 2
{extra}
 address-family ipv4 unicast
  network {p4}
 exit-address-family
 address-family ipv6 unicast
  neighbor {n} activate
  network {p6}
 exit-address-family
""".format(name=name, asn=asn, addr=self.addr, n=n, dut=DUT_AS,
           p4=self.p4, p6=self.p6, extra=extra_nbr))

    def _af(self, prefix):
        return "ipv6" if ":" in prefix else "ipv4"

    def add(self, prefix):
        self.d.configure("router bgp %d" % self.asn, "address-family %s "
                         "unicast" % self._af(prefix), "network " + prefix)

    def delete(self, prefix):
        self.d.configure("router bgp %d" % self.asn, "address-family %s "
                         "unicast" % self._af(prefix), "no network " + prefix)

    def sees(self, prefix):
        p = self.d.best(prefix)
        if not p:
            return None
        nh = [h["ip"] for h in p.get("nexthops", [])
              if h.get("scope", "global") == "global"]
        return nh[0] if nh else None, [int(a) for a in
                                       p.get("aspath", {}).get("string",
                                                               "").split()
                                       if a.isdigit()]

    def state(self):
        return self.d.state(self.dut_addr)

    def last_notification(self):
        n = self.d.neighbor(self.dut_addr)
        return "%s %s" % (n.get("lastNotificationReason", ""),
                          n.get("lastResetDueTo", ""))

    def shutdown(self, on=True):
        self.d.configure("router bgp %d" % self.asn, "%sneighbor %s shutdown"
                         % ("" if on else "no ", self.dut_addr))


class GoBgpPeer(Peer):
    kind = "gobgp"

    def __init__(self, topo, ns, idx, asn, name):
        super().__init__(topo, ns, idx, asn, name)
        self.d = GoBgp(topo, ns, name, """[global.config]
  as = {asn}
  router-id = "{addr}"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "{n}"
    peer-as = {dut}
  [neighbors.timers.config]
    connect-retry = 2
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
""".format(asn=asn, addr=self.addr, n=self.dut_addr, dut=DUT_AS))
        self.add(self.p4)
        self.add(self.p6)

    def _args(self, prefix):
        if ":" in prefix:
            return [prefix, "nexthop", self.addr6, "-a", "ipv6"]
        return [prefix, "nexthop", self.addr, "-a", "ipv4"]

    def add(self, prefix):
        self.d.cli("global", "rib", "add", *self._args(prefix))

    def delete(self, prefix):
        fam = "ipv6" if ":" in prefix else "ipv4"
        self.d.cli("global", "rib", "del", prefix, "-a", fam)

    def sees(self, prefix):
        return self.d.path(prefix)

    def state(self):
        s = self.d.state(self.dut_addr)
        # the JSON has the enum's number: 6 is ESTABLISHED
        return "Established" if s in (6, "established") else s

    def last_notification(self):
        # the CLI keeps no reason; gobgpd logs it at Peer Down
        with open(self.d.proc.log, errors="replace") as f:
            return f.read()[self.mark:]

    def mark_log(self):
        self.mark = len(open(self.d.proc.log, errors="replace").read())

    def shutdown(self, on=True):
        self.d.cli("neighbor", self.dut_addr,
                   "disable" if on else "enable")


class BirdPeer(Peer):
    kind = "bird"

    def __init__(self, topo, ns, idx, asn, name):
        super().__init__(topo, ns, idx, asn, name)
        self.d = Bird(topo, ns, name, """router id {addr};
protocol device {{}}
protocol static s4 {{ ipv4; route {p4} unreachable; }}
protocol static s6 {{ ipv6; route {p6} unreachable; }}
protocol static x4 {{ disabled; ipv4; route {x4} unreachable; }}
protocol static x6 {{ disabled; ipv6; route {x6} unreachable; }}
protocol bgp dut {{
  local {addr} as {asn};
  neighbor {n} as {dut};
  hold time 9; keepalive time 3; connect retry time 2;
  ipv4 {{ import all; export where source = RTS_STATIC; }};
  ipv6 {{ import all; export where source = RTS_STATIC;
          next hop address {addr6}; }};
}}
""".format(addr=self.addr, addr6=self.addr6, asn=asn, n=self.dut_addr,
           dut=DUT_AS, p4=self.p4, p6=self.p6, x4=self.x4, x6=self.x6))

    def _proto(self, prefix):
        return "x6" if ":" in prefix else "x4"

    def add(self, prefix):
        assert prefix in (self.x4, self.x6)
        self.d.cli("enable", self._proto(prefix))

    def delete(self, prefix):
        assert prefix in (self.x4, self.x6)
        self.d.cli("disable", self._proto(prefix))

    def sees(self, prefix):
        r = self.d.route(prefix)
        if not r or "next_hop" not in r:
            return None
        return r["next_hop"].split()[0], [int(a) for a in
                                           r.get("as_path", "").split()]

    def state(self):
        out = self.d.protocol("dut")
        return "Established" if "BGP state:          Established" in out \
            else out.split("BGP state:")[1].split()[0] \
            if "BGP state:" in out else None

    def last_notification(self):
        return self.d.protocol("dut")

    def shutdown(self, on=True):
        self.d.cli("disable" if on else "enable", "dut")


class OpenBgpdPeer(Peer):
    """OpenBGPD 7.7 on Linux sends ::1 as the IPv6 next hop over an IPv4
    session (it finds no IPv6 address of its own for it), so IPv6 unicast
    runs over an IPv6 session here."""
    kind = "openbgpd"

    def __init__(self, topo, ns, idx, asn, name):
        super().__init__(topo, ns, idx, asn, name)
        self.v6_session = True
        self.d = OpenBgpd(topo, ns, name, """AS {asn}
router-id {addr}
fib-update no
listen on {addr}
listen on {addr6}
network {p4}
network {p6}
neighbor {n} {{
  remote-as {dut}
  local-address {addr}
  holdtime 9
  announce IPv4 unicast
  announce IPv6 none
}}
neighbor {n6} {{
  remote-as {dut}
  local-address {addr6}
  holdtime 9
  announce IPv4 none
  announce IPv6 unicast
}}
allow from any
allow to any
""".format(asn=asn, addr=self.addr, addr6=self.addr6, n=self.dut_addr,
           n6=self.dut_addr6, dut=DUT_AS, p4=self.p4, p6=self.p6))

    def add(self, prefix):
        self.d.cli("network", "add", prefix)

    def delete(self, prefix):
        self.d.cli("network", "delete", prefix)

    def sees(self, prefix):
        r = self.d.route(prefix)
        if not r:
            return None
        asns = [int(a) for a in r.get("aspath", "").split() if a.isdigit()]
        return r.get("exit_nexthop"), asns

    def state(self):
        return self.d.state(self.dut_addr)

    def last_notification(self):
        return self.d.cli("show", "neighbor", self.dut_addr)

    def shutdown(self, on=True):
        self.d.cli("neighbor", self.dut_addr, "down" if on else "up")


class ExaBgpPeer(Peer):
    """ExaBGP 4.2 as a unicast feeder; what it receives is its API's
    JSON.  It has no "stay down": after a teardown it reconnects."""
    kind = "exabgp"
    reconnects_itself = True

    def __init__(self, topo, ns, idx, asn, name):
        super().__init__(topo, ns, idx, asn, name)
        self.d = ExaBgp(topo, ns, name, """neighbor {n} {{
  router-id {addr};
  local-address {addr};
  local-as {asn};
  peer-as {dut};
  hold-time 9;
  family {{ ipv4 unicast; ipv6 unicast; }}
  api {{
    processes [ api ];
    neighbor-changes;
    receive {{ parsed; update; notification; }}
  }}
  static {{
    route {p4} next-hop {addr};
    route {p6} next-hop {addr6};
  }}
}}""".format(n=self.dut_addr, addr=self.addr, addr6=self.addr6, asn=asn,
             dut=DUT_AS, p4=self.p4, p6=self.p6))

    def _nh(self, prefix):
        return self.addr6 if ":" in prefix else self.addr

    def add(self, prefix):
        self.d.command("neighbor %s announce route %s next-hop %s"
                       % (self.dut_addr, prefix, self._nh(prefix)))

    def delete(self, prefix):
        self.d.command("neighbor %s withdraw route %s next-hop %s"
                       % (self.dut_addr, prefix, self._nh(prefix)))

    def sees(self, prefix):
        cur = None
        for m in self.d.messages():
            if m.get("type") == "state" and m.get("neighbor", {}).get(
                    "state") == "down":
                cur = None
            u = m.get("neighbor", {}).get("message", {}).get("update")
            if m.get("type") != "update" or not u:
                continue
            for fam, nhs in u.get("announce", {}).items():
                for nh, nlris in nhs.items():
                    if any(x.get("nlri") == prefix for x in nlris):
                        path = u.get("attribute", {}).get("as-path", [])
                        cur = (nh, [int(a) for a in path])
            for fam, nlris in u.get("withdraw", {}).items():
                if any(x.get("nlri") == prefix for x in nlris):
                    cur = None
        return cur

    def state(self):
        st = None
        for m in self.d.messages():
            if m.get("type") == "state":
                st = m.get("neighbor", {}).get("state")
        return "Established" if st == "up" else st

    def last_notification(self):
        out = [str(m.get("neighbor", {}).get("reason", m))
               for m in self.d.messages()
               if m.get("type") in ("notification", "state")]
        with open(self.d.proc.log, errors="replace") as f:
            out.append(f.read()[self.mark:])
        return "\n".join(out)

    def mark_log(self):
        self.mark = len(open(self.d.proc.log, errors="replace").read())

    def shutdown(self, on=True):
        if on:      # Cease, subcode 2 (Administrative Shutdown)
            self.d.command("neighbor %s teardown 2" % self.dut_addr)
