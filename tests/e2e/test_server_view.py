"""The suite with --sls against the demo lab and the SLS API stand-in on loopback.

The stand-in serves the lab's machine groups (with one extra entry no host has)
and heartbeats: fresh for healthy hosts, stale for the stopped one, none for
the host missing from its group, and one machine heartbeating that the group
does not list. The targets file leaves out the groups' ips: they come from the
API. A recognisable secret is planted in the credentials, and no output of any
run may contain it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from lab import Lab
from logtail_doctor.targets import load_targets
from tests.e2e.suite import SuiteRun, run_suite
from tests.support.sls_api_standin import SlsApiStandin, StandinGroup, machine

pytestmark = pytest.mark.e2e

KEY_ID = "LTAI5tE2eStandinKey"
SECRET = "PLANTED-e2e-secret-9d41c7"
WRONG_SECRET = "PLANTED-wrong-secret-55ab02"
EXTRA_ENTRY = "10.250.254.9"  # listed in web-servers by the demo scenario; no host has it
STRANGER = "10.250.254.50"  # heartbeats to web-servers, not listed in it
RUN_HOSTS = ("healthy", "stopped", "not-in-group", "loong")


@pytest.fixture(scope="module")
def standin(demo_lab: Lab) -> Iterator[SlsApiStandin]:
    targets = load_targets(demo_lab.targets_file)
    web = targets.group("web-servers")
    app = targets.group("app-servers")
    assert web is not None
    assert app is not None
    assert EXTRA_ENTRY in web.ips
    ip = {h.name: h.ip for h in demo_lab.hosts}
    now = time.time()
    groups = {
        "web-servers": StandinGroup(
            list(web.ips),
            machines=[
                machine(ip["healthy"], now - 20),
                machine(ip["stopped"], now - 3600),  # stopped an hour ago
                machine(STRANGER, now - 40),
            ],
        ),
        # No collection config applied: the agents back off their heartbeat, a finding.
        "app-servers": StandinGroup(
            list(app.ips), machines=[machine(ip["loong"], now - 10)], configs=[]
        ),
    }
    with SlsApiStandin(targets.project.name, groups, KEY_ID, SECRET) as server:
        yield server


@pytest.fixture(scope="module")
def targets_without_ips(demo_lab: Lab, workdir: Path) -> Path:
    document = yaml.safe_load(demo_lab.targets_file.read_text())
    for group in document["machine_groups"]:
        group.pop("ips", None)
    path = workdir / "targets-no-ips.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def urls(lab: Lab, *names: str) -> str:
    return ",".join(h.url for h in lab.hosts if h.name in names)


def sls_run(
    lab: Lab, out: Path, targets: Path, endpoint: str, env: dict[str, str], *names: str
) -> SuiteRun:
    return run_suite(
        out,
        f"--targets={targets}",
        f"--ssh-config={lab.ssh_config}",
        "--connect-timeout=5",
        f"--hosts={urls(lab, *names)}",
        "--sls",
        f"--sls-endpoint={endpoint}",
        env=env,
    )


@pytest.fixture(scope="module")
def good_run(
    demo_lab: Lab, workdir: Path, standin: SlsApiStandin, targets_without_ips: Path
) -> SuiteRun:
    env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}
    return sls_run(
        demo_lab, workdir / "sls-good", targets_without_ips, standin.endpoint, env, *RUN_HOSTS
    )


def host(lab: Lab, run: SuiteRun, name: str) -> dict[str, Any]:
    url = next(h.url for h in lab.hosts if h.name == name)
    result: dict[str, Any] = run.summary["hosts"][url]
    return result


def assert_secret_nowhere(run: SuiteRun, *secrets: str) -> None:
    outputs = {"stdout": run.stdout, "stderr": run.stderr}
    files = [p for p in run.out_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"summary.json", "junit.xml", "report.html"}
    for path in files:
        outputs[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for secret in secrets:
        leaks = [name for name, text in outputs.items() if secret in text]
        assert not leaks, f"{secret!r} appears in {leaks}"


def test_server_heartbeat_outcomes(demo_lab: Lab, good_run: SuiteRun) -> None:
    assert good_run.exit_code == 1, good_run.stdout[-3000:] + good_run.stderr[-2000:]
    outcomes = {
        name: host(demo_lab, good_run, name)["checks"]["server.heartbeat"] for name in RUN_HOSTS
    }
    assert outcomes["healthy"]["outcome"] == "passed", outcomes["healthy"]
    assert outcomes["loong"]["outcome"] == "passed", outcomes["loong"]
    stale = outcomes["stopped"]
    assert stale["outcome"] == "failed", stale
    assert "60 min ago" in stale["message"]
    assert "step1.running" in stale["remediation"]  # the host side says why
    missing = outcomes["not-in-group"]
    assert missing["outcome"] == "failed", missing
    assert "no heartbeat from IP" in missing["message"]
    assert "step3.ip_in_group" in missing["remediation"]
    # The host-side root causes are unchanged by the server's view.
    assert host(demo_lab, good_run, "stopped")["root_cause"] == "step1.running"
    assert host(demo_lab, good_run, "healthy")["status"] == "healthy"
    healthy_url = next(h.url for h in demo_lab.hosts if h.name == "healthy")
    [line] = [ln for ln in good_run.stdout.splitlines() if ln.startswith(f"{healthy_url} ")]
    assert "healthy" in line
    assert "[SLS: last heartbeat " in line


def test_server_view_per_host_in_summary(demo_lab: Lab, good_run: SuiteRun) -> None:
    healthy = host(demo_lab, good_run, "healthy")
    ip = next(h.ip for h in demo_lab.hosts if h.name == "healthy")
    server = healthy["server"]
    assert server["machine_group"] == "web-servers"
    assert server["identity"] == ip
    assert 15 <= server["heartbeat_age_seconds"] <= 300
    assert host(demo_lab, good_run, "stopped")["server"]["heartbeat_age_seconds"] >= 3600


def test_ips_come_from_the_api(demo_lab: Lab, good_run: SuiteRun) -> None:
    # The targets file has no ips: a pass of ip_in_group means the API's list was used.
    check = host(demo_lab, good_run, "healthy")["checks"]["step3.ip_in_group"]
    assert check["outcome"] == "passed", check
    assert host(demo_lab, good_run, "not-in-group")["root_cause"] == "step3.ip_in_group"


def test_group_view_not_checked_and_unexpected(demo_lab: Lab, good_run: SuiteRun) -> None:
    groups = good_run.summary["run"]["machine_groups"]
    web = groups["web-servers"]
    assert web["source"] == "api"
    assert web["identify_type"] == "ip"
    assert EXTRA_ENTRY in web["not_checked"]
    in_run = {h.ip for h in demo_lab.hosts if h.name in RUN_HOSTS}
    assert not in_run & set(web["not_checked"])
    not_run = {h.ip for h in demo_lab.hosts if h.name not in RUN_HOSTS}
    assert not_run & set(web["not_checked"])  # group members outside this run
    assert [m["ip"] for m in web["unexpected"]] == [STRANGER]
    assert groups["app-servers"]["not_checked"] == []
    assert groups["app-servers"]["unexpected"] == []
    section = good_run.stdout.split("logtail-doctor: machine groups (SLS API)", 1)
    assert len(section) == 2, good_run.stdout[-3000:]
    assert f"heartbeating but not in the group: {STRANGER}" in section[1]
    # GetAppliedConfigs: web-servers has one; app-servers none, which the section says.
    assert web["applied_configs"] == ["app-logs"]
    assert groups["app-servers"]["applied_configs"] == []
    app_line = next(line for line in section[1].splitlines() if "app-servers:" in line)
    assert "no collection config applied" in app_line
    assert "12 minutes" in app_line


def test_junit_has_the_server_checks(good_run: SuiteRun) -> None:
    ids = [
        prop.get("value")
        for prop in good_run.junit.iter("property")
        if prop.get("name") == "check_id"
    ]
    assert ids.count("server.heartbeat") == len(RUN_HOSTS)


def test_html_report_has_the_server_check(good_run: SuiteRun) -> None:
    assert "server.heartbeat" in good_run.html


def test_html_report_lists_the_machine_groups(good_run: SuiteRun) -> None:
    match = re.search(r'<section class="groups">.*?</section>', good_run.html, re.S)
    assert match, "the report has no machine-group section"
    section = match.group(0)
    assert "Machine groups (from SLS)" in section
    web = re.search(r"<tr><td[^>]*>web-servers</td>(.*?)</tr>", section, re.S)
    assert web, section
    cells = re.findall(r"<td>(.*?)</td>", web.group(1), re.S)
    assert cells[0] == "IP address"
    assert f"<code>{EXTRA_ENTRY}</code>" in cells[1]  # not checked: no host has it
    assert cells[2] == f"<code>{STRANGER}</code>"  # heartbeating, not listed
    assert cells[3] == "<code>app-logs</code>"  # the collection config applied to it
    app = re.search(r"<tr><td[^>]*>app-servers</td>(.*?)</tr>", section, re.S)
    assert app, section
    assert "none: its agents slow their heartbeat" in app.group(1)
    assert re.search(r"<tr><td[^>]*>app-servers</td>", section)


def test_good_run_never_shows_the_secret(good_run: SuiteRun) -> None:
    assert_secret_nowhere(good_run, SECRET)


def test_wrong_secret_is_one_line_and_host_checks_decide_the_exit_code(
    demo_lab: Lab, workdir: Path, standin: SlsApiStandin, targets_without_ips: Path
) -> None:
    before = len(standin.seen)
    creds = workdir / "credentials.ini"
    creds.write_text(
        f"[default]\ntype = access_key\naccess_key_id = {KEY_ID}\n"
        f"access_key_secret = {WRONG_SECRET}\n"
    )
    started = time.monotonic()
    run = sls_run(
        demo_lab,
        workdir / "sls-wrong",
        demo_lab.targets_file,  # with ips: the host side still judges the group
        standin.endpoint,
        {"ALIBABA_CLOUD_CREDENTIALS_FILE": str(creds)},
        "healthy",
    )
    assert time.monotonic() - started < 60
    assert run.exit_code == 0, run.stdout[-3000:] + run.stderr[-2000:]
    check = host(demo_lab, run, "healthy")["checks"]["server.heartbeat"]
    assert check["outcome"] == "skipped"
    assert "credentials rejected (SignatureNotMatch" in check["message"]
    sls = run.summary["run"]["sls"]
    assert sls["endpoint"] == standin.endpoint
    assert sls["heartbeat_threshold_seconds"] == 300
    assert len(sls["errors"]) == 1
    assert sls["errors"][0] in check["message"]
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("SLS API: credentials")]
    assert len(lines) == 1, run.stdout[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert len(standin.seen) - before == 1  # one request, no retry loop
    assert_secret_nowhere(run, WRONG_SECRET, SECRET)


def test_missing_credentials_still_run_the_host_side(
    demo_lab: Lab, workdir: Path, standin: SlsApiStandin
) -> None:
    run = sls_run(
        demo_lab, workdir / "sls-none", demo_lab.targets_file, standin.endpoint, {}, "stopped"
    )
    assert run.exit_code == 1, run.stdout[-3000:]
    result = host(demo_lab, run, "stopped")
    assert result["root_cause"] == "step1.running"
    check = result["checks"]["server.heartbeat"]
    assert check["outcome"] == "skipped"
    assert "SLS API: no credentials" in check["message"]
    assert run.summary["run"]["machine_groups"]["web-servers"]["source"] == "targets"


TARGETS = (
    "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
    "account_ids: ['1234567890123456']\nmachine_groups: [{name: g1}]\n"
    "hosts: [{url: 'ssh://root@10.250.254.1'}]\n"
)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--heartbeat-threshold=0", "--heartbeat-threshold must be at least 1"),
        ("--sls-endpoint=ftp://127.0.0.1", "the scheme must be http or https"),
        ("--sls-endpoint=http://127.0.0.1/some/path", "expected http(s)://host[:port]"),
    ],
)
def test_bad_sls_options_are_one_line_exit_4(tmp_path: Path, option: str, message: str) -> None:
    targets = tmp_path / "t.yaml"
    targets.write_text(TARGETS)
    run = run_suite(tmp_path / "out", f"--targets={targets}", "--sls", option)
    assert run.exit_code == 4, run.stdout + run.stderr
    output = (run.stdout + run.stderr).strip()
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    assert len(errors) == 1, output
    assert message in errors[0]


def test_silent_api_costs_one_request_timeout_and_host_checks_still_run(
    demo_lab: Lab, workdir: Path, standin: SlsApiStandin
) -> None:
    env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}
    standin.delay = 14  # longer than the 10 s request time-out
    try:
        started = time.monotonic()
        run = sls_run(
            demo_lab, workdir / "sls-slow", demo_lab.targets_file, standin.endpoint, env, "stopped"
        )
        wall = time.monotonic() - started
    finally:
        standin.delay = 0
    assert run.exit_code == 1, run.stdout[-3000:]
    result = host(demo_lab, run, "stopped")
    assert result["root_cause"] == "step1.running"
    check = result["checks"]["server.heartbeat"]
    assert check["outcome"] == "skipped"
    assert f"SLS API: no answer from {standin.endpoint} within 10 s" in check["message"]
    assert 10 <= wall < 40, wall  # one time-out, not the SDK's 10 tries
    assert_secret_nowhere(run, SECRET)
