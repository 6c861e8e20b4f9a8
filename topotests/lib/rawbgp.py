"""A minimal BGP speaker for feeding evpnd hand-made (malformed) UPDATEs.

It connects, exchanges OPEN/KEEPALIVE (IPv4 unicast, 4-octet AS), then
answers keepalives from a reader thread that records every message it
receives, so a test can look for the NOTIFICATION evpnd sent.  UPDATEs
are built from parts so that each field can be broken on purpose.
"""
import ctypes
import os
import socket
import struct
import threading
import time

MARKER = b"\xff" * 16
OPEN, UPDATE, NOTIFICATION, KEEPALIVE = 1, 2, 3, 4


def msg(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def attr(flags, atype, value):
    if flags & 0x10:
        return struct.pack("!BBH", flags, atype, len(value)) + value
    return struct.pack("!BBB", flags, atype, len(value)) + value


def origin(v=0):
    return attr(0x40, 1, bytes([v]))


def as_path(*asns, width=4, atype=2, flags=0x40):
    """AS_SEQUENCE of asns, 4- or 2-octet (a 2-octet session), or
    AS4_PATH with atype=17, flags=0xc0."""
    if not asns:
        return attr(flags, atype, b"")
    f = "!I" if width == 4 else "!H"
    return attr(flags, atype, bytes([2, len(asns)]) +
                b"".join(struct.pack(f, a) for a in asns))


def as4_path(*asns):
    return as_path(*asns, atype=17, flags=0xc0)


def parse_path(value, width):
    """The ASNs of an AS_PATH/AS4_PATH value (segments flattened)."""
    out, i = [], 0
    while i + 2 <= len(value):
        n = value[i + 1]
        i += 2
        for _ in range(n):
            out.append(int.from_bytes(value[i:i + width], "big"))
            i += width
    return out


def parse_update(body):
    """{"withdrawn": [...], "attrs": {type: bytes}, "nlri": [...]}."""
    def prefixes(b):
        out, i = [], 0
        while i < len(b):
            plen = b[i]
            n = (plen + 7) // 8
            out.append("%s/%d" % (socket.inet_ntoa(
                (b[i + 1:i + 1 + n] + b"\0\0\0\0")[:4]), plen))
            i += 1 + n
        return out
    wl = struct.unpack("!H", body[:2])[0]
    withdrawn = prefixes(body[2:2 + wl])
    al = struct.unpack("!H", body[2 + wl:4 + wl])[0]
    a, i, attrs = body[4 + wl:4 + wl + al], 0, {}
    while i < len(a):
        flags, t = a[i], a[i + 1]
        if flags & 0x10:
            ln = struct.unpack("!H", a[i + 2:i + 4])[0]
            i += 4
        else:
            ln = a[i + 2]
            i += 3
        attrs[t] = a[i:i + ln]
        i += ln
    return {"withdrawn": withdrawn, "attrs": attrs,
            "nlri": prefixes(body[4 + wl + al:])}


def next_hop(ip):
    return attr(0x40, 3, socket.inet_aton(ip))


def med(v=0, length=4):
    return attr(0x80, 4, struct.pack("!I", v)[:length] + b"\0" *
                max(0, length - 4))


def prefix(p):
    net, plen = p.split("/")
    plen = int(plen)
    return bytes([plen]) + socket.inet_aton(net)[:(plen + 7) // 8]


def update(attrs=b"", nlri=(), withdrawn=(), raw_nlri=b""):
    w = b"".join(prefix(p) for p in withdrawn)
    n = b"".join(prefix(p) for p in nlri) + raw_nlri
    return msg(UPDATE, struct.pack("!H", len(w)) + w +
               struct.pack("!H", len(attrs)) + attrs + n)


_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def netns_socket(ns):
    """A TCP socket that lives in network namespace ns: created while
    this thread is in ns (setns(2) is per thread), then back home."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if _libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
        try:
            return socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        finally:
            if _libc.setns(home, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(home)
        os.close(target)


class RawSpeaker:
    def __init__(self, ns, local, remote, asn, bgp_id, hold=9, port=179,
                 as4=True):
        self.ns, self.as4 = ns, as4
        self.peer_open = None
        self.local, self.remote, self.asn = local, remote, asn
        self.bgp_id, self.hold, self.port = bgp_id, hold, port
        self.received = []          # (type, body)
        self.lock = threading.Lock()
        self.sock = None
        self.closed = threading.Event()

    # -- session -------------------------------------------------------
    def open_msg(self):
        caps = bytes([1, 4, 0, 1, 0, 1])
        if self.as4:        # RFC 6793: without it, a 2-octet speaker
            caps += bytes([65, 4]) + struct.pack("!I", self.asn)
        opt = bytes([2, len(caps)]) + caps
        my_as = self.asn if self.asn < 65536 else 23456
        return msg(OPEN, struct.pack("!BHH4sB", 4, my_as, self.hold,
                                     socket.inet_aton(self.bgp_id),
                                     len(opt)) + opt)

    def connect(self, timeout=5):
        s = netns_socket(self.ns)
        s.bind((self.local, 0))
        s.settimeout(timeout)
        s.connect((self.remote, self.port))
        self.sock = s
        self.closed.clear()
        self.sock.sendall(self.open_msg())
        t, self.peer_open = self._read_msg()
        if t != OPEN:
            raise AssertionError("expected OPEN, got %s" % t)
        self.sock.sendall(msg(KEEPALIVE, b""))
        t, body = self._read_msg()
        if t != KEEPALIVE:
            raise AssertionError("expected KEEPALIVE, got %s %r" % (t, body))
        self.sock.settimeout(None)
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._keepalive, daemon=True).start()

    def _read_exact(self, n):
        b = b""
        while len(b) < n:
            c = self.sock.recv(n - len(b))
            if not c:
                raise EOFError("connection closed")
            b += c
        return b

    def _read_msg(self):
        h = self._read_exact(19)
        if h[:16] != MARKER:
            raise AssertionError("bad marker")
        length, t = struct.unpack("!HB", h[16:])
        return t, self._read_exact(length - 19)

    def _reader(self):
        try:
            while True:
                t, body = self._read_msg()
                with self.lock:
                    self.received.append((t, body))
                if t == NOTIFICATION:
                    break
        except (EOFError, OSError):
            pass
        self.closed.set()

    def _keepalive(self):
        while not self.closed.wait(self.hold / 3.0):
            try:
                self.sock.sendall(msg(KEEPALIVE, b""))
            except OSError:
                return

    def send(self, data):
        self.sock.sendall(data)

    def close(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        self.closed.set()

    # -- what evpnd sent ----------------------------------------------
    def notification(self):
        """(code, subcode, data) of the NOTIFICATION received, or None."""
        with self.lock:
            for t, body in self.received:
                if t == NOTIFICATION:
                    return body[0], body[1], body[2:]
        return None

    def is_closed(self):
        return self.closed.is_set()

    def updates(self):
        with self.lock:
            return [b for t, b in self.received if t == UPDATE]

    def route(self, prefix):
        """The attributes of the last UPDATE announcing prefix, unless a
        later one withdrew it."""
        found = None
        for b in self.updates():
            u = parse_update(b)
            if prefix in u["nlri"]:
                found = u["attrs"]
            elif prefix in u["withdrawn"]:
                found = None
        return found


def connect_with_retry(sp, timeout=30):
    """evpnd may hold a peer off after a reset (its backoff): retry."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sp.connect()
            return sp
        except (OSError, EOFError, AssertionError):
            sp.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
