"""No import cycles: every module of the package can be the first one imported.

A cycle shows up as an ImportError (or an AttributeError on a half-made module) only when
the modules are imported in one order; the order of today's entry points may hide it.
Each module is imported first in a process of its own (forked from one that has imported
nothing of reconcile), so every order in which a user's code may start is tried."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reconcile

from .conftest import ROOT

IMPORT_EACH_FIRST = r"""
import importlib, os, sys, traceback
failed, running = [], {}

def wait_one():
    pid, status = os.wait()
    if status:
        failed.append(running[pid])
    del running[pid]

for name in sys.argv[1:]:
    if len(running) >= (os.cpu_count() or 1):
        wait_one()
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    running[pid] = name
while running:
    wait_one()
print(" ".join(sorted(failed)))
"""


def all_modules() -> list[str]:
    found = ["reconcile"]
    for module in pkgutil.walk_packages(reconcile.__path__, "reconcile."):
        found.append(module.name)
    return sorted(found)


def test_the_package_has_the_modules_this_test_walks():
    assert {"reconcile.cli", "reconcile.pipeline", "reconcile.claims", "reconcile.findings"} <= set(all_modules())


def test_every_module_imports_first_in_a_fresh_process_in_reverse_order():
    modules = list(reversed(all_modules()))
    result = subprocess.run([sys.executable, "-c", IMPORT_EACH_FIRST, *modules], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"cannot be imported first: {result.stdout}\n{result.stderr}"
