"""End-to-end fixtures: a real lab of SSH hosts, and the suite run against it as a user would.

The suite runs in a subprocess (`python -m pytest --targets=...` from the repo
root), over real SSH, against real sshd hosts in network namespaces. Nothing
here mocks the transport.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.installed import installed
from tests.e2e.suite import SCENARIOS, DemoRun, run_suite

__all__ = ["installed"]  # the installed wheel, a session fixture of every e2e module


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    # Short paths: sockets and ssh control paths have a ~100-byte limit.
    with tempfile.TemporaryDirectory(prefix="ltd-e2e-", dir="/tmp") as name:
        yield Path(name)


@pytest.fixture(scope="module")
def demo_lab(workdir: Path) -> Iterator[Lab]:
    """The demo scenario: one healthy host and one host per fault class.

    Module-scoped: only one lab can exist at a time, and other modules
    (test_faults, test_hostile) build labs of their own.
    """
    with module_lab(workdir, SCENARIOS / "demo.yaml") as lab:
        yield lab


@contextlib.contextmanager
def module_lab(workdir: Path, scenario: Path) -> Iterator[Lab]:
    """A lab for one test module, torn down when the module is done."""
    if os.geteuid() != 0:
        pytest.fail("the end-to-end tests build network namespaces: run them as root")
    lab = Lab.up(scenario, workdir / "lab")
    try:
        yield lab
    finally:
        lab.down()


@pytest.fixture(scope="module")
def demo_run(demo_lab: Lab, workdir: Path) -> DemoRun:
    """The whole suite against every demo host, with the hosts' files hashed around it."""
    before = demo_lab.snapshot()
    run = run_suite(
        workdir / "demo-run",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        "--connect-timeout=5",
    )
    after = demo_lab.snapshot()
    return DemoRun(run, before, after)
