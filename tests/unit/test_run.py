"""The run (logtail_doctor.run) without pytest: its options, its judgements, its verdict.

Hosts' outcomes are real checks' (tests.unit.test_checks' facts); the probe is
left out by giving the run its diagnoses, as the probe would have.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.facts import CommandFact
from logtail_doctor.fleet import Diagnosis
from logtail_doctor.run import Run, RunError, RunOptions
from logtail_doctor.verdict import Judgements
from logtail_doctor.waivers import Waiver, WaiverNote, Waivers
from tests.unit.test_checks import evaluate, expect, healthy

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "fixtures" / "example.yaml"


def _options(tmp_path: Path, **given: Any) -> dict[str, Any]:
    """The command line's options as pytest hands them over: their defaults, then given."""
    options: dict[str, Any] = {
        "targets": str(EXAMPLE),
        "hosts": None,
        "shard": None,
        "connection": None,
        "ssh_config": None,
        "ssh_identity_file": None,
        "sudo": False,
        "sudo_user": None,
        "ansible_inventory": None,
        "force_ansible": False,
        "connect_timeout": 10,
        "command_timeout": 60,
        "max_connections": 16,
        "summary_json": str(tmp_path / "summary.json"),
        "report": str(tmp_path / "report.html"),
        "metrics": str(tmp_path / "metrics.prom"),
        "pushgateway": None,
        "remediation": str(tmp_path / "remediation.yml"),
        "xmlpath": None,
        "report_lang": "en",
        "fail_on": "unhealthy,unreachable",
        "waivers": None,
        "baseline": None,
        "sls": False,
        "sls_endpoint": None,
        "heartbeat_threshold": 300,
        "keyword": "",
        "markexpr": "",
    }
    options.update(given)
    return options


def _run(tmp_path: Path, **given: Any) -> Run:
    options = _options(tmp_path, **given)
    return Run.start(RunOptions.read(options.__getitem__))


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"targets": None}, r"^--targets FILE is required"),
        ({"connect_timeout": 0}, r"^--connect-timeout must be at least 1$"),
        ({"report_lang": "fr"}, r"^--report-lang=fr: expected one of en, ja, zh$"),
        ({"fail_on": "unhealthy,later"}, r"^--fail-on=unhealthy,later: expected unhealthy, "),
        ({"shard": "4/3"}, r"shard"),
        ({"sls": True, "heartbeat_threshold": 0}, r"^--heartbeat-threshold must be at least 1$"),
    ],
)
def test_wrong_options_are_one_line_naming_the_option(
    tmp_path: Path, given: dict[str, Any], says: str
) -> None:
    with pytest.raises(RunError, match=says) as raised:
        _run(tmp_path, **given)
    assert "\n" not in str(raised.value)


def test_a_baseline_given_that_is_not_a_summary_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(RunError, match=rf"^--baseline: {bad}: schema_version None, expected 3"):
        _run(tmp_path, baseline=str(bad))


def test_a_default_baseline_that_is_not_a_summary_is_set_aside_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("[]", encoding="utf-8")
    run = _run(tmp_path)
    assert run.baseline is None
    assert run.baseline_note == (
        f"no comparison with the previous run: {tmp_path / 'summary.json'}: "
        "not a summary.json of logtail-doctor"
    )


class _CountingWaivers(Waivers):
    """Waivers that count how often a failure is looked up."""

    lookups: list[tuple[str, str]]

    def lookup(self, host_id: str, check_id: str, today: dt.date) -> WaiverNote | None:
        self.lookups.append((host_id, check_id))
        return super().lookup(host_id, check_id, today)


def test_each_failure_is_judged_with_waivers_once_for_its_test_and_the_verdict(
    tmp_path: Path,
) -> None:
    run = _run(tmp_path)
    waivers = _CountingWaivers(None, (Waiver("step4.user_id", "*", "CHG-1", dt.date(2099, 1, 1)),))
    waivers.lookups = []
    run.judge = Judgements(waivers, dt.date(2026, 12, 4))
    host = run.fleet[0].host_id
    stopped = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")}, user_ids=())
    outcomes = evaluate(stopped, expect())
    run.diagnoses = {host: Diagnosis(host, outcomes, "Logtail 1.8.7", 0.5)}
    run.selected_hosts = {host}
    for check_id, outcome in outcomes.items():
        found, result, _ = run.finding(host, check_id)
        assert found is outcome
        pytest_says = {"waived": "xfailed"}.get(result, result)
        run.record_test(
            host, check_id, test=f"t::{check_id}", outcome=pytest_says, failed=False, error=""
        )
    [judged] = run.conclude().hosts
    assert judged.checks["step4.user_id"].result == "waived"
    assert judged.checks["step1.running"].result == "failed"
    assert judged.root_cause == "step1.running"
    assert (judged.agent, judged.probe_seconds) == ("Logtail 1.8.7", 0.5)
    failing = [cid for cid, o in outcomes.items() if o.failed]
    assert sorted(waivers.lookups) == sorted((host, cid) for cid in failing)


def test_tests_of_a_host_the_probe_never_answered_for_are_errors(tmp_path: Path) -> None:
    run = _run(tmp_path)
    host = run.fleet[0].host_id
    run.diagnoses = {}
    run.record_test(
        host, "step1.installed", test="t::x", outcome="failed", failed=True, error="E KeyError"
    )
    [result] = run.conclude().hosts
    assert result.checks["step1.installed"].result == "error"
    assert result.checks["step1.installed"].error == "E KeyError"
    assert result.status == "unhealthy"


def test_the_run_context_says_what_was_run(tmp_path: Path) -> None:
    run = _run(tmp_path, keyword="step1", shard="1/1")
    context = run.context()
    assert context.targets_file == str(EXAMPLE)
    assert context.project is not None
    assert context.project.name == run.targets.project.name
    assert context.shard == "1/1"
    assert context.selection == {"keyword": "step1"}
    assert context.sls is None
    assert context.tool.name == "logtail-doctor"
    assert "run" not in context.as_json()
