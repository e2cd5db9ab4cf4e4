"""The metrics of a run (logtail_doctor.outputs.metrics) against a recorded summary.json.

tests/data/metrics/demo_summary.json is the summary of a real run of the demo
lab (lab/scenarios/demo.yaml: 17 hosts, one per fault class). The metrics are
read back with prometheus_client's own parser, and linted by promtool.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from logtail_doctor.merge import main as merge_main
from logtail_doctor.outputs import metrics
from logtail_doctor.outputs.summary_file import from_json, load_summary
from logtail_doctor.verdict import STATUSES

DATA = Path(__file__).resolve().parents[1] / "data" / "metrics"
DEMO = DATA / "demo_summary.json"


def _samples(text: bytes) -> dict[str, list[Sample]]:
    families: dict[str, list[Sample]] = {}
    for family in text_string_to_metric_families(text.decode("utf-8")):
        families.setdefault(family.name, []).extend(family.samples)
    return families


def _document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO.read_text(encoding="utf-8"))
    return data


def _promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is missing: scripts/bootstrap.sh installs Debian's prometheus")
    return found


def test_the_metrics_of_a_stored_summary_are_exactly_its_counts() -> None:
    document = _document()
    text = metrics.verdict_metrics(load_summary(DEMO))
    families = _samples(text)

    hosts = {s.labels["status"]: s.value for s in families["logtail_doctor_hosts"]}
    assert hosts == {status: float(document["counts"][status]) for status in STATUSES}
    assert sum(hosts.values()) == len(document["hosts"]) == 17

    # Hosts per cause, over the machine groups, are the summary's causes.
    per_cause: Counter[str] = Counter()
    per_cause_and_group: Counter[tuple[str, str]] = Counter()
    for sample in families["logtail_doctor_cause_hosts"]:
        per_cause[sample.labels["cause"]] += int(sample.value)
        per_cause_and_group[sample.labels["cause"], sample.labels["machine_group"]] += int(
            sample.value
        )
    assert +per_cause == {cause["check"]: cause["count"] for cause in document["causes"]}
    expected_by_group = Counter(
        (host["root_cause"], host["group"] or "")
        for host in document["hosts"].values()
        if host["root_cause"] is not None
    )
    assert +per_cause_and_group == expected_by_group
    # Every check of the run has its series in every group (0 when none): no missing metrics.
    groups = {host["group"] or "" for host in document["hosts"].values()}
    assert set(per_cause_and_group) == {(c, g) for c in document["checks"] for g in groups}
    failing = document["counts"]["unhealthy"] + document["counts"]["unreachable"]
    assert sum(per_cause.values()) == failing

    # Per host: exactly one status set, the summary's; a root cause only for failing hosts.
    status_of: dict[str, list[str]] = {}
    for sample in families["logtail_doctor_host_status"]:
        assert sample.value in (0.0, 1.0)
        if sample.value == 1.0:
            status_of.setdefault(sample.labels["host"], []).append(sample.labels["status"])
    assert status_of == {host: [h["status"]] for host, h in document["hosts"].items()}
    causes = {
        s.labels["host"]: s.labels["cause"] for s in families["logtail_doctor_host_root_cause"]
    }
    assert causes == {
        host: h["root_cause"] for host, h in document["hosts"].items() if h["root_cause"]
    }


def test_run_metadata_and_build_info() -> None:
    document = _document()
    families = _samples(metrics.verdict_metrics(load_summary(DEMO)))
    started = metrics._timestamp(document["started"])
    assert started is not None
    (duration,) = families["logtail_doctor_last_run_duration_seconds"]
    assert duration.value == document["duration_seconds"]
    (finished,) = families["logtail_doctor_last_run_timestamp_seconds"]
    assert finished.value == pytest.approx(started + document["duration_seconds"])
    (success,) = families["logtail_doctor_last_success_timestamp_seconds"]
    assert success.value == finished.value
    (build,) = families["logtail_doctor_build_info"]
    assert build.labels["version"] == document["tool"]["version"]
    assert build.value == 1.0
    # Without --sls there is no heartbeat to report.
    assert families.get("logtail_doctor_host_last_heartbeat_timestamp_seconds", []) == []


def test_the_heartbeat_of_each_host_with_sls() -> None:
    document = _document()
    first = next(iter(document["hosts"]))
    document["hosts"][first]["server"] = {
        "machine_group": "web-servers",
        "identity": "10.250.0.2",
        "last_heartbeat": "2026-12-06T21:20:00+00:00",
        "heartbeat_age_seconds": 273,
    }
    families = _samples(metrics.verdict_metrics(from_json(document)))
    (last,) = families["logtail_doctor_host_last_heartbeat_timestamp_seconds"]
    assert last.labels == {"host": first, "machine_group": "web-servers"}
    assert last.value == metrics._timestamp("2026-12-06T21:20:00+00:00")
    (age,) = families["logtail_doctor_host_heartbeat_age_seconds"]
    assert age.value == 273.0


HOSTILE_HOST = 'ssh://root@evil"} 1\nlogtail_doctor_injected{x="1'
HOSTILE_GROUP = 'web\\"servers\n# TYPE logtail_doctor_hosts counter\nお'


def _hostile_document() -> dict[str, Any]:
    document = _document()
    hosts = dict(document["hosts"])
    first = next(iter(hosts))
    host = copy.deepcopy(hosts.pop(first))
    host["group"] = HOSTILE_GROUP
    document["hosts"] = {HOSTILE_HOST: host, **hosts}
    return document


def test_hostile_host_and_group_names_are_escaped_in_labels_not_injected() -> None:
    text = metrics.verdict_metrics(from_json(_hostile_document()))
    # Nothing of the names starts a line of its own: no new sample, no new TYPE.
    lines = text.decode("utf-8").splitlines()
    assert not any(line.startswith("logtail_doctor_injected") for line in lines)
    assert sum(line == "# TYPE logtail_doctor_hosts gauge" for line in lines) == 1
    assert not any(line.startswith("# TYPE logtail_doctor_hosts counter") for line in lines)
    families = _samples(text)
    assert "logtail_doctor_injected" not in families
    statuses = [
        s for s in families["logtail_doctor_host_status"] if s.labels["host"] == HOSTILE_HOST
    ]
    assert len(statuses) == len(STATUSES)  # read back whole, exactly as given
    assert {s.labels["machine_group"] for s in statuses} == {HOSTILE_GROUP}
    assert any(
        s.labels["machine_group"] == HOSTILE_GROUP for s in families["logtail_doctor_cause_hosts"]
    )


def test_promtool_accepts_the_metrics_of_a_stored_and_a_hostile_run(tmp_path: Path) -> None:
    promtool = _promtool()
    for document in (_document(), _hostile_document()):
        text = metrics.verdict_metrics(from_json(document))
        done = subprocess.run(
            [promtool, "check", "metrics"], input=text, capture_output=True, timeout=30, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_text_format_has_no_timestamps_and_no_openmetrics() -> None:
    text = metrics.verdict_metrics(load_summary(DEMO)).decode("utf-8")
    assert "# EOF" not in text  # OpenMetrics' end: node_exporter's textfile collector rejects it
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            assert sample.timestamp is None, sample  # the textfile collector skips such files


def test_the_writer_replaces_the_file_whole_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "textfile" / "logtail_doctor.prom"
    metrics.write_atomically(path, b"old 1\n")
    metrics.write_atomically(path, b"new 1\n")
    assert path.read_bytes() == b"new 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # node_exporter runs as another user
    assert sorted(p.name for p in path.parent.iterdir()) == ["logtail_doctor.prom"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "metrics.prom"
    metrics.write_atomically(path, b"old 1\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        metrics.write_atomically(path, b"new 1\n")
    assert path.read_bytes() == b"old 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.prom"]


def test_publish_says_in_one_line_when_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n")
    metrics.publish(load_summary(DEMO), blocker / "metrics.prom")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"ERROR: --metrics {blocker / 'metrics.prom'}: cannot write")


def test_a_push_to_nowhere_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    # Port 9 of loopback (discard): nothing listens, the connection is refused at once.
    metrics.publish(load_summary(DEMO), None, "http://127.0.0.1:9")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("ERROR: --pushgateway http://127.0.0.1:9: push failed")


def test_the_push_groups_by_project_and_shard() -> None:
    document = _document()
    assert metrics.push_grouping_key(from_json(document)) == {"project": "web-logs"}
    document["shard"] = "2/4"
    assert metrics.push_grouping_key(from_json(document)) == {"project": "web-logs", "shard": "2/4"}


def test_merge_writes_the_merged_runs_metrics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two shards of the recorded run, merged: the metrics count every host once."""
    document = _document()
    hosts = list(document["hosts"].items())
    junit = '<testsuite name="pytest" tests="0" errors="0" failures="0" skipped="0"/>'
    shards = []
    for k, part in enumerate((hosts[::2], hosts[1::2]), start=1):
        shard = dict(document, hosts=dict(part), shard=f"{k}/2")
        folder = tmp_path / f"shard{k}"
        folder.mkdir()
        (folder / "summary.json").write_text(json.dumps(shard), encoding="utf-8")
        (folder / "junit.xml").write_text(junit, encoding="utf-8")
        shards.append(str(folder))
    out = tmp_path / "merged"
    assert merge_main([str(out), *shards]) == 1
    assert "metrics.prom" in capsys.readouterr().out
    families = _samples((out / "metrics.prom").read_bytes())
    counts = {s.labels["status"]: s.value for s in families["logtail_doctor_hosts"]}
    assert counts == {status: float(document["counts"][status]) for status in STATUSES}
    elsewhere = tmp_path / "textfile" / "fleet.prom"
    assert merge_main([str(tmp_path / "again"), *shards, f"--metrics={elsewhere}"]) == 1
    assert elsewhere.read_bytes() == (out / "metrics.prom").read_bytes()
    assert not (tmp_path / "again" / "metrics.prom").exists()


def test_an_empty_metrics_path_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    metrics.publish(load_summary(DEMO), "")
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().err == ""
