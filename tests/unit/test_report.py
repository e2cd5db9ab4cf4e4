"""The run's verdict (logtail_doctor.verdict), summary.json and the terminal lines.

Built from real outcomes of real checks (tests.unit.test_checks' facts), and
from what pytest would say of their tests.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.catalogue import HOST_CHECK_IDS
from logtail_doctor.checks import unreachable
from logtail_doctor.facts import CommandFact
from logtail_doctor.i18n import text
from logtail_doctor.outcome import Outcome
from logtail_doctor.outputs.files import json_text, write_json
from logtail_doctor.outputs.summary_file import (
    SCHEMA_VERSION,
    baseline_from_json,
    from_json,
    to_json,
)
from logtail_doctor.outputs.terminal import (
    cause_lines,
    change_lines,
    first_step,
    gate_line,
    terminal_lines,
)
from logtail_doctor.verdict import (
    PYTEST_OUTCOME,
    Baseline,
    PytestResult,
    RunVerdict,
    judge_result,
)
from logtail_doctor.waivers import NO_WAIVERS, Waiver, Waivers
from tests.support.verdicts import conclude
from tests.unit.test_checks import evaluate, expect, healthy

TODAY = dt.date(2026, 12, 4)
OK_HOST = "ssh://root@10.0.0.11"
SICK_HOST = "ssh://root@10.0.0.12"
DOWN_HOST = "ssh://root@10.0.0.13"


def fleet() -> dict[str, dict[str, Outcome]]:
    stopped = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")}, user_ids=())
    return {
        OK_HOST: evaluate(healthy(), expect()),
        SICK_HOST: evaluate(stopped, expect()),
        DOWN_HOST: unreachable("ssh: connect to host 10.0.0.13 port 22: timed out", text("SSH")),
    }


def pytest_results_for(
    outcomes: dict[str, dict[str, Outcome]],
    checks: tuple[str, ...] = HOST_CHECK_IDS,
    waivers: Waivers = NO_WAIVERS,
) -> dict[tuple[str, str], PytestResult]:
    """What pytest says when each selected check's test asserts its outcome."""
    runs = {}
    for host_id, by_check in outcomes.items():
        for cid in checks:
            result, _ = judge_result(host_id, by_check[cid], waivers, TODAY)
            runs[(host_id, cid)] = PytestResult(
                f"tests_infra/x.py::{cid}[{host_id}]", PYTEST_OUTCOME[result]
            )
    return runs


def run(
    checks: tuple[str, ...] = HOST_CHECK_IDS,
    waivers: Waivers = NO_WAIVERS,
    fail_on: tuple[str, ...] = ("unhealthy", "unreachable"),
) -> RunVerdict:
    outcomes = fleet()
    return conclude(
        outcomes,
        pytest_results_for(outcomes, checks, waivers),
        run_checks=HOST_CHECK_IDS,
        waivers=waivers,
        today=TODAY,
        fail_on=fail_on,
        context={"targets_file": "fixtures/example.yaml"},
        agents={OK_HOST: "Logtail 1.8.7", SICK_HOST: "Logtail 1.8.7"},
        probe_seconds={OK_HOST: 0.123456},
    )


def host(verdict: RunVerdict, host_id: str):  # type: ignore[no-untyped-def]
    return next(h for h in verdict.hosts if h.host_id == host_id)


# --- status, root cause, gate -------------------------------------------------------------


def test_a_whole_run_gives_each_host_its_status_and_root_cause() -> None:
    verdict = run()
    assert [h.host_id for h in verdict.hosts] == [OK_HOST, SICK_HOST, DOWN_HOST]
    assert [(h.status, h.root_cause) for h in verdict.hosts] == [
        ("healthy", None),
        ("unhealthy", "step1.running"),
        ("unreachable", "host.reachable"),
    ]
    assert verdict.counts == {"healthy": 1, "partial": 0, "unhealthy": 1, "unreachable": 1}
    assert verdict.not_run == {}
    assert verdict.gate.exit_code == 1
    assert verdict.gate.failing_hosts == (SICK_HOST, DOWN_HOST)


def test_a_selection_leaves_the_other_checks_not_run_and_no_host_healthy() -> None:
    # -k step1 on a fleet whose second host also fails step4: it is judged on step 1 only.
    verdict = run(checks=("host.reachable", "step1.installed"))
    ok, sick, down = verdict.hosts
    assert ok.status == "partial"  # nothing failed, but not everything ran
    assert "step1.running" in ok.not_run
    assert "step1.installed" not in ok.not_run
    assert sick.status == "partial"  # its failing checks did not run
    assert sick.root_cause is None
    assert down.status == "unreachable"
    assert verdict.not_run["step4.user_id"] == 3
    assert verdict.gate.exit_code == 1  # the unreachable host
    assert run(checks=("step1.installed",), fail_on=("unhealthy",)).gate.exit_code == 0
    line = gate_line(run(checks=("step1.installed",)))
    assert "not run on some hosts" in line
    assert "exit 1" in line


def test_host_reachable_is_judged_for_every_probed_host_even_unselected() -> None:
    verdict = run(checks=("step1.installed",))
    assert host(verdict, DOWN_HOST).status == "unreachable"
    assert "host.reachable" in host(verdict, OK_HOST).checks
    assert host(verdict, OK_HOST).checks["host.reachable"].test is None


def test_a_waived_failure_leaves_the_host_healthy_and_an_expired_one_does_not() -> None:
    active = Waivers(
        None,
        (
            Waiver("step4.user_id", "*", "CHG-1", dt.date(2027, 1, 1)),
            Waiver("step1.running", "*", "CHG-2", dt.date(2027, 1, 1)),
        ),
    )
    sick = host(run(waivers=active), SICK_HOST)
    assert sick.status == "healthy"
    assert sick.waived == ["step1.running", "step4.user_id"]
    expired = Waivers(None, (Waiver("step1.running", "*", "CHG-2", dt.date(2026, 1, 1)),))
    sick = host(run(waivers=expired), SICK_HOST)
    assert sick.status == "unhealthy"
    waiver = sick.checks["step1.running"].waiver
    assert waiver is not None
    assert waiver.expired
    assert terminal_lines(run(waivers=expired))[-2].endswith("[waiver expired on 2026-01-01]")


def test_a_test_that_broke_is_an_error_and_fails_the_gate() -> None:
    outcomes = fleet()
    tests = pytest_results_for(outcomes)
    tests[(OK_HOST, "step2.region")] = PytestResult("t::region", "failed", "KeyError: 'x'")
    verdict = conclude(
        outcomes,
        tests,
        run_checks=HOST_CHECK_IDS,
        waivers=NO_WAIVERS,
        today=TODAY,
        fail_on=("unreachable",),
        context={},
    )
    ok = host(verdict, OK_HOST)
    assert ok.checks["step2.region"].result == "error"
    assert ok.checks["step2.region"].error == "KeyError: 'x'"
    assert (ok.status, ok.root_cause) == ("unhealthy", "step2.region")
    assert verdict.gate.errors == 1
    assert verdict.gate.exit_code == 1


# --- summary.json -------------------------------------------------------------------------


def test_summary_round_trips_losslessly_and_renders_in_every_language() -> None:
    expired = Waivers(None, (Waiver("step1.running", "*", "CHG-2", dt.date(2026, 1, 1)),))
    verdict = run(waivers=expired)
    document = to_json(verdict)
    assert document["schema_version"] == SCHEMA_VERSION == 3
    assert json.loads(json.dumps(document)) == document
    again = from_json(json.loads(json.dumps(document)))
    assert to_json(again) == document
    sick = host(again, SICK_HOST).checks["step1.running"].outcome
    original = host(verdict, SICK_HOST).checks["step1.running"].outcome
    for lang in ("en", "ja", "zh"):
        assert sick.message(lang) == original.message(lang)
        assert sick.remediation(lang) == original.remediation(lang)
    assert sick.fix is not None
    assert sick.fix.commands() == ["sudo /etc/init.d/ilogtaild start"]
    check = document["hosts"][SICK_HOST]["checks"]["step1.running"]
    assert check["outcome"] == "failed"
    assert check["waiver"]["expired"] is True
    assert check["remediation"].startswith("Start the agent")
    assert document["hosts"][OK_HOST]["probe_seconds"] == 0.123
    assert document["counts"] == {"healthy": 1, "partial": 0, "unhealthy": 1, "unreachable": 1}
    assert document["gate"] == {
        "fail_on": ["unhealthy", "unreachable"],
        "failing_hosts": 2,
        "errors": 0,
        "exit_code": 1,
    }


def test_a_summary_of_another_version_is_one_line_naming_it() -> None:
    with pytest.raises(ValueError, match=r"^old\.json: schema_version 1, expected 3"):
        from_json({"schema_version": 1, "hosts": {}}, "old.json")


def test_write_json_is_complete_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "summary.json"
    document: dict[str, object] = {"schema_version": 2, "hosts": {"h": {"message": "ünï ✓"}}}
    write_json(target, document)
    write_json(target, document)  # replacing an existing file works too
    content = target.read_text(encoding="utf-8")
    assert json.loads(content) == document
    assert "ünï ✓" in content  # not \u-escaped
    assert content.endswith("}\n")
    assert [p.name for p in target.parent.iterdir()] == ["summary.json"]


# --- the terminal lines ---------------------------------------------------------------------


def test_terminal_lines_one_per_host_problems_last() -> None:
    lines = terminal_lines(run())
    assert len(lines) == 3
    assert all("\n" not in line for line in lines)
    assert lines[0] == f"{OK_HOST}  healthy"
    assert lines[1].startswith(f"{SICK_HOST}  unhealthy    step1.running: ")
    assert "exited 3" in lines[1]
    assert lines[1].endswith("-> Start the agent: sudo /etc/init.d/ilogtaild start")
    assert lines[2].startswith(f"{DOWN_HOST}  unreachable  host.reachable: ssh: connect")
    assert lines[2].endswith("  -> SSH")
    partial = terminal_lines(run(checks=("step1.installed",)))
    assert partial[0].startswith(f"{OK_HOST}  partial      (not run: step1.instances, ")


@pytest.mark.parametrize(
    ("remediation", "first"),
    [
        (
            "Start the agent: sudo /etc/init.d/ilogtaild start; if it does not stay up, read X",
            "Start the agent: sudo /etc/init.d/ilogtaild start",
        ),
        (
            "From this host, `curl http://a.b; x. y` must answer. An intranet endpoint ...",
            "From this host, `curl http://a.b; x. y` must answer",
        ),
        ("Create the file: sudo touch /etc/ilogtail/users/1", None),
        ("Add 10.0.0.1 to group g", None),
        (
            "Add it: echo 'x' | sudo tee -a f (read within a minute; group g sees it). Then wait",
            "Add it: echo 'x' | sudo tee -a f (read within a minute; group g sees it)",
        ),
        ("An unclosed (aside; still one step", None),
    ],
)
def test_first_step_of_a_fix(remediation: str, first: str | None) -> None:
    assert first_step(remediation) == (first or remediation)


def _fleet_verdict(
    outcomes: dict[str, dict[str, Outcome]],
    fail_on: tuple[str, ...] = ("unhealthy", "unreachable"),
    baseline: RunVerdict | None = None,
) -> RunVerdict:
    return conclude(
        outcomes,
        pytest_results_for(outcomes),
        run_checks=HOST_CHECK_IDS,
        waivers=NO_WAIVERS,
        today=TODAY,
        fail_on=fail_on,
        context={"started": "2026-12-04T10:00:00+00:00"},
        baseline=Baseline.of("reports/summary.json", baseline) if baseline is not None else None,
    )


# --- the fleet by cause ---------------------------------------------------------------------


def test_causes_add_up_to_the_hosts_root_causes_biggest_first() -> None:
    outcomes = fleet()
    stopped = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")})
    for i in (20, 21):  # two more stopped hosts: step1.running is then the biggest cause
        outcomes[f"ssh://root@10.0.0.{i}"] = evaluate(stopped, expect())
    verdict = _fleet_verdict(outcomes, ("unhealthy",))
    document = to_json(verdict)
    by_cause: dict[str, list[str]] = {}
    for host_id, host in document["hosts"].items():
        if host["root_cause"]:
            by_cause.setdefault(host["root_cause"], []).append(host_id)
    causes = document["causes"]
    assert {c["check"]: c["hosts"] for c in causes} == by_cause
    assert [c["count"] for c in causes] == sorted((len(h) for h in by_cause.values()), reverse=True)
    running = causes[0]
    assert (running["check"], running["count"]) == ("step1.running", 3)
    assert running["found"] == "agent not running (status exit 3 (stopped))"
    assert running["automatable"] is True  # starting the agent is declared safe to automate
    (plan,) = running["fixes"]
    assert plan["id"] == "step1.running.fix"
    assert plan["same"]["start_cmd"] == "sudo /etc/init.d/ilogtaild start"
    assert plan["differ"] == []
    down = next(c for c in causes if c["check"] == "host.reachable")
    assert down["automatable"] is False
    lines = cause_lines(verdict)
    assert lines[0] == "causes (2, on 4 hosts):"
    assert lines[1].split()[:2] == ["3", "step1.running"]
    assert lines[1].endswith("-> Start the agent: sudo /etc/init.d/ilogtaild start")


def test_a_fix_says_which_values_differ_per_host() -> None:
    outcomes = {
        f"ssh://root@10.0.0.{i}": evaluate(healthy(user_ids=()), expect(account_ids=(acct,)))
        for i, acct in ((31, "1111111111111111"), (32, "2222222222222222"))
    }
    verdict = _fleet_verdict(outcomes, ("unhealthy",))
    (cause,) = verdict.causes
    (plan,) = cause.fixes
    assert cause.check_id == "step4.user_id"
    assert "create_cmd" in plan.differ
    assert dict(plan.same)["project"] == "web-logs"


# --- what changed since a baseline ------------------------------------------------------------


def test_changes_since_a_baseline_and_the_gate_on_new_failures() -> None:
    before = fleet()  # OK healthy, SICK stopped, DOWN unreachable
    after = fleet()
    stopped = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")})
    after[OK_HOST] = evaluate(stopped, expect())  # broke
    after[SICK_HOST] = evaluate(healthy(), expect())  # fixed
    after[DOWN_HOST] = evaluate(healthy(user_ids=()), expect())  # now reachable, other cause
    new_host = "ssh://root@10.0.0.40"
    after[new_host] = evaluate(healthy(user_ids=()), expect())  # not in the baseline: new
    baseline = _fleet_verdict(before)
    verdict = _fleet_verdict(after, ("new",), baseline)
    changes = verdict.changes
    assert changes is not None
    assert [(c.host_id, c.kind, c.before, c.after) for c in changes.hosts] == [
        (OK_HOST, "broke", None, "step1.running"),
        (SICK_HOST, "fixed", "step1.running", None),
        (DOWN_HOST, "cause_changed", "host.reachable", "step4.user_id"),
        (new_host, "broke", None, "step4.user_id"),
    ]
    assert verdict.gate.failing_hosts == (OK_HOST, DOWN_HOST, new_host)
    assert verdict.gate.exit_code == 1
    # The same fleet again: the failures are old now, and --fail-on new lets it pass.
    again = _fleet_verdict(after, ("new",), verdict)
    assert again.changes is not None
    assert again.changes.hosts == ()
    assert again.gate.exit_code == 0
    assert _fleet_verdict(after, ("unhealthy",), verdict).gate.exit_code == 1
    # Without a baseline every failure is new.
    assert _fleet_verdict(after, ("new",)).gate.failing_hosts == (OK_HOST, DOWN_HOST, new_host)
    # In every output.
    document = to_json(verdict)
    assert document["changes"] == {
        "baseline": "reports/summary.json",
        "baseline_started": "2026-12-04T10:00:00+00:00",
        "broke": [
            {"host": OK_HOST, "root_cause": "step1.running"},
            {"host": new_host, "root_cause": "step4.user_id"},
        ],
        "fixed": [{"host": SICK_HOST, "root_cause": "step1.running"}],
        "cause_changed": [
            {"host": DOWN_HOST, "before": "host.reachable", "after": "step4.user_id"}
        ],
    }
    assert to_json(from_json(json.loads(json.dumps(document)))) == document
    lines = change_lines(verdict)
    assert lines[0] == (
        "since reports/summary.json (2026-12-04T10:00:00+00:00): 2 broke, 1 fixed, "
        "1 changed root cause"
    )
    assert f"  broke    {OK_HOST}  step1.running" in lines
    assert f"  fixed    {SICK_HOST}  (was step1.running)" in lines
    assert "a failure is new since the baseline" in gate_line(verdict)


def test_summary_text_has_a_key_per_line_and_a_host_per_line() -> None:
    document = to_json(run())
    text = json_text(document)
    assert json.loads(text) == document
    lines = text.splitlines()
    assert lines[0] == "{"
    assert lines[-1] == "}"
    host_lines = [ln for ln in lines if ln.startswith('    "ssh://')]
    assert [json.loads("{" + ln.rstrip(",") + "}") for ln in host_lines] == [
        {host_id: host} for host_id, host in document["hosts"].items()
    ]
    assert json.loads(json_text({})) == {}


def test_a_streamed_summary_is_the_same_text_as_the_whole_one(tmp_path: Path) -> None:
    verdict = run()
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    write_json(whole, to_json(verdict))
    write_json(streamed, to_json(verdict, streamed=True))
    assert streamed.read_bytes() == whole.read_bytes()
    assert len(json.loads(streamed.read_text())["hosts"]) == len(verdict.hosts) > 1


def test_a_summary_with_no_hosts_streams_as_an_empty_object(tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    write_json(target, {"schema_version": 2, "hosts": iter(())})
    assert json.loads(target.read_text()) == {"schema_version": 2, "hosts": {}}


def test_a_baseline_keeps_only_each_hosts_root_cause_and_when_it_ran() -> None:
    earlier = _fleet_verdict(fleet())
    baseline = Baseline.of("old/summary.json", earlier)
    assert baseline.started == "2026-12-04T10:00:00+00:00"
    assert dict(baseline.root_causes) == {h.host_id: h.root_cause for h in earlier.hosts}
    assert any(cause is not None for cause in baseline.root_causes.values())


def test_a_baseline_read_from_a_summary_holds_what_the_whole_verdict_gives() -> None:
    earlier = _fleet_verdict(fleet())
    document = json.loads(json.dumps(to_json(earlier)))
    read = baseline_from_json(document, "old/summary.json")
    assert read == Baseline.of("old/summary.json", earlier)
    # The fleet has a failing host and an unreachable one: root causes are really judged.
    assert set(read.root_causes.values()) >= {None, "host.reachable"}


def test_a_baseline_whose_written_status_its_checks_do_not_give_is_refused() -> None:
    document = json.loads(json.dumps(to_json(_fleet_verdict(fleet()))))
    sick = next(h for h, d in document["hosts"].items() if d["status"] == "unhealthy")
    document["hosts"][sick]["status"] = "healthy"
    with pytest.raises(ValueError, match=rf"^old\.json: host {sick}: status 'healthy' does not"):
        baseline_from_json(document, "old.json")


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda d: d.update(schema_version=1), r"^old\.json: schema_version 1, expected 3"),
        (lambda d: d.pop("checks"), r"^old\.json: not a summary\.json of logtail-doctor: 'checks'"),
        (
            lambda d: next(iter(d["hosts"].values()))["checks"].update({"step9.nope": {}}),
            r"^old\.json: not a summary\.json of logtail-doctor: .*step9\.nope",
        ),
    ],
    ids=["another version", "no checks", "unknown check"],
)
def test_a_baseline_that_is_not_a_summary_of_ours_is_one_line_naming_it(
    edit: Callable[[dict[str, Any]], object], says: str
) -> None:
    document = json.loads(json.dumps(to_json(_fleet_verdict(fleet()))))
    edit(document)
    with pytest.raises(ValueError, match=says):
        baseline_from_json(document, "old.json")
