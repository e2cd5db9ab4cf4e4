"""Bounded under faults: every misbehaving host ends within connect + command timeout.

The lab's faults.yaml has one host per transport fault (refused, a silent
listener, dropped packets, a hanging status, a status that holds its output
open, a session killed mid-probe) next to a healthy host. The suite runs over
real SSH, once per transport (OpenSSH processes, asyncssh in-process); each
fault host must end as its `expect` says, within the bound, and the healthy
host must be unaffected.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from logtail_doctor.transport import ConnectionOptions
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, SuiteRun, run_suite
from tests.e2e.transports import TRANSPORTS, host_url, targets_file

pytestmark = pytest.mark.e2e

CONNECT = 3
COMMAND = 6
BOUND = CONNECT + COMMAND
# ssh's own start-up and a busy 2-core machine: generous, and still far below
# what an unbounded hang would take (the hanging hosts would take an hour).
SLACK = 4.0
WATCHDOG_SLACK = 5.0  # transport.WATCHDOG_SLACK: backends we cannot kill ourselves


@pytest.fixture(scope="module")
def faults_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "faults.yaml") as lab:
        yield lab


@pytest.fixture(scope="module", params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def faults_run(faults_lab: Lab, workdir: Path, transport: str) -> tuple[SuiteRun, float]:
    started = time.monotonic()
    run = run_suite(
        workdir / f"faults-run-{transport}",
        f"--targets={targets_file(faults_lab, transport, workdir / 'faults-targets')}",
        f"--ssh-config={faults_lab.ssh_config}",
        f"--connect-timeout={CONNECT}",
        f"--command-timeout={COMMAND}",
        "--progress-every=1",
    )
    return run, time.monotonic() - started


def test_every_fault_host_ends_as_expected_within_the_bound(
    faults_lab: Lab, faults_run: tuple[SuiteRun, float], transport: str
) -> None:
    run, _wall = faults_run
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    hosts = run.summary["hosts"]
    assert sorted(hosts) == sorted(host_url(h, transport) for h in faults_lab.hosts)
    for lab_host in faults_lab.hosts:
        got = hosts[host_url(lab_host, transport)]
        expect = lab_host.expect
        assert (got["status"], got["root_cause"]) == (expect["status"], expect["root_cause"]), (
            lab_host.name,
            got,
        )
        assert got["probe_seconds"] <= BOUND + SLACK, (lab_host.name, got["probe_seconds"])
        if "error" in expect:
            check = got["checks"][expect["root_cause"]]
            text = check["message"] + " " + " ".join(check["evidence"])
            assert expect["error"] in text, (lab_host.name, check)


def test_a_hanging_status_did_not_answer_within_the_step_limit(
    faults_lab: Lab, faults_run: tuple[SuiteRun, float], transport: str
) -> None:
    """The probe cut `status` at its step limit: the finding says so, not timeout's 124."""
    run, _wall = faults_run
    step = ConnectionOptions(connect_timeout=CONNECT, command_timeout=COMMAND).step_limit
    hang = host_url(faults_lab.host("status-hang"), transport)
    check = run.summary["hosts"][hang]["checks"]["step1.running"]
    text = check["message"] + " " + " ".join(check["evidence"])
    assert check["outcome"] == "failed", check
    said = re.search(r"`/etc/init\.d/\w+ status` did not answer within (\d+) s", text)
    assert said is not None, check
    assert int(said[1]) == step, check
    assert "exited 124" not in text, check
    assert "124" not in check["message"], check


def test_the_whole_run_finishes_within_one_bound(faults_run: tuple[SuiteRun, float]) -> None:
    """All hosts are probed at once, so the run costs one bound plus pytest's own time."""
    run, wall = faults_run
    assert wall <= BOUND + SLACK + 20, (wall, run.summary["run"].get("duration_seconds"))


def test_fault_hosts_leave_no_local_ssh_behind(
    faults_lab: Lab, faults_run: tuple[SuiteRun, float]
) -> None:
    """The ssh processes of hosts that hung were killed, not left running."""
    run, _wall = faults_run
    unreachable = [h for h in faults_lab.hosts if h.expect["status"] == "unreachable"]
    assert len(unreachable) == 6  # refused, silent, drop, status-holds, drop- and freeze-session
    assert run.summary["counts"]["unreachable"] == len(unreachable)
    leftovers = [
        p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_lab_ssh(p / "cmdline")
    ]
    assert leftovers == [], leftovers


def _is_lab_ssh(cmdline: Path) -> bool:
    try:
        argv = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return bool(argv) and argv[0].endswith(b"ssh") and any(b"10.250." in a for a in argv)


def test_paramiko_silent_host_is_unreachable_within_the_watchdog_bound(
    faults_lab: Lab, workdir: Path
) -> None:
    """paramiko cannot be killed: the watchdog gives up on it at the bound + slack."""
    silent = faults_lab.host("silent")
    healthy = faults_lab.host("healthy")
    specs = [f"paramiko://root@{silent.ip}", f"paramiko://root@{healthy.ip}"]
    started = time.monotonic()
    run = run_suite(
        workdir / "faults-paramiko",
        f"--targets={faults_lab.targets_file}",
        f"--ssh-config={faults_lab.ssh_config}",
        f"--ssh-identity-file={faults_lab.identity_file}",
        f"--connect-timeout={CONNECT}",
        f"--command-timeout={COMMAND}",
        f"--hosts={','.join(specs)}",
    )
    wall = time.monotonic() - started
    hosts = run.summary["hosts"]
    assert hosts[specs[1]]["status"] == "healthy", hosts[specs[1]]
    assert hosts[specs[0]]["status"] == "unreachable", hosts[specs[0]]
    assert hosts[specs[0]]["probe_seconds"] <= BOUND + WATCHDOG_SLACK + SLACK
    assert wall <= BOUND + WATCHDOG_SLACK + SLACK + 20, wall


def test_the_probe_reports_its_progress_in_a_log_while_slow_hosts_answer(
    faults_lab: Lab, faults_run: tuple[SuiteRun, float]
) -> None:
    # No terminal (a CI log): plain lines every --progress-every second while the
    # hosts that hang to the bound are still being probed, then the final figures.
    run, _wall = faults_run
    lines = run.stdout.splitlines()
    progress = [ln for ln in lines if ln.startswith("probing: ")]
    assert len(progress) >= 2, run.stdout[:3000]
    total = len(faults_lab.hosts)
    for line in progress:
        match = re.fullmatch(
            rf"probing: (\d+)/{total} hosts, (\d+) unreachable, \d+ s elapsed, "
            r"(about \d+ s left|time left unknown)",
            line,
        )
        assert match, line
        assert int(match.group(2)) <= int(match.group(1)) < total
    done = [int(ln.split()[1].split("/")[0]) for ln in progress]
    assert done == sorted(done)  # it only moves forward
    (final,) = [ln for ln in lines if ln.startswith("probed ")]
    assert final.startswith(f"probed {total} hosts in ")
    assert lines.index(final) > lines.index(progress[-1])
    figures = run.summary["run"]["probe"]
    assert figures["hosts"] == total
    assert figures["unreachable"] == run.summary["counts"]["unreachable"]
    assert figures["seconds"] > 0
    assert figures["hosts_per_second"] == round(total / figures["seconds"], 2)


def test_a_host_frozen_mid_probe_says_the_bound_that_ended_it(
    faults_lab: Lab, workdir: Path
) -> None:
    """issue 36: with the default timeouts a frozen host read only "ssh exited 255"; ssh's
    keepalive ends it (the lab's ssh_config logs at ERROR, so ssh itself says nothing)."""
    frozen = faults_lab.host("freeze-session")
    run = run_suite(
        workdir / "frozen-default-timeouts",
        f"--targets={faults_lab.targets_file}",
        f"--hosts=ssh://root@{frozen.ip}",
        f"--ssh-config={faults_lab.ssh_config}",
        timeout=120,
    )
    got = run.summary["hosts"][f"ssh://root@{frozen.ip}"]
    reachable = got["checks"]["host.reachable"]
    assert got["status"] == "unreachable", got
    assert (
        "ssh exited 255 without a message: the host stopped answering mid-session"
        in (reachable["message"])
    ), reachable
    assert "ServerAliveInterval=5, ServerAliveCountMax=2" in reachable["message"], reachable
    assert got["probe_seconds"] < 40, got["probe_seconds"]  # the keepalive, not the 60 s bound
