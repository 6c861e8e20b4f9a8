# Shared by the tests/ctl scripts (sourced): a temp dir, daemons killed by
# recorded PID only, failure accounting and bounded retries.
# The sourcing script sets evpnsh before calling sh_.
d=$(mktemp -d)
sock=$d/sock
conf=$d/evpnd.conf
pid=
pid2=
status=0
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "$pid2" ] && kill -KILL "$pid2" 2>/dev/null
	rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*"
	status=1
}

# retry TRIES CMD...: run CMD every 0.1 s until it succeeds.
retry() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		n=$((n - 1))
		sleep 0.1
	done
	return 1
}

# The daemon runs in a network namespace of its own (unshare execs, so
# $! is still its PID): its BGP sessions to the example configs'
# neighbors must not leave this host.
if [ "$(id -u)" -eq 0 ]; then
	isolate="unshare -n"
else
	isolate="unshare -rn"
fi

sh_() {
	"$evpnsh" -S "$sock" "$@"
}
