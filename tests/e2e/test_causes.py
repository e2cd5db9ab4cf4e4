"""The suite against causes.yaml: the "no heartbeat" causes beyond the guide's four steps.

One host per cause: a second agent instance, a config edited after the agent
started, an endpoint name that does not resolve, HTTPS (443) blocked, a bad
and a good proxy variable in the agent's environment, a clock 30 minutes
ahead, a custom-identifier machine group (matching, missing and foreign
user_defined_id), working_ip and bind_interface in the config, and an empty
IP in app_info.json. Each host's `expect:` is the verdict; the run must leave
every host file unchanged and never print the good proxy's password.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, DemoRun, changed_files, run_suite, verdict_mismatches

pytestmark = pytest.mark.e2e

# The password in good-proxy's HTTP_PROXY (causes.yaml).
PROXY_PASSWORD = "s3cret"


@pytest.fixture(scope="module")
def causes_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "causes.yaml") as lab:
        yield lab


@pytest.fixture(scope="module")
def causes_run(causes_lab: Lab, workdir: Path) -> DemoRun:
    """The whole suite against every causes host, with the hosts' files hashed around it."""
    before = causes_lab.snapshot()
    run = run_suite(
        workdir / "causes-run",
        f"--targets={causes_lab.targets_file}",
        f"--ssh-config={causes_lab.ssh_config}",
        "--connect-timeout=5",
        "--agent-tls",  # tls-inspected: verified with the agent's own CA bundle
        "-rA",  # every test's report in the terminal too: more places a secret could leak
    )
    after = causes_lab.snapshot()
    return DemoRun(run, before, after)


def test_exit_code_says_some_host_is_not_healthy(causes_run: DemoRun) -> None:
    assert causes_run.run.exit_code == 1, causes_run.run.stdout[-3000:] + causes_run.run.stderr


def test_every_lab_host_is_in_the_summary(causes_lab: Lab, causes_run: DemoRun) -> None:
    summary = causes_run.run.summary
    assert sorted(summary["hosts"]) == sorted(h.url for h in causes_lab.hosts)


def test_each_host_gets_its_expected_status_and_root_cause(
    causes_lab: Lab, causes_run: DemoRun
) -> None:
    wrong = verdict_mismatches(causes_lab.hosts, causes_run.run.summary)
    assert not wrong, "\n".join(wrong)


def test_suite_left_every_lab_host_unchanged(causes_run: DemoRun) -> None:
    assert causes_run.before, "the snapshot must cover the lab hosts"
    assert all(causes_run.before.values()), "every host's snapshot must list files"
    changed = changed_files(causes_run.before, causes_run.after)
    assert not changed, changed


def test_the_proxy_password_appears_in_no_output(causes_lab: Lab, causes_run: DemoRun) -> None:
    # Control: the password really is on the host, in the agent's environment.
    env = causes_lab.run("good-proxy", ["/bin/sh", "-c", "cat /proc/[0-9]*/environ"])
    assert PROXY_PASSWORD in env.stdout
    run = causes_run.run
    outputs = {"stdout": run.stdout, "stderr": run.stderr}
    for name in ("summary.json", "junit.xml", "report.html", "tests.html"):
        outputs[name] = (run.out_dir / name).read_text(encoding="utf-8", errors="replace")
    leaked = [name for name, text in outputs.items() if PROXY_PASSWORD in text]
    assert not leaked, leaked


def test_empty_ip_fix_names_working_ip(causes_lab: Lab, causes_run: DemoRun) -> None:
    got = causes_run.run.summary["hosts"][causes_lab.host("empty-ip").url]
    check = got["checks"]["step3.ip_recorded"]
    assert check["outcome"] == "failed", check
    assert "working_ip" in (check["remediation"] or ""), check


def test_the_group_plan_fixes_a_custom_identifier_on_the_host_and_drops_a_stale_ip(
    causes_lab: Lab, causes_run: DemoRun
) -> None:
    plans = causes_run.run.summary["run"]["group_plan"]
    working_ip = causes_lab.host("working-ip")
    web = plans["web-servers"]
    # Listed by its own address, while its agent reports the working_ip it was given.
    assert working_ip.ip in web["entries"]
    assert web["stale"] == [working_ip.ip]
    assert web["add"] == []
    assert web["new_entries"] == [e for e in web["entries"] if e != working_ip.ip]
    custom = plans["custom-group"]
    assert custom["identify_type"] == "userdefined"
    # custom-other's user_defined_id holds someone-else: the host is fixed (its own
    # step3.custom_id writes web-custom-1), the group is not changed (issue 36).
    assert custom["add"] == []
    assert custom["changed"] is False
    other = causes_lab.host("custom-other").url
    assert custom["fix_on_host"] == [other]
    assert custom["unknown"] == [causes_lab.host("custom-missing").url]
    host_fix = causes_run.run.summary["hosts"][other]["checks"]["step3.custom_id"]
    assert host_fix["action"]["line"] == "web-custom-1", host_fix
    stdout = causes_run.run.stdout
    assert "custom identifiers to: web-custom-1,web-custom-2,someone-else" not in stdout
    assert (
        "machine group custom-group (project web-logs): no change; 1 host(s) hold an identifier "
        f"it does not list, to fix on the host (step3.custom_id): {other}"
    ) in stdout
    assert (
        f"machine group web-servers (project web-logs): add -; remove (stale) {working_ip.ip}"
        in stdout
    )
    html = causes_run.run.html
    assert '<tr data-group="web-servers">' in html
    assert ",".join(web["new_entries"]) in html
