"""What changed since the last run, over real SSH: one host broken, another repaired in between.

The smoke lab has a healthy host and one whose agent is stopped. The first run
is the baseline; then the healthy host's agent is stopped and the other's
started (as a person would, through each host's own init script), and the
second run, writing into the same reports folder, compares with the first.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import REPO, SCENARIOS, SuiteRun, run_suite

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def smoke_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "smoke.yaml") as lab:
        yield lab


def _run(lab: Lab, out: Path, *options: str) -> SuiteRun:
    return run_suite(
        out,
        f"--targets={lab.targets_file}",
        f"--ssh-config={lab.ssh_config}",
        "--connect-timeout=5",
        *options,
        html=False,
    )


def _agent(lab: Lab, name: str, verb: str) -> None:
    done = lab.run(name, ["/etc/init.d/ilogtaild", verb], timeout=20)
    assert done.returncode == 0, (name, verb, done.stdout, done.stderr)


def test_a_second_run_says_what_broke_and_what_was_fixed(smoke_lab: Lab, workdir: Path) -> None:
    healthy, stopped = smoke_lab.host("healthy"), smoke_lab.host("stopped")
    out = workdir / "baseline-runs"
    first = _run(smoke_lab, out)
    assert first.exit_code == 1, first.stdout[-2000:]
    assert first.summary["changes"] is None  # nothing to compare with yet
    first_summary = first.summary

    _agent(smoke_lab, "healthy", "stop")
    _agent(smoke_lab, "stopped", "start")
    try:
        second = _run(smoke_lab, out, "--fail-on=new")
        # The first run's summary was kept beside the new one, and compared with.
        previous = json.loads((out / "summary.previous.json").read_text(encoding="utf-8"))
        assert previous == first_summary
        changes = second.summary["changes"]
        assert changes["baseline"] == str(out / "summary.json")
        assert changes["baseline_started"] == first_summary["run"]["started"]
        assert changes["broke"] == [{"host": healthy.url, "root_cause": "step1.running"}]
        assert changes["fixed"] == [{"host": stopped.url, "root_cause": "step1.running"}]
        assert changes["cause_changed"] == []
        assert second.exit_code == 1  # a new failure fails the gate
        assert second.summary["gate"]["failing_hosts"] == 1
        # The terminal says it in one block; report.html marks the two rows.
        assert "1 broke, 1 fixed, 0 changed root cause" in second.stdout
        assert f"  broke    {healthy.url}  step1.running" in second.stdout
        assert f"  fixed    {stopped.url}  (was step1.running)" in second.stdout
        html = second.html
        assert 'data-change="broke"' in html
        assert 'data-change="fixed"' in html
        assert "new failure since" in html

        # Nothing changed since: the failure is old now, and --fail-on new passes.
        third = _run(smoke_lab, out, "--fail-on=new")
        assert third.summary["hosts"][healthy.url]["status"] == "unhealthy"
        assert third.summary["changes"]["broke"] == []
        assert third.exit_code == 0, third.stdout[-2000:]
        # The default gate still fails on the unhealthy host.
        assert _run(smoke_lab, out).exit_code == 1
    finally:
        _agent(smoke_lab, "healthy", "start")
        _agent(smoke_lab, "stopped", "stop")


def test_a_baseline_that_cannot_be_read_is_one_line_exit_4(smoke_lab: Lab, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "summary.json"
    run = _run(smoke_lab, tmp_path / "out", f"--baseline={missing}")
    assert run.exit_code == 4
    errors = [ln for ln in (run.stdout + run.stderr).splitlines() if ln.startswith("ERROR:")]
    assert errors == [f"ERROR: --baseline: {missing}: cannot read: No such file or directory"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema_version": 1, "hosts": {}}))
    run = _run(smoke_lab, tmp_path / "out", f"--baseline={old}")
    assert run.exit_code == 4
    assert f"--baseline: {old}: schema_version 1, expected 3" in run.stdout + run.stderr


def test_on_a_terminal_the_progress_is_one_line_rewritten_and_qq_is_silent(
    smoke_lab: Lab, tmp_path: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--targets={smoke_lab.targets_file}",
        f"--ssh-config={smoke_lab.ssh_config}",
        f"--summary-json={tmp_path / 's.json'}",
        f"--report={tmp_path / 'r.html'}",
        f"--junitxml={tmp_path / 'j.xml'}",
        "-p",
        "no:html",
    ]
    output = _on_a_terminal(command)
    assert re.search(r"\rprobed 2 hosts in [\d.]+ s \([\d.]+ hosts/s\), 0 unreachable", output), (
        output[:3000]
    )
    quiet = subprocess.run(
        [*command, "-qq"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert quiet.returncode == 1
    assert "probed " not in quiet.stdout
    assert "probing: " not in quiet.stdout


def _on_a_terminal(command: list[str]) -> str:
    """Run command with a pseudo-terminal as its stdout; what it wrote (bounded wait)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
        )
    finally:
        os.close(follower)
    chunks = []
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed: the run is over
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    return b"".join(chunks).decode("utf-8", "replace")
