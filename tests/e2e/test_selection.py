"""A -k selection over real SSH: every output tells the same story, and says what did not run.

The demo lab has hosts broken in step 2, 3 and 4. With ``-k step1`` those
checks do not run: no host may then be called healthy, each output names the
checks not run, and summary.json, junit.xml, report.html, the terminal and the
exit code agree host by host.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lab import Lab
from logtail_doctor.verdict import run_checks_of
from tests.e2e.suite import SuiteRun, run_suite

pytestmark = pytest.mark.e2e

# The checks of a run without --sls or --agent-tls: the host side, opt-in checks aside.
RUN_CHECK_IDS = run_checks_of(sls=False)
STEP1 = tuple(c for c in RUN_CHECK_IDS if c.startswith("step1."))


@pytest.fixture(scope="module")
def step1_run(demo_lab: Lab, workdir: Path) -> SuiteRun:
    return run_suite(
        workdir / "select-step1",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        "--connect-timeout=5",
        "-k",
        "step1",
    )


def test_a_selection_judges_no_host_healthy_and_names_what_did_not_run(
    demo_lab: Lab, step1_run: SuiteRun
) -> None:
    summary = step1_run.summary
    hosts = summary["hosts"]
    by_name = {h.name: hosts[h.url] for h in demo_lab.hosts}
    # Broken only beyond step 1: nothing failed in what ran, but not everything ran.
    for name in ("healthy", "wrong-region", "not-in-group", "no-user-id", "loong"):
        assert by_name[name]["status"] == "partial", (name, by_name[name])
        assert by_name[name]["root_cause"] is None
    assert (by_name["stopped"]["status"], by_name["stopped"]["root_cause"]) == (
        "unhealthy",
        "step1.running",
    )
    assert by_name["no-sshd"]["status"] == "unreachable"
    assert "healthy" not in {h["status"] for h in hosts.values()}
    not_run = [c for c in RUN_CHECK_IDS if c != "host.reachable" and c not in STEP1]
    for host in hosts.values():
        assert host["not_run"] == not_run
        assert set(host["checks"]) == {"host.reachable", *STEP1}
    assert summary["not_run"] == dict.fromkeys(not_run, len(hosts))
    assert summary["run"]["selection"] == {"keyword": "step1"}
    assert summary["counts"]["healthy"] == 0
    # Every host whose root cause lies beyond step 1 (or that has none) is partial.
    beyond = [
        h
        for h in demo_lab.hosts
        if h.expect["root_cause"] is None
        or h.expect["root_cause"].startswith(("step2", "step3", "step4"))
    ]
    assert summary["counts"]["partial"] == len(beyond)
    assert {hosts[h.url]["status"] for h in beyond} == {"partial"}


def test_every_output_of_a_selection_agrees_host_by_host(step1_run: SuiteRun) -> None:
    summary = step1_run.summary
    status = {host_id: host["status"] for host_id, host in summary["hosts"].items()}
    cause = {host_id: host["root_cause"] or "" for host_id, host in summary["hosts"].items()}

    # The exit code is the gate's, and the gate is in summary.json.
    assert step1_run.exit_code == summary["gate"]["exit_code"] == 1

    # junit.xml: each test case carries its host's status and root cause.
    cases = step1_run.junit_cases()
    assert {c["check_id"] for c in cases} == set(STEP1)
    for case in cases:
        assert case["status"] == status[case["host"]], case
        assert case["root_cause"] == cause[case["host"]], case
    suite_props = {p.get("name"): p.get("value") for p in step1_run.junit.iter("property")}
    assert suite_props["logtail_doctor.count.partial"] == str(summary["counts"]["partial"])
    assert suite_props["logtail_doctor.exit_code"] == "1"

    # report.html: one row per host with the same status; not-run steps say so.
    html_status = re.findall(
        r'<tr class="host" data-i="\d+" data-status="(\w+)" data-cause="([^"]*)"', step1_run.html
    )
    assert html_status == [(status[h], cause[h]) for h in summary["hosts"]]
    assert "o-not_run" in step1_run.html

    # The terminal: one line per host with the same status, and how the gate decided.
    for host_id, host_status in status.items():
        line = next(ln for ln in step1_run.stdout.splitlines() if ln.startswith(host_id + " "))
        assert line.split()[1] == host_status, line
        if host_status == "partial":
            assert "(not run: step2.config_valid," in line
    assert re.search(r"exit 1 when a host is unhealthy or unreachable .*: exit 1", step1_run.stdout)
    assert "not run on some hosts (partial)" in step1_run.stdout
