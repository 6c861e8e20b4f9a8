"""evpnd and the real peers (INTEROP.md), each in a namespace of a Topo.

Every daemon runs in the foreground under Topo.start(), so its PID is
recorded and it is stopped by that PID.
"""
import json
import os
import subprocess

from .topo import BUILD, jload, sh, wait_until


class Evpnd:
    def __init__(self, topo, ns, name, conf, bgp_port=None,
                 log_level="debug"):
        self.topo, self.ns, self.name = topo, ns, name
        self.conf = topo.write(name + ".conf", conf)
        self.sock = topo.path(name + ".sock")
        self.args = [os.path.join(BUILD, "evpnd"), "-f", self.conf,
                     "-S", self.sock, "--log-level", log_level]
        if bgp_port:
            self.args += ["--bgp-port", str(bgp_port)]
        self.proc = None
        self.start()

    def start(self):
        self.proc = self.topo.start(self.ns, self.name, self.args)
        wait_until(lambda: self.proc.alive() and os.path.exists(self.sock)
                   and self.cli("show running-config"), 10,
                   what="%s control socket" % self.name)

    def cli(self, *cmds, check=True):
        args = [os.path.join(BUILD, "evpnsh"), "-S", self.sock]
        for c in cmds:
            args += ["-c", c]
        r = sh(*args, check=False)
        if check and r.returncode != 0:
            raise AssertionError("evpnsh %r: rc %d: %s%s" % (
                cmds, r.returncode, r.stdout, r.stderr))
        return r.stdout

    def json(self, cmd):
        return jload(self.cli(cmd))

    def configure(self, *lines):
        """configure terminal, LINES, end: applied live or AssertionError."""
        return self.cli("configure terminal", *lines, "end")

    # -- views -----------------------------------------------------------
    def peer(self, addr, af="ipv4Unicast"):
        s = self.json("show bgp summary json")
        return s.get(af, {}).get("peers", {}).get(addr, {})

    def state(self, addr, af="ipv4Unicast"):
        return self.peer(addr, af).get("state")

    def neighbor(self, addr):
        return self.json("show bgp neighbors %s json" % addr).get(addr, {})

    def routes(self, afi="ipv4"):
        """{prefix: [path, ...]} of show bgp AFI unicast json."""
        return self.json("show bgp %s unicast json" % afi).get("routes", {})

    def best(self, prefix, afi=None):
        afi = afi or ("ipv6" if ":" in prefix else "ipv4")
        for p in self.routes(afi).get(prefix, []):
            if p.get("bestpath"):
                return p
        return None

    def evpn(self):
        return self.json("show bgp l2vpn evpn json")


class Frr:
    """FRR bgpd + zebra with every path explicit (INTEROP.md)."""

    def __init__(self, topo, ns, name, bgpd_conf, hostname=None):
        self.topo, self.ns, self.name = topo, ns, name
        self.dir = topo.mkdir(name, owner="frr")
        self.hostname = hostname or name
        topo.write(name + "/zebra.conf", "hostname %s\n" % self.hostname,
                   owner="frr")
        topo.write(name + "/bgpd.conf", bgpd_conf, owner="frr")
        self.procs = {}
        self.start()

    def _daemon(self, d, extra=()):
        args = ["unshare", "--uts", "/usr/lib/frr/" + d, "-F", "datacenter",
                "-f", "%s/%s.conf" % (self.dir, d),
                "--vty_socket", self.dir, "-z", self.dir + "/zserv.api",
                "-A", "127.0.0.1", "-P", "0", "-i",
                "%s/%s.pid" % (self.dir, d),
                "--log", "file:%s/%s.log" % (self.dir, d)] + list(extra)
        p = self.topo.start(self.ns, "%s-%s" % (self.name, d), args)
        p.extra_logs = ["%s/%s.log" % (self.dir, d)]
        self.procs[d] = p
        return p

    def start(self):
        self._daemon("zebra")
        wait_until(lambda: os.path.exists(self.dir + "/zserv.api"), 15,
                   what="%s zebra" % self.name)
        self._daemon("bgpd", ["-p", "179"])
        wait_until(lambda: self.vtysh("show bgp summary json",
                                      check=False) is not None, 15,
                   what="%s bgpd vty" % self.name)

    def stop(self, kill=False):
        for d in ("bgpd", "zebra"):
            if kill:
                self.procs[d].kill()
            else:
                self.procs[d].stop(timeout=15)

    def kill_bgpd(self):
        self.procs["bgpd"].kill()

    def start_bgpd(self):
        self._daemon("bgpd", ["-p", "179"])
        wait_until(lambda: self.vtysh("show bgp summary json",
                                      check=False) is not None, 15,
                   what="%s bgpd vty" % self.name)

    def vtysh(self, *cmds, check=True):
        args = ["vtysh", "--vty_socket", self.dir]
        for c in cmds:
            args += ["-c", c]
        r = self.topo.run(self.ns, *args, check=False)
        if r.returncode != 0:
            if check:
                raise AssertionError("vtysh %r: rc %d: %s%s" % (
                    cmds, r.returncode, r.stdout, r.stderr))
            return None
        return r.stdout

    def json(self, cmd):
        return jload(self.vtysh(cmd))

    def configure(self, *lines):
        return self.vtysh("configure terminal", *lines)

    def peer(self, addr, af="ipv4Unicast"):
        s = self.json("show bgp summary json")
        return s.get(af, {}).get("peers", {}).get(addr, {})

    def state(self, addr, af="ipv4Unicast"):
        return self.peer(addr, af).get("state")

    def neighbor(self, addr):
        return self.json("show bgp neighbors %s json" % addr).get(addr, {})

    def best(self, prefix):
        afi = "ipv6" if ":" in prefix else "ipv4"
        r = self.json("show bgp %s unicast %s json" % (afi, prefix))
        for p in r.get("paths", []):
            if p.get("bestpath", {}).get("overall"):
                return p
        return None

    def has(self, prefix):
        afi = "ipv6" if ":" in prefix else "ipv4"
        r = self.json("show bgp %s unicast json" % afi)
        return prefix in r.get("routes", {})


class GoBgp:
    def __init__(self, topo, ns, name, toml, api_port=50051):
        self.topo, self.ns, self.name = topo, ns, name
        self.conf = topo.write(name + ".toml", toml)
        self.port = api_port
        self.start()

    def start(self):
        self.proc = self.topo.start(self.ns, self.name, [
            "gobgpd", "-f", self.conf, "-t", "toml", "--api-hosts",
            "127.0.0.1:%d" % self.port, "--pprof-disable", "-l", "info"])
        wait_until(lambda: self.cli("global", check=False), 15,
                   what="%s api" % self.name)

    def cli(self, *args, check=True):
        r = self.topo.run(self.ns, "gobgp", "-u", "127.0.0.1", "-p",
                          str(self.port), *args, check=False)
        if r.returncode != 0:
            if check:
                raise AssertionError("gobgp %r: %s%s" % (args, r.stdout,
                                                         r.stderr))
            return None
        return r.stdout or "ok"

    def json(self, *args):
        return jload(self.cli(*args, "-j"))

    def state(self, addr):
        n = self.json("neighbor", addr)
        return n.get("state", {}).get("session_state")

    def neighbor(self, addr):
        return self.json("neighbor", addr)

    def rib(self, family="ipv4"):
        return self.json("global", "rib", "-a", family)

    def path(self, prefix):
        """(nexthop, [asns]) of the best path for prefix, or None."""
        fam = "ipv6" if ":" in prefix else "ipv4"
        for p in self.rib(fam).get(prefix, []):
            if not p.get("best", True):
                continue
            nh, asns = None, []
            for a in p.get("attrs", []):
                if a.get("type") == 3:
                    nh = a.get("nexthop")
                elif a.get("type") == 14:
                    nh = a.get("nexthop")
                elif a.get("type") == 2:
                    for seg in a.get("as_paths", []):
                        asns += seg.get("asns", [])
            return nh, asns
        return None


class Bird:
    def __init__(self, topo, ns, name, conf):
        self.topo, self.ns, self.name = topo, ns, name
        self.conf = topo.write(name + ".conf", conf)
        self.sock = topo.path(name + ".ctl")
        self.start()

    def start(self):
        self.proc = self.topo.start(self.ns, self.name, [
            "bird", "-f", "-c", self.conf, "-s", self.sock, "-P",
            self.topo.path(self.name + ".pid")])
        wait_until(lambda: self.cli("show status", check=False), 15,
                   what="%s socket" % self.name)

    def cli(self, *args, check=True):
        r = self.topo.run(self.ns, "birdc", "-s", self.sock, *args,
                          check=False)
        if r.returncode != 0:
            if check:
                raise AssertionError("birdc %r: %s%s" % (args, r.stdout,
                                                         r.stderr))
            return None
        return r.stdout

    def state(self, proto):
        out = self.cli("show", "protocols", proto)
        for line in out.splitlines():
            w = line.split()
            if w and w[0] == proto:
                return w[-1] if w[3] == "up" else w[5] if len(w) > 5 \
                    else w[3]
        return None

    def protocol(self, proto):
        return self.cli("show", "protocols", "all", proto)

    def route(self, prefix, table=None):
        """dict(as_path, next_hop, origin) of the route, or None."""
        t = table or ("master6" if ":" in prefix else "master4")
        out = self.cli("show", "route", "for", prefix, "table", t, "all",
                       check=False)
        if not out or prefix not in out:
            return None
        r = {}
        for line in out.splitlines():
            line = line.strip()
            for k in ("BGP.as_path:", "BGP.next_hop:", "BGP.origin:"):
                if line.startswith(k):
                    r[k[4:-1]] = line[len(k):].strip()
        return r or None


class OpenBgpd:
    def __init__(self, topo, ns, name, conf_body):
        self.topo, self.ns, self.name = topo, ns, name
        os.makedirs("/run/openbgpd", exist_ok=True)
        self.sock = topo.path(name + ".sock")
        self.conf = topo.write(name + ".conf", 'socket "%s"\n%s'
                               % (self.sock, conf_body))
        os.chmod(self.conf, 0o600)
        self.start()

    def start(self):
        self.proc = self.topo.start(self.ns, self.name, [
            "bgpd", "-d", "-f", self.conf])
        wait_until(lambda: self.cli("show", check=False), 15,
                   what="%s socket" % self.name)

    def cli(self, *args, check=True):
        r = self.topo.run(self.ns, "bgpctl", "-s", self.sock, *args,
                          check=False)
        if r.returncode != 0:
            if check:
                raise AssertionError("bgpctl %r: %s%s" % (args, r.stdout,
                                                          r.stderr))
            return None
        return r.stdout

    def json(self, *args):
        return jload(self.cli("-j", *args))

    def neighbor(self, addr):
        n = self.json("show", "neighbor", addr)
        for x in n.get("neighbors", []):
            return x
        return {}

    def state(self, addr):
        return self.neighbor(addr).get("state")

    def route(self, prefix):
        r = self.json("show", "rib", prefix)
        for x in r.get("rib", []):
            if x.get("prefix") == prefix:
                return x
        return None


class ExaBgp:
    """ExaBGP 4.2 (/usr/bin/python3 -m exabgp, INTEROP.md) with an API
    process (lib/exabgp_api.py): commands go in through a FIFO, the JSON
    it emits (state changes, updates, notifications) lands in a file."""

    def __init__(self, topo, ns, name, neighbor_block):
        self.topo, self.ns, self.name = topo, ns, name
        self.fifo = topo.path(name + ".fifo")
        self.out = topo.path(name + ".json")
        os.mkfifo(self.fifo)
        open(self.out, "w").close()
        api = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "exabgp_api.py")
        self.conf = topo.write(name + ".conf", """process api {{
  run /usr/bin/python3 {api} {fifo} {out};
  encoder json;
}}
{nb}
""".format(api=api, fifo=self.fifo, out=self.out, nb=neighbor_block))
        self.start()

    def start(self):
        env = dict(os.environ, **{
            "exabgp.daemon.user": "root", "exabgp.daemon.drop": "false",
            "exabgp.api.cli": "false", "exabgp.log.destination": "stdout",
            "exabgp.tcp.bind": "", "exabgp.daemon.daemonize": "false",
            "exabgp.log.level": "INFO"})
        self.proc = self.topo.start(self.ns, self.name, [
            "/usr/bin/python3", "-m", "exabgp", self.conf], env=env)

    def command(self, line):
        fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)

    def messages(self):
        out = []
        with open(self.out, errors="replace") as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out
