"""The README's demo (scripts/demo runs scripts/demo_fabric.py after
installing and building): with --once it builds the fabric, shows it,
pings, tears down, and exits 0 only when every ping went through."""
import os
import subprocess
import sys

from lib.topo import ROOT


def test_demo_once():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts",
                                                     "demo_fabric.py"),
                        "--once"], capture_output=True, text=True,
                       timeout=240)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "VM 2 (192.168.100.2) across VXLAN, bridged: ok" in r.stdout, \
        r.stdout
    assert "VM 3 (192.168.200.3) across VXLAN, routed via the L3VNI: ok" \
        in r.stdout, r.stdout
    assert "00:00:00:00:00:00 dst 10.255.0.2" in r.stdout, r.stdout
    # evpnd VTEPs: host 1's MAC table has its VM local and VM 2 remote
    # behind host 2; VM 3's host route in host 1's VRF table
    assert r.stdout.count("VNI 100 #MACs (local and remote) 2") == 2, \
        r.stdout
    assert "02:00:00:00:01:02 remote       10.255.0.2" in r.stdout, r.stdout
    assert "192.168.200.3 via 10.255.0.3 dev br1000 proto bgp" in r.stdout, \
        r.stdout
    assert "tearing down" in r.stdout
