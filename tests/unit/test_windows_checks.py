"""The checks on Windows facts: every written Windows case, judged end to end.

Each file of tests/data/probe/windows/ (written by us, not recorded: see the
README.md there) is parsed by parse_windows_probe and evaluated by the real
checks; its root cause must be the guide's, and every fix must be one a
Windows administrator can run: Windows paths and PowerShell, never
/etc/init.d or sudo.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from logtail_doctor.catalogue import root_cause
from logtail_doctor.checks import Expectation, Host, detect_agent
from logtail_doctor.facts import HostFacts
from logtail_doctor.outcome import Outcome, Status
from logtail_doctor.probe import parse_windows_probe
from logtail_doctor.targets import MachineGroup, Project
from tests.unit.test_checks import evaluate

DATA = Path(__file__).resolve().parent.parent / "data" / "probe" / "windows"

ACCOUNT = "1559122535028493"
OTHER_ACCOUNT = "1234567890123456"
PROJECT = Project("web-logs", "cn-hangzhou", "intranet")
GROUP = MachineGroup("web-servers", ("10.0.0.11", "10.0.0.12"))
OTHER_GROUP = MachineGroup("db-servers", ("10.0.1.21",))
CUSTOM_GROUP = MachineGroup("win-custom", (), ("win-web-servers",))

# file -> the root cause the guide gives for that host (None: healthy).
ROOT_CAUSES: dict[str, str | None] = {
    "logtail1_healthy.txt": None,
    "logtail0_healthy_x86.txt": None,
    "not_installed.txt": "step1.installed",
    "service_stopped.txt": "step1.running",
    "config_missing.txt": "step2.config_valid",
    "config_invalid_json.txt": "step2.config_valid",
    "wrong_region.txt": "step2.region",
    "endpoint_not_resolving.txt": "step2.dns",
    "tcp80_refused.txt": "step2.endpoint",
    "https443_blocked.txt": "step2.https",
    "app_info_missing.txt": "step3.ip_recorded",
    "empty_ip.txt": "step3.ip_recorded",
    "ip_not_in_group.txt": "step3.ip_in_group",
    "no_user_id.txt": "step4.user_id",
    "custom_id.txt": None,
}

# What a Linux fix looks like: none of it may reach a Windows host's report.
LINUX_ONLY = (
    "/etc/init.d",
    "sudo ",
    "/usr/local/ilogtail",
    "/etc/ilogtail",
    "systemctl",
    "chronyc",
    "getent",
    "/etc/hosts",
)
# What a Windows fix names: a drive path, a PowerShell cmdlet (Verb-Noun) or w32tm.
WINDOWS_FIX = re.compile(r"[A-Z]:\\|\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b|\bw32tm\b")
# Checks whose fix is a console action only (nothing to run on the host).
CONSOLE_FIXES = frozenset({"step3.ip_in_group"})


def expectation(name: str) -> Expectation:
    group = CUSTOM_GROUP if name == "custom_id.txt" else GROUP
    others = (group, OTHER_GROUP)
    return Expectation(
        project=PROJECT,
        account_ids=(ACCOUNT, OTHER_ACCOUNT),
        group=group,
        all_groups=others,
        same_account_ecs=False,
    )


def facts_of(name: str) -> HostFacts:
    return parse_windows_probe((DATA / name).read_text(encoding="utf-8"))


def outcomes_of(name: str) -> dict[str, Outcome]:
    return evaluate(facts_of(name), expectation(name))


def test_every_written_case_has_an_expected_root_cause() -> None:
    assert set(ROOT_CAUSES) == {p.name for p in DATA.glob("*.txt")}


@pytest.mark.parametrize(("name", "cause"), sorted(ROOT_CAUSES.items()))
def test_root_cause(name: str, cause: str | None) -> None:
    outcomes = outcomes_of(name)
    failures = {cid: o.found_text for cid, o in outcomes.items() if o.status is Status.FAILED}
    assert root_cause(outcomes) == cause, failures
    if cause is None:
        assert failures == {}


@pytest.mark.parametrize("name", sorted(n for n, c in ROOT_CAUSES.items() if c is not None))
def test_fixes_are_windows_fixes(name: str) -> None:
    outcomes = outcomes_of(name)
    failed = {cid: o for cid, o in outcomes.items() if o.status is Status.FAILED}
    assert failed
    for cid, outcome in failed.items():
        fix = outcome.fix_text or ""
        assert fix, f"{cid}: a failure must say how to fix it"
        for linux in LINUX_ONLY:
            assert linux not in fix, f"{cid}: {linux!r} in a Windows fix: {fix}"
        if cid not in CONSOLE_FIXES:
            assert WINDOWS_FIX.search(fix), f"{cid}: no Windows path or PowerShell in: {fix}"


def test_the_console_fix_names_the_ip_and_the_group() -> None:
    fix = outcomes_of("ip_not_in_group.txt")["step3.ip_in_group"].fix_text or ""
    assert "10.0.0.99" in fix
    assert "web-servers" in fix


@pytest.mark.parametrize(
    ("name", "service", "display"),
    [
        ("logtail1_healthy.txt", "LogtailDaemon", "Logtail 1.8.7"),
        ("logtail0_healthy_x86.txt", "LogtailWorker", "Logtail 0.16.60"),
    ],
)
def test_the_agent_is_detected_from_its_service(name: str, service: str, display: str) -> None:
    facts = facts_of(name)
    agent = detect_agent(facts)
    assert agent.flavour == "logtail"
    assert agent.service == service
    outcome = outcomes_of(name)["step1.installed"]
    assert outcome.status is Status.PASSED
    assert service in outcome.found_text
    assert Host(facts, expectation(name)).agent.display == display


def test_a_stopped_service_is_started_with_powershell() -> None:
    fix = outcomes_of("service_stopped.txt")["step1.running"].fix_text or ""
    assert re.search(r"\b(?:Start|Restart)-Service LogtailDaemon\b", fix), fix


def test_the_user_id_fix_creates_the_file_under_logtaildata() -> None:
    fix = outcomes_of("no_user_id.txt")["step4.user_id"].fix_text or ""
    assert f"C:\\LogtailData\\users\\{ACCOUNT}" in fix


def test_a_config_fix_names_the_windows_install_folder_or_installer() -> None:
    fix = outcomes_of("config_missing.txt")["step2.config_valid"].fix_text or ""
    assert "logtail_installer" in fix or "C:\\Program Files" in fix


def test_https_cut_by_the_probes_wait_says_it_did_not_answer_in_time() -> None:
    outcome = outcomes_of("https443_blocked.txt")["step2.https"]
    assert outcome.status is Status.FAILED
    assert outcome.found_text.startswith(
        "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com did not answer within 7 s "
        "while HTTP works: TCP connect to "
    )


def test_a_cut_hostname_resolution_fails_ip_current_with_a_windows_fix() -> None:
    name = "logtail1_healthy.txt"
    facts = dataclasses.replace(facts_of(name), resolved=(), resolve_rc=2, resolve_limit=7)
    outcome = evaluate(facts, expectation(name))["step3.ip_current"]
    assert outcome.status is Status.FAILED
    assert outcome.found_text.startswith(
        f"`Resolve-DnsName {facts.hostname}` did not answer within 7 s"
    )
    fix = outcome.fix_text or ""
    assert "C:\\Windows\\System32\\drivers\\etc\\hosts" in fix
    assert "Restart-Service LogtailDaemon" in fix
    for linux in LINUX_ONLY:
        assert linux not in fix, linux


def test_ip_current_follows_the_windows_rule() -> None:
    # step3.ip_current must predict with predict_agent_ip(..., windows=True): the
    # agent for Windows never falls back to eth0/bond0 (ip_prediction's docstring).
    outcome = outcomes_of("logtail1_healthy.txt")["step3.ip_current"]
    assert outcome.status is Status.PASSED
    assert "Windows" in outcome.expected_text, outcome.expected_text
