#!/bin/sh
# evpnd --check against the example configs and a bad one.
# usage: check.sh EVPND CONF_DIR
set -u
evpnd=$1
dir=$2
status=0
for f in "$dir"/*.conf; do
	if ! out=$("$evpnd" --check -f "$f" 2>&1) || [ -n "$out" ]; then
		echo "FAIL: $f: rc/output: $out"
		status=1
	fi
done
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
printf 'hostname h\nrouter bgp 65000\n neighbor 10.0.0.1 remote-as 0\n' \
    >"$bad"
out=$("$evpnd" --check -f "$bad" 2>&1)
rc=$?
case "$rc:$out" in
"1:$bad:3: "*"not an AS number"*) ;;
*) echo "FAIL: bad config: rc $rc: $out"; status=1 ;;
esac
out=$("$evpnd" --check -f "$dir/nonexistent.conf" 2>&1)
rc=$?
case "$rc:$out" in
"1:$dir/nonexistent.conf:0: "*) ;;
*) echo "FAIL: missing file: rc $rc: $out"; status=1 ;;
esac
[ $status -eq 0 ] && echo "conf_check: ok"
exit $status
