#!/bin/sh
# evpnd's daemon mode and evpnsh over the control socket (docs/control.md).
# usage: test_ctl.sh EVPND EVPNSH CONF_DIR [VALGRIND]
# With VALGRIND, the daemon runs under it and must shut down clean (no
# errors, no leaks) after serving requests and reloads.
# Only temporary files are created; daemons are killed by PID only.
set -u
evpnd=$1
evpnsh=$2
confdir=$3
valgrind=${4:-}
. "$(dirname "$0")/lib.sh"
pidf=$d/pid

# A validated JSON document on stdin; extra python asserts in $1.
json_check() {
	python3 -c "import json,sys; j=json.load(sys.stdin); $1"
}

tries=100
[ -n "$valgrind" ] && tries=600
cp "$confdir/vtep.conf" "$conf"

# start [EXTRA ARGS]: the daemon in the background, pid in $pid.
start() {
	if [ -n "$valgrind" ]; then
		$isolate "$valgrind" -q --error-exitcode=3 --leak-check=full \
		    --errors-for-leak-kinds=all "$evpnd" -f "$conf" \
		    -S "$sock" -p "$pidf" "$@" 2>>"$d/log" &
	else
		$isolate "$evpnd" -f "$conf" -S "$sock" -p "$pidf" "$@" \
		    2>>"$d/log" &
	fi
	pid=$!
	retry "$tries" sh_ -c 'show evpn vni' ||
	    { fail "daemon did not come up"; cat "$d/log"; exit 1; }
}

# exited PID: the child has exited (a zombie until waited for, or gone).
exited() {
	[ ! -e "/proc/$1" ] ||
	    [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# stop SIGNAL: the daemon must exit 0 and remove socket and pidfile.
stop() {
	kill -"$1" "$pid"
	retry "$tries" exited "$pid" ||
	    { fail "SIG$1: still running"; kill -KILL "$pid"; }
	wait "$pid"
	rc=$?
	pid=
	[ "$rc" -eq 0 ] || fail "SIG$1: exit status $rc"
	[ ! -e "$sock" ] || fail "SIG$1: socket left behind"
	[ ! -e "$pidf" ] || fail "SIG$1: pidfile left behind"
}

# -- a config error at start-up: exit 1 with FILE:LINE
printf 'hostname h\nbogus line\n' >"$d/bad.conf"
"$evpnd" -f "$d/bad.conf" -S "$sock" 2>"$d/err"
rc=$?
grep -q "^$d/bad.conf:2: " "$d/err" && [ $rc -eq 1 ] ||
    fail "bad config at start: rc $rc: $(cat "$d/err")"
[ ! -e "$sock" ] || fail "bad config at start: socket created"

"$evpnd" -f "$conf" -S "$sock" --log-level loud 2>"$d/err"
rc=$?
[ $rc -eq 1 ] && grep -q -- '--log-level' "$d/err" ||
    fail "bad --log-level: rc $rc: $(cat "$d/err")"

start
[ "$(cat "$pidf")" = "$pid" ] || fail "pidfile: '$(cat "$pidf")' != $pid"
[ "$(stat -c %a "$sock")" = 660 ] || fail "socket mode $(stat -c %a "$sock")"

# -- show running-config is the canonical text
sh_ -c 'show running-config' >"$d/out" || fail "show running-config rc"
cmp -s "$d/out" "$confdir/vtep.ok" ||
    fail "show running-config: $(diff "$d/out" "$confdir/vtep.ok")"

# -- show running-config json: valid JSON with the hostname
sh_ -c 'show running-config json' >"$d/out" || fail "running json rc"
json_check 'assert j["evpnd:hostname"] == "vtep1", j' <"$d/out" ||
    fail "show running-config json: $(cat "$d/out")"

# -- show bgp summary json: FRR's keys, the configured router-id and AS
sh_ -c 'show bgp summary json' >"$d/out" || fail "summary json rc"
json_check 'e = j["l2VpnEvpn"]; assert (e["routerId"] == "10.99.255.11"
    and e["as"] == 65000 and e["totalPeers"] == 2
    and sorted(e["peers"]) == ["10.99.0.1", "10.99.0.2"]
    and all(p["state"] != "Established" for p in e["peers"].values())), j' \
    <"$d/out" || fail "show bgp summary json: $(cat "$d/out")"

# -- every empty show command answers well-formed JSON
for c in 'show bgp neighbors' 'show evpn vni' 'show evpn mac vni all' \
    'show evpn mac vni 100' 'show evpn arp-cache vni all' \
    'show evpn arp-cache vni 100' 'show bgp l2vpn evpn'; do
	sh_ -c "$c json" >"$d/out" || fail "$c json: rc"
	json_check 'pass' <"$d/out" || fail "$c json: $(cat "$d/out")"
	sh_ -c "$c" >/dev/null || fail "$c: rc"
done

# -- VRF instances (docs/control.md): vtep.conf's `router bgp 65000 vrf
# red` (table 1001) runs as an instance without neighbors
sh_ -c 'show bgp vrf all summary json' >"$d/out" || fail "vrf all: rc"
json_check 'assert (sorted(j) == ["default", "red"] and
    "l2VpnEvpn" in j["default"] and
    j["red"]["ipv4Unicast"]["vrfName"] == "red"), j' \
    <"$d/out" || fail "show bgp vrf all summary json: $(cat "$d/out")"
sh_ -c 'show bgp vrf red ipv4 unicast json' >"$d/out" || fail "vrf red: rc"
json_check 'assert j["vrfName"] == "red" and j["vrfId"] == -1, j' \
    <"$d/out" || fail "show bgp vrf red ipv4 unicast: $(cat "$d/out")"
sh_ -c 'show bgp vrf default ipv4 unicast json' >"$d/out" ||
    fail "vrf default ipv4: rc"
json_check 'assert j["vrfName"] == "default" and j["vrfId"] == 0, j' \
    <"$d/out" || fail "show bgp vrf default ipv4 unicast: $(cat "$d/out")"
for c in 'show bgp vrf nope summary json' 'show bgp vrf nope neighbors' \
    'show bgp vrf nope ipv6 unicast' 'clear bgp vrf nope *'; do
	sh_ -c "$c" >"$d/out" 2>"$d/err"
	[ $? -eq 1 ] && grep -q 'BGP instance not found' "$d/out" "$d/err" ||
	    fail "$c: $(cat "$d/out" "$d/err")"
done
for c in 'show bgp vrf red' 'show bgp vrf red bogus' \
    'show bgp vrf all ipv4 unicast' 'show bgp vrf red summary x' \
    'show bgp vrf red neighbors 1.2.3.4.5' 'clear bgp vrf red'; do
	sh_ -c "$c" >/dev/null 2>&1 && fail "$c: accepted"
done

# -- unknown commands: exit 1, message on stderr
sh_ -c 'show bogus' >"$d/out" 2>"$d/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$d/out" ] &&
    [ "$(cat "$d/err")" = "unknown command: show bogus" ] ||
    fail "unknown command: rc $rc, out '$(cat "$d/out")' err '$(cat "$d/err")'"
out=$(sh_ -c 'clear evpn dup-addr vni all' 2>"$d/err")
rc=$?
[ $rc -eq 0 ] && [ "$out" = "0 duplicate MACs cleared
0 duplicate IPs cleared" ] ||
    fail "clear evpn dup-addr: rc $rc: $out $(cat "$d/err")"
sh_ -c 'clear evpn dup-addr vni 100 mac zz' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'invalid MAC address' "$d/err" ||
    fail "clear evpn dup-addr with a bad MAC: $(cat "$d/err")"
sh_ -c 'clear evpn dup-addr vni 100 ip 10.0.0.300' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'invalid IP address' "$d/err" ||
    fail "clear evpn dup-addr with a bad IP: $(cat "$d/err")"
out=$(sh_ -c 'clear evpn dup-addr vni 100 ip 10.0.0.3' 2>"$d/err")
[ "$out" = "0 duplicate IPs cleared" ] ||
    fail "clear evpn dup-addr ip: $out $(cat "$d/err")"
sh_ -c 'show evpn arp-cache vni 100 dup' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'expected duplicate' "$d/err" ||
    fail "show evpn arp-cache with a bad word: $(cat "$d/err")"
sh_ -c 'clear bgp 10.99.0.1 soft in' || fail "clear bgp soft in"
sh_ -c 'clear bgp 10.1.2.3' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'no such neighbor' "$d/err" ||
    fail "clear bgp of an unknown neighbor: $(cat "$d/err")"
sh_ -c 'show bgp ipv4 unicast 10.0.0.0/33 json' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'invalid prefix' "$d/err" ||
    fail "bad prefix accepted: $(cat "$d/err")"
sh_ -c 'show evpn mac vni 16777216' 2>"$d/err"
[ $? -eq 1 ] && grep -q 'invalid VNI' "$d/err" ||
    fail "bad VNI accepted: $(cat "$d/err")"

# -- several -c in order, and an error among them still fails the run
out=$(sh_ -c 'show evpn vni json' -c 'show nothing' \
    -c 'show evpn arp-cache vni all json' 2>/dev/null)
rc=$?
[ $rc -eq 1 ] && [ "$out" = "{}
{}" ] || fail "several -c: rc $rc out '$out'"

# -- commands on stdin, one per line
out=$(printf 'show bgp summary json\nshow evpn mac vni 100 json\n' | sh_)
rc=$?
# (no VXLAN device has VNI 100 here: FRR's answer for an unknown VNI)
[ $rc -eq 0 ] && [ "$(echo "$out" | sed -n 2p)" = '{}' ] &&
    echo "$out" | head -1 | json_check 'assert "l2VpnEvpn" in j' ||
    fail "stdin: rc $rc out '$out'"

# (the interactive shell on a terminal: tests/ctl/test_configure.sh)

# -- an unreachable daemon is exit 2
"$evpnsh" -S "$d/nosock" -c 'show evpn vni' 2>/dev/null
[ $? -eq 2 ] || fail "unreachable daemon: not exit 2"

# -- a second evpnd on the same socket: exit 2; the first keeps serving
"$evpnd" -f "$conf" -S "$sock" 2>"$d/err" &
pid2=$!
retry "$tries" exited "$pid2" ||
    { fail "second evpnd: still running"; kill -KILL "$pid2"; }
wait "$pid2"
rc=$?
pid2=
[ $rc -eq 2 ] && grep -q 'another evpnd' "$d/err" ||
    fail "second evpnd: rc $rc: $(cat "$d/err")"
sh_ -c 'show evpn vni' >/dev/null || fail "first evpnd gone after second"

# -- a request over 4096 bytes: error and closed; others still served
python3 - "$sock" >"$d/out" 2>&1 <<'PY' || fail "long request: $(cat "$d/out")"
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(20)
s.connect(sys.argv[1])
s.sendall(b"x" * 5000)
got = b""
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        got += b
except ConnectionResetError:
    pass
assert got == b"error 17\nrequest too long\n", got
PY
python3 - "$sock" >"$d/out" 2>&1 <<'PY' || fail "4096-byte request: $(cat "$d/out")"
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(20)
s.connect(sys.argv[1])
s.sendall(b"show " + b"x" * 4091 + b"\nshow evpn vni json\n")
f = s.makefile("rb")
h = f.readline()
assert h.startswith(b"error "), h
f.read(int(h.split()[1]))
assert f.readline() == b"ok 3\n" and f.read(3) == b"{}\n"
PY
sh_ -c 'show evpn vni' >/dev/null || fail "not serving after long request"

# -- SIGHUP with a broken config keeps the running one
cp "$conf" "$d/good.conf"
echo 'bogus line' >>"$conf"
kill -HUP "$pid"
retry "$tries" grep -q "reload failed.*$conf:[0-9]*: " "$d/log" ||
    fail "SIGHUP, broken config: no FILE:LINE error logged"
sh_ -c 'show running-config' >"$d/out"
cmp -s "$d/out" "$confdir/vtep.ok" ||
    fail "SIGHUP, broken config: running config changed"

# -- SIGHUP with a valid changed config applies it
sed 's/^hostname vtep1$/hostname vtep9/' "$d/good.conf" >"$conf"
sed 's/^hostname vtep1$/hostname vtep9/' "$confdir/vtep.ok" >"$d/new.ok"
cmp -s "$d/new.ok" "$confdir/vtep.ok" && fail "test bug: hostname not changed"
kill -HUP "$pid"
hup_applied() {
	sh_ -c 'show running-config' | cmp -s - "$d/new.ok"
}
retry "$tries" hup_applied || fail "SIGHUP, valid config: not applied"

# -- SIGUSR1 without a log file: a no-op
kill -USR1 "$pid"
sh_ -c 'show evpn vni' >/dev/null || fail "SIGUSR1 stopped the daemon"

# -- configure sessions (applied, rejected, left open) and write memory,
# so that the valgrind run covers them (details: test_configure.sh)
sh_ -c 'configure terminal' -c 'hostname vtep8' -c 'end' \
    -c 'write memory' >/dev/null || fail "configure: rc"
sh_ -c 'configure terminal' -c 'router bgp 0' -c 'end' 2>/dev/null &&
    fail "configure: bad line accepted"
sh_ -c 'configure terminal' -c 'hostname vtep7' >/dev/null
sh_ -c 'show running-config' | grep -qx 'hostname vtep8' ||
    fail "configure: hostname vtep8 not running"
grep -qx 'hostname vtep8' "$conf" || fail "write memory: not written"

# -- SIGTERM: exit 0, socket and pidfile removed
stop TERM

if [ -z "$valgrind" ]; then
	# -- a stale socket is replaced; SIGINT stops as cleanly
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$sock"
	[ -S "$sock" ] || fail "test bug: no stale socket"
	start
	grep -q 'removing stale socket' "$d/log" || fail "stale socket: no log"
	stop INT
fi

if [ -z "$valgrind" ]; then
	# -- `log file`: written, and reopened on SIGUSR1 (log rotation)
	{ cat "$d/good.conf"; echo "log file $d/evpnd.log"; } \
	    >"$conf"
	start --log-level debug
	sh_ -c 'show bgp summary' >/dev/null
	grep -q 'control: show bgp summary' "$d/evpnd.log" ||
	    fail "log file: request not logged there"
	mv "$d/evpnd.log" "$d/evpnd.log.1"
	kill -USR1 "$pid"
	retry "$tries" grep -q 'log file reopened' "$d/evpnd.log" ||
	    fail "SIGUSR1: log file not reopened"
	stop TERM
fi

if [ -z "$valgrind" ]; then
	# -- -d: detaches (exit 0 at once), serves, stops on SIGTERM
	cp "$d/good.conf" "$conf"
	"$evpnd" -d -f "$conf" -S "$sock" -p "$pidf" 2>"$d/err"
	rc=$?
	[ $rc -eq 0 ] || fail "-d: exit status $rc: $(cat "$d/err")"
	retry "$tries" sh_ -c 'show evpn vni' || fail "-d: not serving"
	pid=$(cat "$pidf" 2>/dev/null)
	[ -n "$pid" ] && kill -0 "$pid" || fail "-d: no pid in pidfile"
	[ "$(readlink "/proc/$pid/fd/0")" = /dev/null ] ||
	    fail "-d: stdin is not /dev/null"
	kill -TERM "$pid"
	retry "$tries" test ! -e "$sock" -a ! -e "$pidf" ||
	    fail "-d: socket or pidfile left after SIGTERM"
	retry "$tries" sh -c "! kill -0 $pid" || fail "-d: still running"
	pid=
fi

[ $status -eq 0 ] && echo "ctl: ok${valgrind:+ (valgrind)}" ||
    { echo "--- daemon log"; cat "$d/log"; }
exit $status
