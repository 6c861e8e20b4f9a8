"""Namespaces, links and processes for the topotests.

Everything a test creates is recorded here and removed by Topo.close():
namespaces are named evt-<pid>-<name>, processes are stopped by the PID
we started (never by name: other people's daemons run on the machine),
and the scratch directory lives under /tmp/evt-<pid>-<n>.
"""
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("EVPND_BUILD", os.path.join(ROOT, "build"))
PREFIX = "evt-%d-" % os.getpid()
_seq = itertools.count()


class Timeout(AssertionError):
    pass


def wait_until(fn, timeout=30.0, interval=0.2, what=None):
    """Call fn until it returns a true value (returned) or timeout.

    fn may raise AssertionError/KeyError/...: it counts as "not yet".
    The last failure is reported when time runs out.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            r = fn()
            if r:
                return r
            last = "returned %r" % (r,)
        except (AssertionError, KeyError, IndexError, TypeError,
                ValueError, subprocess.SubprocessError, OSError) as e:
            last = "%s: %s" % (type(e).__name__, e)
        if time.monotonic() > deadline:
            raise Timeout("timed out after %.0fs waiting for %s (last: %s)"
                          % (timeout, what or getattr(fn, "__name__", fn),
                             last))
        time.sleep(interval)


def holds_for(fn, duration, interval=0.2):
    """Assert fn() stays true for duration seconds (a negative check)."""
    end = time.monotonic() + duration
    while time.monotonic() < end:
        assert fn(), "condition stopped holding"
        time.sleep(interval)


def sh(*args, check=True, input=None, timeout=30):
    r = subprocess.run(list(args), input=input, capture_output=True,
                       text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise subprocess.CalledProcessError(r.returncode, args, r.stdout,
                                            r.stderr)
    return r


class Proc:
    """A process we started; stopped by its PID only."""

    def __init__(self, name, popen, logpath):
        self.name = name
        self.popen = popen
        self.pid = popen.pid
        self.log = logpath

    def alive(self):
        return self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if not self.alive():
            return
        kids = _children(self.pid)
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(5)
        # children of a forking daemon (OpenBGPD): by their PIDs too
        for k in kids:
            _kill_wait(k)

    def kill(self):
        self.stop(signal.SIGKILL)


def _children(pid):
    kids = []
    try:
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
                ppid = int(st.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                kids.append(int(d))
    except OSError:
        pass
    return kids


def _kill_wait(pid, timeout=5):
    deadline = time.monotonic() + timeout
    sig = signal.SIGTERM
    while True:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            sig = signal.SIGKILL
        time.sleep(0.05)


class Topo:
    """One test's namespaces, links, scratch directory and processes."""

    def __init__(self, name="t"):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="%s%d-" % (PREFIX, next(_seq)),
                                    dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.netns = []
        self.procs = []
        self.closed = False

    # -- namespaces ---------------------------------------------------
    def ns(self, short):
        """Create namespace evt-<pid>-<short>; lo up; forwarding on."""
        name = PREFIX + short
        assert len(name) <= 30, name
        sh("ip", "netns", "add", name)
        self.netns.append(name)
        self.run(name, "ip", "link", "set", "lo", "up")
        self.run(name, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        self.run(name, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1")
        self.run(name, "sysctl", "-qw",
                 "net.ipv6.conf.default.accept_dad=0")
        self.run(name, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0")
        return name

    def run(self, ns, *args, check=True, input=None, timeout=30):
        return sh("ip", "netns", "exec", ns, *args, check=check,
                  input=input, timeout=timeout)

    def link(self, ns1, if1, ns2, if2, mtu=None):
        """A veth pair ns1:if1 <-> ns2:if2, both up."""
        tmp1 = "v%d" % next(_seq)
        tmp2 = "v%d" % next(_seq)
        sh("ip", "link", "add", tmp1, "type", "veth", "peer", "name", tmp2)
        sh("ip", "link", "set", tmp1, "netns", ns1, "name", if1)
        sh("ip", "link", "set", tmp2, "netns", ns2, "name", if2)
        for ns, ifn in ((ns1, if1), (ns2, if2)):
            self.run(ns, "sysctl", "-qw",
                     "net.ipv6.conf.%s.accept_dad=0" % ifn)
            if mtu:
                self.run(ns, "ip", "link", "set", ifn, "mtu", str(mtu))
            self.run(ns, "ip", "link", "set", ifn, "up")

    def addr(self, ns, dev, cidr):
        fam = "-6" if ":" in cidr else "-4"
        self.run(ns, "ip", fam, "addr", "add", cidr, "dev", dev)

    def route(self, ns, *args):
        self.run(ns, "ip", "route", "add", *args)

    # -- files and processes ------------------------------------------
    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def mkdir(self, name, owner=None):
        p = self.path(name)
        os.makedirs(p, exist_ok=True)
        os.chmod(p, 0o755)
        if owner:
            shutil.chown(p, owner, owner)
        return p

    def write(self, name, text, owner=None):
        p = self.path(name)
        with open(p, "w") as f:
            f.write(text)
        if owner:
            shutil.chown(p, owner, owner)
        return p

    def start(self, ns, name, args, env=None):
        """Start args in ns (ip netns exec execs, so the PID is the
        daemon's), stdout/stderr to <dir>/<name>.out."""
        logpath = self.path(name + ".out")
        logf = open(logpath, "ab")
        cmd = ["ip", "netns", "exec", ns] + list(args) if ns else list(args)
        p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, env=env,
                             start_new_session=True)
        logf.close()
        proc = Proc(name, p, logpath)
        self.procs.append(proc)
        return proc

    def close(self):
        if self.closed:
            return
        self.closed = True
        for p in reversed(self.procs):
            try:
                p.stop()
            except Exception:   # keep cleaning up
                pass
        for ns in reversed(self.netns):
            sh("ip", "netns", "del", ns, check=False)
        if os.environ.get("TOPO_KEEP"):
            print("topotests: kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def dump_logs(self, tail=60):
        out = []
        for p in self.procs:
            for f in [p.log] + getattr(p, "extra_logs", []):
                try:
                    with open(f, errors="replace") as fh:
                        lines = fh.readlines()[-tail:]
                except OSError:
                    continue
                out.append("==== %s (%s)\n%s" % (p.name, f, "".join(lines)))
        return "\n".join(out)


def jload(text):
    return json.loads(text) if text.strip() else {}
