#!/bin/sh
# Two evpnd in two network namespaces joined by two veth pairs (so B has
# two EBGP sessions to A and two paths per prefix):
#   A (AS 65001) originates `network` prefixes and redistributes
#   connected and static; B (AS 65002, maximum-paths 2) installs them.
# Checked in B's kernel (`ip -n B route show proto bgp`): the prefixes
# with the right next hops, ECMP with both, IPv4 and IPv6; a `network`
# added live (evpnsh configure terminal) appears; a `network` removed
# (config file + SIGHUP) and a deleted address disappear; `bgp no-rib`
# removes everything and installs nothing; stopping A removes the rest.
# B is passive, so only A connects.  Namespaces are named evfib-$$-*, daemons stopped by PID only, all of
# it removed in the trap, also on failure.  Retries are bounded, no
# fixed sleeps.
#   test_fib_e2e.sh EVPND EVPNSH
set -u
evpnd=$1
evpnsh=$2
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root"; exit 77; }
# lib.sh: the temp dir $d, fail, retry; its cleanup is replaced here.
. "$(dirname "$0")/../ctl/lib.sh"
A=evfib-$$-a
B=evfib-$$-b
pida=
pidb=
pidm=
cleanup() {
	for p in $pida $pidb $pidm; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $pida $pidb; do
		n=50
		while [ $n -gt 0 ] && kill -0 "$p" 2>/dev/null; do
			n=$((n - 1)); sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
	done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# has NS PREFIX [PATTERN...]: NS's proto bgp route for PREFIX (one line,
# ip -o) matches every PATTERN.
has() {
	ns=$1 pfx=$2
	shift 2
	case $pfx in *:*) f=-6 ;; *) f=-4 ;; esac
	line=$(ip -n "$ns" $f -o route show proto bgp | grep "^$pfx ") ||
		return 1
	for p in "$@"; do
		echo "$line" | grep -q -- "$p" || return 1
	done
}
hasnt() {
	! has "$@"
}

ip netns add "$A" && ip netns add "$B" || { echo "FAIL: netns"; exit 1; }
ip -n "$A" link set lo up
ip -n "$B" link set lo up
for i in 1 2; do
	ip link add "evfa$i-$$" netns "$A" type veth peer name "evfb$i-$$" \
		netns "$B" || { echo "FAIL: veth"; exit 1; }
	ip -n "$A" link set "evfa$i-$$" up
	ip -n "$B" link set "evfb$i-$$" up
	ip -n "$A" addr add "10.0.$i.1/24" dev "evfa$i-$$"
	ip -n "$B" addr add "10.0.$i.2/24" dev "evfb$i-$$"
	ip -n "$A" -6 addr add "fd00:$i::1/64" dev "evfa$i-$$" nodad
	ip -n "$B" -6 addr add "fd00:$i::2/64" dev "evfb$i-$$" nodad
done
ip -n "$A" addr add 10.77.0.1/32 dev lo
ip -n "$A" route add blackhole 10.88.0.0/24 proto static

conf_a() {
	cat <<CONF
hostname a
router bgp 65001
 bgp router-id 10.255.0.1
 no bgp ebgp-requires-policy
 neighbor 10.0.1.2 remote-as 65002
 neighbor 10.0.1.2 timers connect 1
 neighbor 10.0.2.2 remote-as 65002
 neighbor 10.0.2.2 timers connect 1
 address-family ipv4 unicast
$1
  redistribute connected
  redistribute static
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.0.1.2 activate
  neighbor 10.0.2.2 activate
  network 2001:db8:99::/64
 exit-address-family
exit
CONF
}
conf_b() {
	cat <<CONF
hostname b
$1
router bgp 65002
 bgp router-id 10.255.0.2
 no bgp ebgp-requires-policy
 neighbor 10.0.1.1 remote-as 65001
 neighbor 10.0.1.1 passive
 neighbor 10.0.2.1 remote-as 65001
 neighbor 10.0.2.1 passive
 address-family ipv4 unicast
  maximum-paths 2
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.0.1.1 activate
  neighbor 10.0.2.1 activate
  maximum-paths 2
 exit-address-family
exit
CONF
}
conf_a "  network 10.99.1.0/24
  network 10.99.3.0/24" >"$d/a.conf"
conf_b "" >"$d/b.conf"

ip netns exec "$A" "$evpnd" -f "$d/a.conf" -S "$d/a.sock" \
	--log-level info 2>"$d/a.log" &
pida=$!
ip netns exec "$B" "$evpnd" -f "$d/b.conf" -S "$d/b.sock" \
	--log-level info 2>"$d/b.log" &
pidb=$!
sha() { "$evpnsh" -S "$d/a.sock" "$@"; }
shb() { "$evpnsh" -S "$d/b.sock" "$@"; }

# -- network, redistribute connected/static, ECMP, IPv4 and IPv6
retry 300 has "$B" 10.99.1.0/24 "nexthop via 10.0.1.1" \
	"nexthop via 10.0.2.1" ||
	fail "B: no ECMP route 10.99.1.0/24 via 10.0.1.1 and 10.0.2.1"
retry 100 has "$B" 10.77.0.1 "nexthop via 10.0.1.1" "nexthop via 10.0.2.1" ||
	fail "B: redistributed connected 10.77.0.1/32 missing"
retry 100 has "$B" 10.88.0.0/24 "via 10.0.1.1" ||
	fail "B: redistributed static 10.88.0.0/24 missing"
retry 100 has "$B" 2001:db8:99::/64 "nexthop via fd00:1::1" \
	"nexthop via fd00:2::1" ||
	fail "B: no IPv6 ECMP route 2001:db8:99::/64 via fd00:1::1, fd00:2::1"
has "$B" 10.99.1.0/24 "metric 20" || fail "B: metric is not 20"
# A installs nothing it originated itself
hasnt "$A" 10.99.1.0/24 || fail "A installed its own network"
shb -c 'show fib summary json' | grep -q '"routes":[1-9]' ||
	fail "B: show fib summary json counts no routes"
shb -c 'show fib summary' | grep -q 'installed' ||
	fail "B: show fib summary text"

[ -n "${FIB_E2E_DEBUG:-}" ] && { ip -n "$B" route show proto bgp; ip -n "$B" -6 route show proto bgp; }
# -- a network added live appears; one removed (SIGHUP) goes
sha -c 'configure terminal' -c 'router bgp 65001' \
	-c 'address-family ipv4 unicast' -c 'network 10.99.2.0/24' -c 'end' \
	>/dev/null || fail "A: configure terminal network"
retry 100 has "$B" 10.99.2.0/24 "via 10.0.1.1" ||
	fail "B: live network 10.99.2.0/24 missing"
conf_a "  network 10.99.1.0/24" >"$d/a.conf"
kill -HUP "$pida"
retry 100 hasnt "$B" 10.99.3.0/24 ||
	fail "B: 10.99.3.0/24 still installed after A dropped it"
retry 100 hasnt "$B" 10.99.2.0/24 ||
	fail "B: 10.99.2.0/24 still installed after A's reload"
has "$B" 10.99.1.0/24 || fail "B: 10.99.1.0/24 lost on A's reload"

# -- a redistributed address removed goes
ip -n "$A" addr del 10.77.0.1/32 dev lo
retry 100 hasnt "$B" 10.77.0.1 || fail "B: 10.77.0.1 stays after removal"

# -- B restarts: its routes stay in the kernel meanwhile, and the new B
# takes them over in place: never deleted (`ip monitor` would say
# "Deleted"), at most replaced while the second session comes up (no
# selection deferral yet, RFC 4724 section 4.1).  10.99.4.0/24, added
# after the restart, is the marker that the new B's flush ran (requests
# are sent in order).
ip -n "$B" monitor route >"$d/mon" 2>&1 &
pidm=$!
kill -TERM "$pidb"
n=100
while [ $n -gt 0 ] && kill -0 "$pidb" 2>/dev/null; do
	n=$((n - 1)); sleep 0.1
done
has "$B" 10.99.1.0/24 "nexthop via 10.0.1.1" "nexthop via 10.0.2.1" ||
	fail "B: routes not kept across its stop"
ip netns exec "$B" "$evpnd" -f "$d/b.conf" -S "$d/b.sock" \
	--log-level info 2>>"$d/b.log" &
pidb=$!
sha -c 'configure terminal' -c 'router bgp 65001' \
	-c 'address-family ipv4 unicast' -c 'network 10.99.4.0/24' -c 'end' \
	>/dev/null || fail "A: configure terminal network 10.99.4.0/24"
retry 300 has "$B" 10.99.4.0/24 "nexthop via 10.0.1.1" \
	"nexthop via 10.0.2.1" || fail "B: 10.99.4.0/24 missing after restart"
retry 100 has "$B" 10.99.1.0/24 "nexthop via 10.0.1.1" \
	"nexthop via 10.0.2.1" || fail "B: 10.99.1.0/24 lost over the restart"
kill "$pidm"
wait "$pidm" 2>/dev/null
pidm=
grep -q '10\.99\.4\.0/24' "$d/mon" || fail "ip monitor saw nothing"
grep -q '^Deleted.*10\.99\.1\.0/24' "$d/mon" &&
	fail "B: 10.99.1.0/24 was deleted during the restart"
grep -q '^Deleted.*2001:db8:99::/64' "$d/mon" &&
	fail "B: 2001:db8:99::/64 was deleted during the restart"

# -- bgp no-rib: everything removed, nothing installed
shb -c 'configure terminal' -c 'bgp no-rib' -c 'end' >/dev/null ||
	fail "B: configure bgp no-rib"
retry 100 sh -c "[ -z \"\$(ip -n $B -o route show proto bgp)\" ] &&
	[ -z \"\$(ip -n $B -6 -o route show proto bgp)\" ]" ||
	fail "B: routes left with bgp no-rib"
shb -c 'show bgp ipv4 unicast 10.99.1.0/24 json' | grep -q 10.0.1.1 ||
	fail "B: no-rib lost the route from BGP itself"
conf_b "" >"$d/b.conf"
kill -HUP "$pidb"
retry 100 has "$B" 10.99.1.0/24 "nexthop via 10.0.1.1" ||
	fail "B: routes not reinstalled after no-rib removed"

# -- stopping A removes them
kill -TERM "$pida"
n=100
while [ $n -gt 0 ] && kill -0 "$pida" 2>/dev/null; do
	n=$((n - 1)); sleep 0.1
done
pida=
retry 100 sh -c "[ -z \"\$(ip -n $B -o route show proto bgp)\" ] &&
	[ -z \"\$(ip -n $B -6 -o route show proto bgp)\" ]" ||
	fail "B: routes left after A stopped"

if [ $status -ne 0 ]; then
	echo "--- B's kernel"; ip -n "$B" route show proto bgp
	ip -n "$B" -6 route show proto bgp
	echo "--- a.log"; tail -20 "$d/a.log"
	echo "--- b.log"; tail -20 "$d/b.log"
fi
exit $status
