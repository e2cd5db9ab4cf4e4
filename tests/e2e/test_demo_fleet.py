"""The suite against the demo lab: every fault class caught, with the right root cause.

Each lab host's scenario entry says what a correct diagnosis is (`expect:`);
these tests compare that with what the suite wrote in summary.json, JUnit XML,
the HTML report and the terminal, and with its exit code.
"""

from __future__ import annotations

import re

import pytest

from lab import Lab
from logtail_doctor.verdict import run_checks_of
from tests.e2e.suite import DemoRun, changed_files, verdict_mismatches

# The checks of a run without --sls or --agent-tls: the host side, opt-in checks aside.
RUN_CHECK_IDS = run_checks_of(sls=False)

pytestmark = pytest.mark.e2e


def test_exit_code_says_some_host_is_not_healthy(demo_run: DemoRun) -> None:
    assert demo_run.run.exit_code == 1, demo_run.run.stdout[-3000:] + demo_run.run.stderr


def test_every_lab_host_is_in_the_summary(demo_lab: Lab, demo_run: DemoRun) -> None:
    summary = demo_run.run.summary
    assert summary["schema_version"] == 3
    assert sorted(summary["hosts"]) == sorted(h.url for h in demo_lab.hosts)
    counts = summary["counts"]
    assert sum(counts.values()) == len(demo_lab.hosts)


def test_each_host_gets_its_expected_status_and_root_cause(
    demo_lab: Lab, demo_run: DemoRun
) -> None:
    wrong = verdict_mismatches(demo_lab.hosts, demo_run.run.summary)
    assert not wrong, "\n".join(wrong)


def test_every_check_has_an_outcome_on_every_host(demo_run: DemoRun) -> None:
    for host, result in demo_run.run.summary["hosts"].items():
        # Without --sls there is no server.heartbeat: the run is the host side alone.
        assert list(result["checks"]) == list(RUN_CHECK_IDS), host
        for check_id, check in result["checks"].items():
            assert check["outcome"] in ("passed", "failed", "skipped"), (host, check_id)
            assert check["message"], (host, check_id)
            if check["outcome"] == "failed":
                assert check["remediation"], (host, check_id)


def test_healthy_hosts_pass_every_check(demo_lab: Lab, demo_run: DemoRun) -> None:
    hosts = demo_run.run.summary["hosts"]
    healthy = [h for h in demo_lab.hosts if h.expect["status"] == "healthy"]
    assert healthy, "the demo scenario must have healthy hosts"
    for lab_host in healthy:
        outcomes = {cid: c["outcome"] for cid, c in hosts[lab_host.url]["checks"].items()}
        assert set(outcomes.values()) == {"passed"}, (lab_host.name, outcomes)


def test_unreachable_host_fails_once_and_skips_the_rest(demo_lab: Lab, demo_run: DemoRun) -> None:
    hosts = demo_run.run.summary["hosts"]
    down = [h for h in demo_lab.hosts if h.expect["status"] == "unreachable"]
    assert down, "the demo scenario must have an unreachable host"
    for lab_host in down:
        checks = hosts[lab_host.url]["checks"]
        assert checks["host.reachable"]["outcome"] == "failed"
        assert "refused" in checks["host.reachable"]["message"].lower()
        assert {c["outcome"] for cid, c in checks.items() if cid != "host.reachable"} == {"skipped"}


def test_failures_name_the_real_values_and_the_fix(demo_lab: Lab, demo_run: DemoRun) -> None:
    hosts = demo_run.run.summary["hosts"]
    by_cause = {h.expect["root_cause"]: h for h in demo_lab.hosts}
    account_id = demo_lab.account_ids[0]

    user_id = hosts[by_cause["step4.user_id"].url]["checks"]["step4.user_id"]
    assert f"touch /etc/ilogtail/users/{account_id}" in user_id["remediation"]

    lab_host = by_cause["step3.ip_in_group"]
    in_group = hosts[lab_host.url]["checks"]["step3.ip_in_group"]
    assert lab_host.ip in in_group["message"]
    assert f"add {lab_host.ip}" in in_group["remediation"]

    stopped = hosts[by_cause["step1.running"].url]["checks"]["step1.running"]
    assert "/etc/init.d/ilogtaild start" in stopped["remediation"]


def test_suite_left_every_lab_host_unchanged(demo_run: DemoRun) -> None:
    assert demo_run.before, "the snapshot must cover the lab hosts"
    assert all(demo_run.before.values()), "every host's snapshot must list files"
    changed = changed_files(demo_run.before, demo_run.after)
    assert not changed, changed


def test_terminal_shows_one_line_per_host(demo_lab: Lab, demo_run: DemoRun) -> None:
    out = demo_run.run.stdout
    section = out.split("logtail-doctor: hosts", 1)[1]
    for lab_host in demo_lab.hosts:
        lines = [ln for ln in section.splitlines() if ln.startswith(lab_host.url + " ")]
        assert len(lines) == 1, (lab_host.url, section)
        assert lab_host.expect["status"] in lines[0]
        if lab_host.expect["root_cause"]:
            assert lab_host.expect["root_cause"] in lines[0]


def test_junit_cases_carry_check_id_and_host(demo_lab: Lab, demo_run: DemoRun) -> None:
    cases = demo_run.run.junit.findall(".//testcase")
    assert len(cases) == len(RUN_CHECK_IDS) * len(demo_lab.hosts)
    seen = set()
    for case in cases:
        props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        assert props.get("check_id") in RUN_CHECK_IDS, case.get("name")
        seen.add((props["host"], props["check_id"]))
    assert len(seen) == len(cases)


def test_checks_run_host_by_host_in_the_targets_order(demo_lab: Lab, demo_run: DemoRun) -> None:
    # One block per host (conftest sorts the items so; junit.xml reads per host,
    # as the report does), hosts in the targets file's order, checks in the
    # catalogue's order.
    cases = demo_run.run.junit.findall(".//testcase")
    order = []
    for case in cases:
        props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        order.append((props["host"], props["check_id"]))
    hosts = [lab_host.url for lab_host in demo_lab.hosts]
    assert [host for host, _ in order] == [h for h in hosts for _ in RUN_CHECK_IDS]
    assert [check for _, check in order] == list(RUN_CHECK_IDS) * len(hosts)


def test_html_report_has_the_host_matrix(demo_lab: Lab, demo_run: DemoRun) -> None:
    # Our report (logtail_doctor.html_report); tests/e2e/test_report.py looks at it in a browser.
    table = demo_run.run.html.split('id="matrix"', 1)[1].split("</table>", 1)[0]
    for lab_host in demo_lab.hosts:
        row = re.search(
            rf'<tr class="host" data-i="\d+" data-status="(\w+)"[^>]*>'
            rf'<td class="h"><span class="tw">&#9656;</span> '
            rf'<span class="hid">{re.escape(lab_host.url)}</span>'
            rf'<span class="hmeta">([^<]*)</span></td>',
            table,
        )
        assert row, lab_host.url
        assert row.group(1) == lab_host.expect["status"]
        # The host's own name and machine group beside its id (an unreachable host: group only).
        assert row.group(2).endswith(lab_host.spec.machine_group), (lab_host.url, row.group(2))


def test_the_group_plan_adds_the_ip_an_agent_records_and_the_group_lacks(
    demo_lab: Lab, demo_run: DemoRun
) -> None:
    outsider = demo_lab.host("not-in-group")
    web = demo_run.run.summary["run"]["group_plan"]["web-servers"]
    assert web["add"] == [outsider.ip]
    assert web["stale"] == []
    assert web["new_entries"] == [*web["entries"], outsider.ip]
    assert demo_lab.host("no-sshd").url in web["unknown"]  # unreachable: nothing recorded
