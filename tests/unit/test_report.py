"""Per-host verdicts, the JSON summary and the terminal lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from logtail_doctor.catalogue import CHECK_IDS
from logtail_doctor.report import (
    SCHEMA_VERSION,
    CheckRecord,
    HostVerdict,
    build_summary,
    first_step,
    terminal_lines,
    write_json,
)
from logtail_doctor.waivers import WaiverNote

OK = CheckRecord("passed", "expected x; found x")
SKIP = CheckRecord("skipped", "not judged: the host is unreachable")


def verdict(host_id: str, **records: CheckRecord) -> HostVerdict:
    """All checks passed, except the ones given (keyword: check id with '_' for '.')."""
    checks = dict.fromkeys(CHECK_IDS, OK)
    for key, record in records.items():
        cid = key.replace("__", ".")
        assert cid in checks, cid
        checks[cid] = record
    return HostVerdict(host_id, checks)


def fail(message: str, remediation: str | None = "do it") -> CheckRecord:
    return CheckRecord("failed", message, remediation, ("evidence line",))


def healthy() -> HostVerdict:
    return verdict("10.0.0.11")


def not_running() -> HostVerdict:
    return verdict(
        "10.0.0.12",
        step1__running=fail(
            "expected running; found `/etc/init.d/ilogtaild status` exited 3",
            "Start the agent: sudo /etc/init.d/ilogtaild start",
        ),
        step4__user_id=fail("expected an ID; found nothing", "sudo touch /etc/ilogtail/users/1"),
    )


def unreachable() -> HostVerdict:
    return HostVerdict(
        "10.0.0.13",
        {
            "host.reachable": fail("expected an answer; found timed out", "Check SSH"),
            **dict.fromkeys(CHECK_IDS[1:], SKIP),
        },
    )


# --- status and root cause ----------------------------------------------------------------


def test_status_rules() -> None:
    assert healthy().status == "healthy"
    assert not_running().status == "unhealthy"
    assert unreachable().status == "unreachable"
    assert verdict("h", step1__running=SKIP).status == "healthy"  # a skip is not a failure
    assert HostVerdict("h").status == "healthy"


def test_unreachable_wins_over_other_failures() -> None:
    both = verdict("h", host__reachable=fail("down"), step4__user_id=fail("no id"))
    assert both.status == "unreachable"
    assert both.root_cause == "host.reachable"


def test_root_cause_follows_the_catalogue_not_insertion_order() -> None:
    checks = {
        "step4.user_id": fail("no id"),
        "custom.extra": fail("something new"),
        "step2.region": fail("cn-beijing"),
        "step1.installed": OK,
    }
    v = HostVerdict("h", checks)
    assert v.root_cause == "step2.region"
    assert [cid for cid, _ in v.ordered_checks()] == [
        "step1.installed",
        "step2.region",
        "step4.user_id",
        "custom.extra",  # unknown IDs go last
    ]
    assert HostVerdict("h", {"custom.extra": fail("x")}).root_cause == "custom.extra"
    assert healthy().root_cause is None


# --- the summary --------------------------------------------------------------------------


def test_build_summary_shape() -> None:
    sick = not_running()
    sick.agent = "logtail"
    sick.probe_seconds = 0.123456
    summary = build_summary([unreachable(), sick, healthy()], {"targets": "fixtures/example.yaml"})
    assert summary["schema_version"] == SCHEMA_VERSION == 1
    assert summary["targets"] == "fixtures/example.yaml"
    assert summary["counts"] == {"healthy": 1, "unhealthy": 1, "unreachable": 1}
    hosts = summary["hosts"]
    assert isinstance(hosts, dict)
    assert list(hosts) == ["10.0.0.11", "10.0.0.12", "10.0.0.13"]  # sorted by host id

    unhealthy = hosts["10.0.0.12"]
    assert unhealthy["status"] == "unhealthy"
    assert unhealthy["root_cause"] == "step1.running"
    assert unhealthy["agent"] == "logtail"
    assert unhealthy["probe_seconds"] == 0.123
    assert list(unhealthy["checks"]) == list(CHECK_IDS)
    assert unhealthy["checks"]["step1.running"] == {
        "outcome": "failed",
        "message": "expected running; found `/etc/init.d/ilogtaild status` exited 3",
        "remediation": "Start the agent: sudo /etc/init.d/ilogtaild start",
        "evidence": ["evidence line"],
    }
    assert unhealthy["checks"]["step2.region"] == {
        "outcome": "passed",
        "message": "expected x; found x",
        "remediation": None,
        "evidence": [],
    }

    assert hosts["10.0.0.13"]["status"] == "unreachable"
    assert hosts["10.0.0.13"]["root_cause"] == "host.reachable"
    assert hosts["10.0.0.13"]["agent"] is None
    assert hosts["10.0.0.13"]["probe_seconds"] is None
    assert hosts["10.0.0.11"]["root_cause"] is None
    # The whole summary is JSON as it stands.
    assert json.loads(json.dumps(summary)) == summary


def test_build_summary_of_nothing() -> None:
    assert build_summary([], {}) == {
        "schema_version": 1,
        "counts": {"healthy": 0, "unhealthy": 0, "unreachable": 0},
        "hosts": {},
    }


def test_write_json_is_complete_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "summary.json"
    document: dict[str, object] = {"schema_version": 1, "hosts": {"h": {"message": "ünï ✓"}}}
    write_json(target, document)
    write_json(target, document)  # replacing an existing file works too
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == document
    assert "ünï ✓" in text  # not \u-escaped
    assert text.endswith("}\n")
    assert [p.name for p in target.parent.iterdir()] == ["summary.json"]


# --- the terminal lines ---------------------------------------------------------------------


def test_terminal_lines_one_per_host_problems_last() -> None:
    # The output ends with the hosts that need work: what a person reads first.
    lines = terminal_lines([healthy(), unreachable(), not_running()])
    assert len(lines) == 3
    assert all("\n" not in line for line in lines)
    assert [line.split()[0] for line in lines] == ["10.0.0.11", "10.0.0.12", "10.0.0.13"]
    assert lines[0] == "10.0.0.11  healthy"
    assert lines[1] == (
        "10.0.0.12  unhealthy    step1.running: expected running; found "
        "`/etc/init.d/ilogtaild status` exited 3  "
        "-> Start the agent: sudo /etc/init.d/ilogtaild start"
    )
    assert lines[2].startswith("10.0.0.13  unreachable  host.reachable: ")
    assert lines[2].endswith("  -> Check SSH")


def test_terminal_lines_align_host_ids_and_omit_a_missing_fix() -> None:
    short = verdict("a", step2__region=fail("expected cn-hangzhou; found cn-beijing", None))
    long_ = verdict("web-server-1.example.com")
    lines = terminal_lines([long_, short])
    assert lines[0].startswith("web-server-1.example.com  healthy")
    assert (
        lines[1]
        == "a" + " " * 23 + "  unhealthy    step2.region: expected cn-hangzhou; found cn-beijing"
    )
    assert "->" not in lines[1]


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


def _waiver(expired: bool) -> WaiverNote:
    return WaiverNote("CHG-1: moving accounts", "2026-03-31", "*", expired=expired)


def test_a_waived_failure_leaves_the_host_healthy_and_says_so() -> None:
    waived = CheckRecord("waived", "expected id; found none", "touch it", waiver=_waiver(False))
    host = verdict("10.0.0.20", step4__user_id=waived)
    assert host.status == "healthy"
    assert host.root_cause is None
    assert host.waived == ["step4.user_id"]
    assert terminal_lines([host]) == ["10.0.0.20  healthy      (waived: step4.user_id)"]
    check = build_summary([host], {})["hosts"]["10.0.0.20"]["checks"]["step4.user_id"]  # type: ignore[index]
    assert check["outcome"] == "waived"
    assert check["waiver"] == {
        "justification": "CHG-1: moving accounts",
        "expires": "2026-03-31",
        "hosts": "*",
        "expired": False,
    }


def test_an_expired_waiver_does_not_waive_and_the_line_says_when_it_expired() -> None:
    record = CheckRecord("failed", "expected id; found none", "touch it", waiver=_waiver(True))
    host = verdict("10.0.0.21", step4__user_id=record)
    assert host.status == "unhealthy"
    assert terminal_lines([host])[0].endswith("-> touch it  [waiver expired on 2026-03-31]")
    check = build_summary([host], {})["hosts"]["10.0.0.21"]["checks"]["step4.user_id"]  # type: ignore[index]
    assert check["waiver"]["expired"] is True


@pytest.mark.parametrize("verdicts", [[], [verdict("10.0.0.11")]], ids=["none", "one"])
def test_terminal_lines_count(verdicts: list[HostVerdict]) -> None:
    assert len(terminal_lines(verdicts)) == len(verdicts)
