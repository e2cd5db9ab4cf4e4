"""The run (logtail_doctor.run) without pytest: its options, its judgements, its verdict.

Hosts' outcomes are real checks' (tests.unit.test_checks' facts); the probe is
left out by giving the run its diagnoses, as the probe would have.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.checks.reachable import unreachable, unreachable_remediation
from logtail_doctor.facts import CommandFact
from logtail_doctor.fleet import Diagnosis
from logtail_doctor.outputs.terminal import gate_line
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
        "agent_tls": False,
        "max_connections": 16,
        "progress_every": 10.0,
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
        ({"connect_timeout": "abc"}, r"^--connect-timeout='abc': expected a whole number$"),
        ({"max_connections": "1.5"}, r"^--max-connections='1.5': expected a whole number$"),
        ({"progress_every": "often"}, r"^--progress-every='often': expected a number$"),
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


@pytest.mark.parametrize(
    "name", ["targets", "ssh_config", "ssh_identity_file", "ansible_inventory", "waivers"]
)
def test_a_path_option_naming_no_readable_file_is_one_line_naming_option_and_path(
    tmp_path: Path, name: str
) -> None:
    """issue 36: a mistyped --ssh-config made every host 'unreachable', which
    --fail-on=unhealthy let pass; now no run starts."""
    flag = "--" + name.replace("_", "-")
    missing = tmp_path / "no-such-file"
    with pytest.raises(RunError, match=rf"^{flag} {missing}: no such file$"):
        _run(tmp_path, **{name: str(missing)})
    with pytest.raises(RunError, match=rf"^{flag} {tmp_path}: not a regular file$"):
        _run(tmp_path, **{name: str(tmp_path)})


def test_echoed_values_are_cut_with_their_length_said(tmp_path: Path) -> None:
    """issue 36: a 20 MB project.name made a 20 MB error line."""
    text = EXAMPLE.read_text(encoding="utf-8")
    name = "x" * 5_000_000
    targets = tmp_path / "long.yaml"
    targets.write_text(text.replace("name: web-logs", f"name: {name}-"), encoding="utf-8")
    assert f"{name}-" in targets.read_text(encoding="utf-8")
    with pytest.raises(RunError) as raised:
        _run(tmp_path, targets=str(targets))
    message = str(raised.value)
    assert len(message) < 500, len(message)
    assert "(5000001 characters)" in message, message
    long_shard = "9" * 100_000
    with pytest.raises(RunError, match=r"\(100000 characters\)") as raised:
        _run(tmp_path, shard=long_shard)
    assert len(str(raised.value)) < 500


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


def _all_unreachable(tmp_path: Path, reason_of: Any) -> Any:
    run = _run(tmp_path, fail_on="unhealthy")
    fix = unreachable_remediation("ssh://h", "x")
    run.diagnoses = {
        h.host_id: Diagnosis(h.host_id, unreachable(reason_of(h.host_id), fix), None, 0.1)
        for h in run.fleet
    }
    run.selected_hosts = set(run.diagnoses)
    return run.conclude()


def test_every_host_failing_alike_before_its_probe_is_one_run_error(tmp_path: Path) -> None:
    """issue 36: a bad --ssh-config made N host findings and, with --fail-on=unhealthy, exit 0."""
    same = _all_unreachable(tmp_path, lambda host: "ssh failed: Can't open user config file /x")
    assert len(same.hosts) >= 2
    assert same.gate.run_error == (
        f"every host ({len(same.hosts)}) failed the same way before its probe ran: "
        "ssh failed: Can't open user config file /x"
    )
    assert same.gate.failing_hosts == ()  # --fail-on=unhealthy tolerates unreachable hosts
    assert same.gate.exit_code == 1  # but not a run that diagnosed nothing
    assert gate_line(same).startswith(f"ERROR: {same.gate.run_error}: exit 1 ")
    # The same failure with each host's own address in it is still the same.
    by_address = _all_unreachable(
        tmp_path,
        lambda host: f"ssh: connect to host {host.rsplit('@', 1)[-1]} port 22: Network is down",
    )
    assert by_address.gate.run_error is not None
    assert "connect to host <host> port 22" in by_address.gate.run_error
    # Different reasons: the hosts' own findings, no run error.
    reasons = iter(["Connection refused", "Permission denied (publickey)", "timed out"])
    differ = _all_unreachable(tmp_path, lambda host: f"ssh failed: {next(reasons)}")
    assert differ.gate.run_error is None
    assert differ.gate.exit_code == 0
