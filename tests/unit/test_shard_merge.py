"""--shard selection and the merge of summaries and JUnit files, on synthetic reports."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.merge import MergeError, main, merge_junit, merge_verdicts
from logtail_doctor.outcome import failed, passed
from logtail_doctor.outputs.summary_file import to_json
from logtail_doctor.run_context import Project, RunContext
from logtail_doctor.shard import Shard, parse_shard, select
from logtail_doctor.verdict import CheckResult, RunVerdict, assemble, host_result

HOSTS = [f"ssh://root@10.0.{i // 256}.{i % 256}" for i in range(2, 1002)]


@pytest.mark.parametrize("count", [1, 2, 3, 7, 40])
def test_shards_are_disjoint_complete_and_balanced(count: int) -> None:
    parts = [select(HOSTS, Shard(k, count), str) for k in range(1, count + 1)]
    flat = [h for part in parts for h in part]
    assert sorted(flat) == sorted(HOSTS)
    assert len(flat) == len(set(flat))
    sizes = [len(p) for p in parts]
    assert max(sizes) - min(sizes) <= 1


def test_more_shards_than_hosts_leaves_some_empty() -> None:
    few = HOSTS[:3]
    assert [select(few, Shard(k, 5), str) for k in range(1, 6)] == [
        [few[0]],
        [few[1]],
        [few[2]],
        [],
        [],
    ]


def test_selection_does_not_depend_on_input_order() -> None:
    shard = Shard(2, 3)
    assert select(HOSTS, shard, str) == select(list(reversed(HOSTS)), shard, str)


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "x", "", "1/2/3", "-1/3", "1 / 3"])
def test_bad_shard_text(text: str) -> None:
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(text)


def test_good_shard_text() -> None:
    assert parse_shard("2/3") == Shard(2, 3)
    assert str(parse_shard("10/10")) == "10/10"


CHECKS = ("host.reachable",)
FAIL_ON = ["unhealthy", "unreachable"]


def _run(hosts: dict[str, str], shard: str) -> RunVerdict:
    """A shard's verdict: each host reachable ("healthy") or not ("unreachable")."""
    results = []
    for host_id, status in hosts.items():
        if status == "healthy":
            outcome = passed("host.reachable", "an answer", "web")
        else:
            outcome = failed("host.reachable", "an answer", "timed out", "check ssh")
        check = CheckResult(outcome, outcome.status.value)
        results.append(host_result(host_id, {"host.reachable": check}, CHECKS))
    context = {
        "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
        "started": "2026-11-24T10:00:00+00:00",
        "duration_seconds": 3.0,
        "shard": shard,
    }
    return assemble(results, CHECKS, FAIL_ON, RunContext.from_json(context))


def test_merged_summary_recounts_and_orders_hosts() -> None:
    a = _run({"ssh://h10": "healthy", "ssh://h2": "unreachable"}, "1/2")
    b = _run({"ssh://h9": "healthy"}, "2/2")
    merged = to_json(merge_verdicts([(Path("a.json"), a), (Path("b.json"), b)]))
    assert list(merged["hosts"]) == ["ssh://h2", "ssh://h9", "ssh://h10"]
    assert merged["counts"] == {"healthy": 2, "partial": 0, "unhealthy": 0, "unreachable": 1}
    assert merged["gate"]["exit_code"] == 1
    assert "shard" not in merged["run"]
    assert [m["shard"] for m in merged["run"]["merged_from"]] == ["1/2", "2/2"]
    lenient = merge_verdicts([(Path("a.json"), a), (Path("b.json"), b)], ["unhealthy"])
    assert lenient.gate.exit_code == 0


def _groups(not_checked: list[str], unexpected: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "web-servers": {
            "identify_type": "ip",
            "source": "api",
            "entries": 3,
            "heartbeating": 2,
            "not_checked": not_checked,
            "unexpected": unexpected,
            "error": None,
        }
    }


def _with_run(verdict: RunVerdict, **changed: Any) -> RunVerdict:
    """The verdict with its run's context changed (both are frozen)."""
    return dataclasses.replace(verdict, run=dataclasses.replace(verdict.run, **changed))


def test_merged_summary_merges_machine_groups_and_keeps_the_sls_block() -> None:
    stray = {"ip": "10.0.0.77", "user_defined_id": None, "last_heartbeat": "x"}
    other = {"ip": "10.0.0.78", "user_defined_id": None, "last_heartbeat": "y"}
    a = _with_run(
        _run({"ssh://h1": "healthy"}, "1/2"),
        machine_groups=_groups(["10.0.0.2", "10.0.0.99"], [stray]),
        sls={"endpoint": "http://sls", "heartbeat_threshold_seconds": 300, "errors": ["e1"]},
    )
    b = _with_run(
        _run({"ssh://h2": "healthy"}, "2/2"),
        machine_groups=_groups(["10.0.0.1", "10.0.0.99"], [stray, other]),
        sls={"endpoint": "http://sls", "heartbeat_threshold_seconds": 300, "errors": ["e2"]},
    )
    merged = merge_verdicts([(Path("a.json"), a), (Path("b.json"), b)]).context
    group = merged["machine_groups"]["web-servers"]
    assert group["not_checked"] == ["10.0.0.99"]  # h1 and h2 each covered one of them
    assert group["unexpected"] == [stray, other]
    assert merged["sls"]["endpoint"] == "http://sls"
    assert merged["sls"]["errors"] == ["e1", "e2"]
    plain = merge_verdicts([(Path("a.json"), _run({"ssh://h3": "healthy"}, "1/1"))]).context
    assert "machine_groups" not in plain
    assert "sls" not in plain


def test_merge_refuses_a_host_twice_and_other_projects() -> None:
    a = _run({"ssh://h1": "healthy"}, "1/2")
    with pytest.raises(MergeError, match=r"ssh://h1 is also in a\.json"):
        merge_verdicts([(Path("a.json"), a), (Path("b.json"), a)])
    other = _with_run(
        _run({"ssh://h2": "healthy"}, "2/2"),
        project=Project("other", "cn-hangzhou", "intranet"),
    )
    with pytest.raises(MergeError, match=r"b\.json: project"):
        merge_verdicts([(Path("a.json"), a), (Path("b.json"), other)])


def test_merged_junit_sums_the_suites(tmp_path: Path) -> None:
    files = []
    for i, (tests, failures) in enumerate([(3, 1), (2, 0)]):
        path = tmp_path / f"s{i}" / "junit.xml"
        path.parent.mkdir()
        cases = "".join(f'<testcase name="t{i}{j}"/>' for j in range(tests))
        path.write_text(
            f'<testsuites><testsuite name="logtail-doctor" tests="{tests}" errors="0" '
            f'failures="{failures}" skipped="0" time="1.5">{cases}</testsuite></testsuites>'
        )
        files.append(path)
    root = merge_junit(files)
    assert (root.get("tests"), root.get("failures"), root.get("time")) == ("5", "1", "3.000")
    assert len(list(root.iter("testcase"))) == 5


def test_merge_refuses_xml_entities(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text('<!DOCTYPE x [<!ENTITY a "b">]><testsuites/>')
    with pytest.raises(MergeError, match="entities"):
        merge_junit([path])


def test_merge_command_bad_input_is_one_line_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_text(json.dumps({"schema_version": 99}))
    assert main([str(tmp_path / "out"), str(run)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ERROR: {run / 'summary.json'}: schema_version 99, expected 3")
