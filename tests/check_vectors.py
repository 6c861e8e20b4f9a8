#!/usr/bin/python3
"""Decode every message of ../shared/vectors/*.hex with `evpnd --decode`
and check that every field the vector's description line names comes out
with the same value.  Usage: check_vectors.py EVPND VECTOR_DIR

Description grammar (see the vectors' README):
  OPEN v4 as=N hold=N id=IP caps=[NAME(ARGS),...]
  UPDATE REACH afi/safi=A/S nh=IP K route(s): ROUTE; ROUTE | ATTRS
  UPDATE WITHDRAW afi/safi=A/S K route(s): ROUTE; ROUTE |
  UPDATE End-of-RIB afi/safi=A/S
"""
import glob
import json
import os
import re
import subprocess
import sys

CAP_CODES = {"MP": 1, "RR": 2, "RR-old": 128, "ERR": 70, "AS4": 65,
             "EXTMSG": 6, "ADDPATH": 69, "FQDN": 73, "GR": 64, "LLGR": 71}
ROUTE_TYPES = {"T1": 1, "T2": 2, "T3": 3, "T4": 4, "T5": 5}


class Mismatch(Exception):
    pass


def expect(what, got, want):
    if str(got) != str(want):
        raise Mismatch(f"{what}: decoded {got!r}, description says {want!r}")


def read_vectors(path):
    """(description, hex) pairs: the comment line just before each hex."""
    out, desc = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                if not line.startswith("# frame") and "->" in line.split()[1]:
                    desc = line[2:]
                continue
            out.append((desc, line))
            desc = None
    return out


def check_open(desc, msg):
    expect("type", msg["type"], "OPEN")
    m = re.search(r"OPEN v(\d+) as=(\d+) hold=(\d+) id=(\S+) caps=\[(.*)\]",
                  desc)
    if not m:
        raise Mismatch("unparsable OPEN description")
    expect("version", msg["version"], m.group(1))
    expect("as", msg["as"], m.group(2))
    expect("holdTime", msg["holdTime"], m.group(3))
    expect("bgpId", msg["bgpId"], m.group(4))
    caps = msg["capabilities"]
    names = re.findall(r"([A-Za-z0-9-]+)(?:\(([^)]*)\))?", m.group(5))
    expect("capability count", len(caps), len(names))
    for cap, (name, arg) in zip(caps, names):
        expect("capability", cap["code"], CAP_CODES[name])
        if name == "MP":
            expect("MP", f'{cap["afi"]}/{cap["safi"]}', arg)
        elif name == "AS4":
            expect("AS4", cap["as"], arg)
        elif name == "FQDN":
            expect("FQDN", cap["hostname"], arg)


def kv(text):
    return dict(re.findall(r"([a-z_/0-9]+)=(\S+)", text))


def check_route(text, r):
    fields = text.split()
    expect("route type", r["routeType"], ROUTE_TYPES[fields[0]])
    f = kv(text)
    expect("rd", r["rd"], f["rd"])
    expect("ethTag", r["ethTag"], f["etag"])
    if "esi" in f:
        want = "00:00:00:00:00:00:00:00:00:00" if f["esi"] == "0" else f["esi"]
        expect("esi", r["esi"], want)
    if "mac" in f:
        expect("mac", r["mac"], f["mac"])
    if r["routeType"] == 2:
        expect("ip", r.get("ip"), f.get("ip"))
    if "vni/label24" in f:
        expect("label", r["label"], f["vni/label24"])
    if "orig" in f:
        expect("originatorIp", r["originatorIp"], f["orig"])
    if "prefix" in f:
        expect("ipPrefix", r["ipPrefix"], f["prefix"])
        expect("gatewayIp", r["gatewayIp"], f["gw"])


def check_routes(text, routes):
    parts = [p.strip() for p in text.split(";") if p.strip()]
    expect("route count", len(routes), len(parts))
    for part, r in zip(parts, routes):
        check_route(part, r)


EXT_RE = r"ext=\[([^\]]*)\]"


def check_attrs(text, a):
    f = kv(re.sub(EXT_RE, "", text))
    names = {"origin": "origin", "local_pref": "localPref", "med": "med",
             "originator_id": "originatorId"}
    for key, jkey in names.items():
        if key in f:
            expect(jkey, a.get(jkey), f[key])
        else:
            expect(f"{jkey} absent", jkey in a, False)
    if "cluster_list" in f:
        expect("clusterList", " ".join(a["clusterList"]), f["cluster_list"])
    m = re.search(EXT_RE, text)
    if m:
        got = [e["string"] for e in a["extendedCommunities"]]
        expect("extendedCommunities", got, m.group(1).split())
    m = re.search(r"PMSI:flags=(\d+),type=([a-z-]+),label24=(\d+),"
                  r"tunnel=(\S+)", text)
    if m:
        p = a["pmsiTunnel"]
        expect("pmsi flags", p["flags"], m.group(1))
        expect("pmsi type", p["tunnelTypeName"], m.group(2))
        expect("pmsi label", p["label"], m.group(3))
        expect("pmsi tunnel", p["tunnelId"], m.group(4))


def check_update(desc, msg):
    expect("type", msg["type"], "UPDATE")
    afisafi = re.search(r"afi/safi=(\d+)/(\d+)", desc).groups()
    a = msg["attributes"]
    if "End-of-RIB" in desc:
        eor = msg["endOfRib"]
        expect("endOfRib", f'{eor["afi"]}/{eor["safi"]}', "/".join(afisafi))
        return
    head, _, attrs = desc.partition(" | ")
    routes_text = head.split("route(s):", 1)[1]
    if " REACH " in desc:
        mp = a["mpReach"]
        expect("nextHop", mp["nextHop"], re.search(r"nh=(\S+)", head)[1])
        nlri = mp["nlri"]
    else:
        mp = a["mpUnreach"]
        nlri = mp["withdrawn"]
    expect("afi/safi", f'{mp["afi"]}/{mp["safi"]}', "/".join(afisafi))
    check_routes(routes_text, nlri)
    check_attrs(attrs, a)


def main():
    evpnd, vecdir = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(vecdir, "*.hex")))
    if not files:
        print(f"no vectors in {vecdir}")
        return 1
    passed = failed = 0
    for path in files:
        vectors = read_vectors(path)
        out = subprocess.run([evpnd, "--decode", path], capture_output=True,
                             text=True, check=True).stdout.splitlines()
        msgs = [json.loads(line) for line in out]
        name = os.path.basename(path)
        if len(msgs) != len(vectors):
            print(f"FAIL {name}: {len(msgs)} decoded, {len(vectors)} in file")
            failed += 1
            continue
        for i, ((desc, _), msg) in enumerate(zip(vectors, msgs), 1):
            try:
                if "error" in msg:
                    raise Mismatch(f'decode error: {msg["error"]}')
                if " OPEN " in desc:
                    check_open(desc, msg)
                else:
                    check_update(desc, msg)
                passed += 1
            except (Mismatch, KeyError, TypeError, AttributeError) as e:
                print(f"FAIL {name} message {i}: {e!r}\n  {desc}")
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
