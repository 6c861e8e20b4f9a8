#!/bin/sh
# Decode every tests/vectors/*.pcap the way docs/decode.md tells operators
# to (tshark -> hex lines, one TCP segment per line) and check the result
# against Wireshark's own dissection of the same capture: the same number
# of BGP messages, of the same types, in the same order, and no errors.
# usage: check_pcaps.sh EVPND VECTOR_DIR
set -eu
evpnd=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
pass=0
fail=0
for pcap in "$dir"/*.pcap; do
	name=$(basename "$pcap")
	tshark -r "$pcap" -Y bgp -T fields -e ip.src -e ip.dst -e tcp.payload \
	    2>/dev/null | awk '{print "# " $1 " -> " $2; print $3}' >"$tmp/in.hex"
	"$evpnd" --decode "$tmp/in.hex" >"$tmp/out.json"
	# Wireshark: one line per packet, the types of its BGP messages.
	tshark -r "$pcap" -Y bgp -T fields -e bgp.type 2>/dev/null |
	    tr ',' '\n' >"$tmp/want"
	python3 -c '
import json, sys
names = {"OPEN": 1, "UPDATE": 2, "NOTIFICATION": 3, "KEEPALIVE": 4,
         "ROUTE-REFRESH": 5}
for line in open(sys.argv[1]):
    m = json.loads(line)
    if "error" in m:
        print("error:", m["error"])
    print(names.get(m.get("type"), "?"))
' "$tmp/out.json" >"$tmp/got"
	if cmp -s "$tmp/got" "$tmp/want" && [ -s "$tmp/want" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		diff "$tmp/want" "$tmp/got" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
