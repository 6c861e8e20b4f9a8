"""pytest glue: a Topo per test (or per module), always torn down."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib.topo import BUILD, PREFIX, Topo  # noqa: E402


def pytest_sessionstart(session):
    if os.geteuid() != 0:
        raise pytest.UsageError("topotests need root (network namespaces)")
    for b in ("evpnd", "evpnsh"):
        if not os.access(os.path.join(BUILD, b), os.X_OK):
            raise pytest.UsageError("no %s/%s: build first "
                                    "(scripts/build build)" % (BUILD, b))


def pytest_sessionfinish(session, exitstatus):
    out = subprocess.run(["ip", "netns", "list"], capture_output=True,
                         text=True).stdout
    left = [l.split()[0] for l in out.splitlines()
            if l.startswith(PREFIX)]
    for ns in left:    # ours only: the prefix carries our PID
        subprocess.run(["ip", "netns", "del", ns])
    if left:
        print("topotests: namespaces left behind and removed: %s" % left)
        session.exitstatus = 1


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for name in ("topo", "unicast", "rr", "rr_gobgp", "fabric"):
            t = item.funcargs.get(name) if hasattr(item, "funcargs") \
                else None
            t = getattr(t, "topo", t)
            if isinstance(t, Topo):
                rep.sections.append(("daemon logs (%s)" % name,
                                     t.dump_logs()))


def make_topo(request, name):
    t = Topo(name)
    request.addfinalizer(t.close)
    return t


@pytest.fixture
def topo(request):
    return make_topo(request, request.node.name)
