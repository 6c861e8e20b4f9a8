#!/bin/sh
# Live configuration over the control socket (`configure terminal` ...
# `end`, `write memory`) and the interactive evpnsh through a pty
# (docs/control.md).
# usage: test_configure.sh EVPND EVPNSH CONF_DIR
# Only temporary files are created; the daemon is killed by PID only.
set -u
evpnd=$1
evpnsh=$2
confdir=$3
. "$(dirname "$0")/lib.sh"

cp "$confdir/vtep.conf" "$conf"
$isolate "$evpnd" -f "$conf" -S "$sock" 2>>"$d/log" &
pid=$!
retry 100 sh_ -c 'show evpn vni' ||
    { fail "daemon did not come up"; cat "$d/log"; exit 1; }
sh_ -c 'show running-config' >"$d/run0" || fail "show running-config rc"
grep -qx 'hostname vtep1' "$d/run0" || fail "test bug: hostname not vtep1"

# -- configure terminal, hostname h2, end: applied live, same daemon
sh_ -c 'configure terminal' -c 'hostname h2' -c 'end' >"$d/out" 2>&1 ||
    fail "configure hostname: rc $?: $(cat "$d/out")"
sh_ -c 'show running-config' >"$d/run1"
grep -qx 'hostname h2' "$d/run1" || fail "hostname h2 not applied"
sed 's/^hostname vtep1$/hostname h2/' "$d/run0" | cmp -s - "$d/run1" ||
    fail "configure changed more than the hostname: $(diff "$d/run0" "$d/run1")"
kill -0 "$pid" 2>/dev/null || fail "daemon gone after configure"
grep -q "started (pid $pid)" "$d/log" || fail "not the same daemon"
[ "$(grep -c 'started (pid' "$d/log")" -eq 1 ] || fail "daemon restarted"

# -- a bad line: exit 1, names the entered line, nothing changes
sh_ -c 'configure terminal' -c 'hostname h3' -c 'router bgp 0' -c 'end' \
    >"$d/out" 2>"$d/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^line 2: ' "$d/err" &&
    grep -q 'router bgp 0' "$d/err" ||
    fail "bad line: rc $rc: $(cat "$d/err")"
sh_ -c 'show running-config' | cmp -s - "$d/run1" ||
    fail "bad line: running config changed"

# -- abort discards; a second configure on one connection is refused
sh_ -c 'configure terminal' -c 'hostname h4' -c 'abort' >/dev/null 2>&1 ||
    fail "abort: rc $?"
sh_ -c 'configure terminal' -c 'configure terminal' >/dev/null 2>&1 &&
    fail "nested configure terminal accepted"
sh_ -c 'show running-config' | cmp -s - "$d/run1" ||
    fail "abort: running config changed"
sh_ -c 'end' >/dev/null 2>&1 && fail "end outside configure mode accepted"

# -- a closed connection discards its session
sh_ -c 'configure terminal' -c 'hostname h5' >/dev/null 2>&1
sh_ -c 'show running-config' | cmp -s - "$d/run1" ||
    fail "unfinished session applied"

# -- a configure block on stdin, with blocks, exit, `do show`
printf '%s\n' 'configure terminal' 'router bgp 65000' \
    ' neighbor 10.7.7.7 remote-as internal' ' address-family l2vpn evpn' \
    '  neighbor 10.7.7.7 activate' ' exit-address-family' 'exit' \
    'prompt' 'do show running-config json' 'exit' 'prompt' \
    >"$d/in"
sh_ <"$d/in" >"$d/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -qx 'h2(config)# ' "$d/out" &&
    grep -qx 'h2# ' "$d/out" && grep -q '"evpnd:hostname"' "$d/out" ||
    fail "stdin configure block: rc $rc: $(cat "$d/out")"
sh_ -c 'show running-config' >"$d/run2"
grep -q '^ neighbor 10.7.7.7 remote-as internal$' "$d/run2" &&
    grep -q '^  neighbor 10.7.7.7 activate$' "$d/run2" ||
    fail "stdin configure block not applied: $(cat "$d/run2")"

# -- more than 10000 lines: error, discarded
{
	echo 'configure terminal'
	i=0
	while [ $i -lt 10001 ]; do echo 'hostname h6'; i=$((i + 1)); done
	echo 'end'
} >"$d/in"
sh_ <"$d/in" >/dev/null 2>"$d/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'more than 10000 lines' "$d/err" ||
    fail "10001 lines: rc $rc: $(head -3 "$d/err")"
sh_ -c 'show running-config' | cmp -s - "$d/run2" ||
    fail "10001 lines: running config changed"

# -- write memory: the file is the running config, the old one .bak
sh_ -c 'write memory' >"$d/out" 2>&1 || fail "write memory: $(cat "$d/out")"
cmp -s "$conf" "$d/run2" || fail "write memory: file != running config"
cmp -s "$conf.bak" "$confdir/vtep.conf" || fail "write memory: no .bak"
"$evpnd" --check -f "$conf" || fail "write memory: --check rejects it"
[ -z "$(find "$d" -name 'evpnd.conf.?*' ! -name '*.bak')" ] ||
    fail "write memory: temp file left: $(ls "$d")"
cp "$conf" "$d/saved1"
sh_ -c 'configure terminal' -c 'hostname h7' -c 'end' \
    -c 'copy running-config startup-config' >/dev/null ||
    fail "copy running-config startup-config: rc"
grep -qx 'hostname h7' "$conf" || fail "copy running-config: not written"
cmp -s "$conf.bak" "$d/saved1" || fail "second write: .bak not the old one"

# -- the interactive shell through a pty
home=$d/home
mkdir "$home"
HOME=$home python3 - "$evpnsh" "$sock" >"$d/pty" 2>&1 <<'PY' ||
import os, pty, select, sys, time

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "-S", sys.argv[2]])
buf = b""

def expect(what, timeout=10):
    global buf
    end = time.time() + timeout
    while what not in buf:
        left = end - time.time()
        if left <= 0:
            raise SystemExit("timeout waiting for %r; got %r" % (what, buf))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                b = os.read(fd, 4096)
            except OSError:
                b = b""
            if not b:
                raise SystemExit("EOF waiting for %r; got %r" % (what, buf))
            buf += b
    got, buf = buf, buf[buf.index(what) + len(what):]
    return got

def send(s):
    os.write(fd, s.encode())

expect(b"h7# ")
send("show running-config\r")
expect(b"hostname h7")
expect(b"h7# ")
send("show ?")
got = expect(b"h7# show ")
for w in (b"bgp", b"evpn", b"running-config"):
    assert w in got, (w, got)
send("\x15")                    # ^U: kill the line
send("show runn\t")
expect(b"ing-config ")          # the completion, after "show runn"
send("\r")
expect(b"hostname h7")
expect(b"h7# ")
send("configure terminal\r")
expect(b"h7(config)# ")
send("hostname h8\r")
expect(b"h7(config)# ")
send("end\r")
expect(b"h8# ")
send("exit\r")
end = time.time() + 10
while True:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p:
        break
    if time.time() > end:
        os.kill(pid, 9)
        raise SystemExit("evpnsh did not exit")
    try:
        os.read(fd, 4096)
    except OSError:
        pass
    time.sleep(0.05)
assert os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0, st
PY
    fail "interactive: $(cat "$d/pty")"
hist=$home/.evpnsh_history
# libedit's history file strvis()-encodes blanks as \040.
grep -Eq '^show( |\\040)running-config$' "$hist" 2>/dev/null ||
    fail "history: $(cat "$hist" 2>&1)"
sh_ -c 'show running-config' | grep -qx 'hostname h8' ||
    fail "interactive configure not applied"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] || fail "daemon exit status $rc"

[ $status -eq 0 ] && echo "configure: ok" ||
    { echo "--- daemon log"; cat "$d/log"; }
exit $status
