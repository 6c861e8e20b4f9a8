#!/usr/bin/python3
"""Write libFuzzer seed corpora from the hex vectors.
Usage: seeds.py VECTOR_DIR OUTDIR [CONF_DIR]
  -> OUTDIR/{frame,update,evpn_nlri}/ and, from CONF_DIR/*.conf (the
     example configurations, one seed per file and per block), OUTDIR/conf/"""
import glob
import os
import sys


def messages(vecdir):
    for path in sorted(glob.glob(os.path.join(vecdir, "*.hex"))):
        for line in open(path):
            line = line.strip()
            if line and not line.startswith("#"):
                yield bytes.fromhex(line)


def mp_nlri(body):
    """NLRI fields of MP_REACH (14) / MP_UNREACH (15) in an UPDATE body."""
    wlen = int.from_bytes(body[0:2], "big")
    pos = 2 + wlen
    alen = int.from_bytes(body[pos:pos + 2], "big")
    attrs, pos = body[pos + 2:pos + 2 + alen], 0
    while pos + 3 <= len(attrs):
        flags, typ = attrs[pos], attrs[pos + 1]
        if flags & 0x10:
            ln, hdr = int.from_bytes(attrs[pos + 2:pos + 4], "big"), 4
        else:
            ln, hdr = attrs[pos + 2], 3
        val = attrs[pos + hdr:pos + hdr + ln]
        if typ == 14:
            nhlen = val[3]
            yield val[5 + nhlen:]
        elif typ == 15:
            yield val[3:]
        pos += hdr + ln


def conf_seeds(confdir, out):
    """Each example config whole, and each of its '!'-separated blocks."""
    d = os.path.join(out, "conf")
    os.makedirs(d, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(confdir, "*.conf"))):
        name = os.path.splitext(os.path.basename(path))[0]
        text = open(path, "rb").read()
        open(os.path.join(d, name), "wb").write(text)
        for k, block in enumerate(text.split(b"\n!\n")):
            if block.strip():
                open(os.path.join(d, f"{name}_{k}"), "wb").write(block)


def main():
    vecdir, out = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        conf_seeds(sys.argv[3], out)
    dirs = {n: os.path.join(out, n) for n in ("frame", "update", "evpn_nlri")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    seen = set()
    for i, msg in enumerate(messages(vecdir)):
        if msg in seen:
            continue
        seen.add(msg)
        open(os.path.join(dirs["frame"], f"m{i}"), "wb").write(msg)
        if msg[18] == 2:
            body = msg[19:]
            open(os.path.join(dirs["update"], f"u{i}"), "wb").write(
                b"\x00" + body)
            for k, nlri in enumerate(mp_nlri(body)):
                if nlri:
                    open(os.path.join(dirs["evpn_nlri"], f"n{i}_{k}"),
                         "wb").write(b"\x00" + nlri)


if __name__ == "__main__":
    main()
