"""--shard K/N and the merge command: 3 shards of the demo fleet add up to one full run."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from lab import Lab
from logtail_doctor.outputs.html import render_report
from logtail_doctor.outputs.summary_file import from_json
from tests.e2e.suite import REPO, SuiteRun, run_suite

pytestmark = pytest.mark.e2e


def _merge(
    out: Path, *dirs: Path, options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "logtail_doctor.merge", str(out), *map(str, dirs), *options],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tests(junit: ET.Element) -> list[tuple[str, str]]:
    """(test name, outcome) of every test case."""
    result = []
    for case in junit.iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        result.append((case.get("name", ""), kinds[0] if kinds else "passed"))
    return sorted(result)


def test_three_shards_merge_into_the_full_run(demo_lab: Lab, workdir: Path) -> None:
    common = (f"--targets={demo_lab.targets_file}", f"--ssh-config={demo_lab.ssh_config}")
    full = run_suite(workdir / "shard-full", *common, "--connect-timeout=5")
    shards: list[SuiteRun] = [
        run_suite(workdir / f"shard-{k}", *common, "--connect-timeout=5", f"--shard={k}/3")
        for k in (1, 2, 3)
    ]
    for shard in shards:
        assert shard.exit_code in (0, 1), shard.stdout[-2000:] + shard.stderr[-2000:]

    # Disjoint, together every host, sizes within one of each other.
    host_sets = [set(s.summary["hosts"]) for s in shards]
    assert set().union(*host_sets) == set(full.summary["hosts"])
    assert sum(len(h) for h in host_sets) == len(full.summary["hosts"])
    sizes = [len(h) for h in host_sets]
    assert max(sizes) - min(sizes) <= 1, sizes
    assert [s.summary["run"]["shard"] for s in shards] == ["1/3", "2/3", "3/3"]

    # Deterministic: the same shard again picks the same hosts.
    again = run_suite(workdir / "shard-2-again", *common, "--connect-timeout=5", "--shard=2/3")
    assert set(again.summary["hosts"]) == host_sets[1]

    out = workdir / "shard-merged"
    merged = _merge(out, *(s.out_dir for s in shards))
    assert merged.returncode == 1, merged.stdout + merged.stderr  # the demo has broken hosts
    assert "merged 3 runs" in merged.stdout

    summary = SuiteRun(0, "", "", out).summary
    assert summary["counts"] == full.summary["counts"]
    verdicts = {h: (v["status"], v["root_cause"]) for h, v in summary["hosts"].items()}
    expected = {h: (v["status"], v["root_cause"]) for h, v in full.summary["hosts"].items()}
    assert verdicts == expected
    assert list(summary["hosts"]) == list(full.summary["hosts"])  # same order
    assert summary["run"]["project"] == full.summary["run"]["project"]
    assert [m["shard"] for m in summary["run"]["merged_from"]] == ["1/3", "2/3", "3/3"]

    junit = ET.parse(out / "junit.xml").getroot()
    assert _tests(junit) == _tests(full.junit)
    assert int(junit.get("tests", "0")) == len(list(full.junit.iter("testcase")))
    html = (out / "report.html").read_text(encoding="utf-8")
    for host_id in full.summary["hosts"]:
        assert host_id in html

    # The same report as the whole run, not only the same statuses: every check's
    # outcome, message ids, commands and waivers, apart from the run's metadata and
    # what differs between two probes of one host (its clock reading, probe time).
    differences = _differences(_comparable(summary), _comparable(full.summary))
    assert not differences, "\n".join(differences)
    ja = workdir / "shard-merged-ja"
    merged_ja = _merge(ja, *(s.out_dir for s in shards), options=("--report-lang", "ja"))
    assert merged_ja.returncode == 1, merged_ja.stdout + merged_ja.stderr
    page = (ja / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page
    assert "エージェントを起動してください" in page  # the stopped host's fix, in Japanese
    merged_summary = json.loads((ja / "summary.json").read_text(encoding="utf-8"))
    assert page == render_report(from_json(merged_summary), "ja")  # a function of the summary
    assert render_report(from_json(_comparable(merged_summary)), "ja") == render_report(
        from_json(_comparable(full.summary)), "ja"
    )


# Run metadata: when and how this run ran, not what it found.
_RUN_METADATA = ("started", "duration_seconds", "shard", "merged_from", "probe")
# Checks whose words quote a reading that changes from one probe to the next: the
# clock, and the agent's start time (ps's elapsed seconds against the clock).
_READINGS = ("step2.clock", "step2.config_loaded")
# Moments inside other words: the SLS stand-in gives every answer a request ID of
# its own (as SLS does), and curl says how long a refused connect took.
_MOMENTS = (
    (re.compile(r'\\"RequestId\\":\\"[0-9A-F]+\\"'), "RequestId"),
    (re.compile(r"after \d+ ms"), "after - ms"),
)


def _differences(a: object, b: object, path: str = "") -> list[str]:
    """Where two JSON documents differ: one line per differing leaf, with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            line
            for key in dict.fromkeys([*a, *b])
            for line in _differences(
                a.get(key, "<absent>"), b.get(key, "<absent>"), f"{path}/{key}"
            )
        ]
    if a != b:
        return [f"{path}: {str(a)[:200]} != {str(b)[:200]}"]
    return []


def _comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """summary.json without run metadata and without the readings of a moment."""
    document = copy.deepcopy(summary)
    for key in _RUN_METADATA:
        document["run"].pop(key, None)
    reading = {"id": "", "params": [["text", "(a reading of the moment)"]]}
    for host in document["hosts"].values():
        host["probe_seconds"] = None
        for check_id in _READINGS:
            check = host["checks"].get(check_id)
            if check is not None:
                check.update(message="", found=reading, expected=reading, evidence=[])
                if check["fix"] is not None:
                    check.update(fix=reading, remediation="")
    text = json.dumps(document)
    for pattern, replacement in _MOMENTS:
        text = pattern.sub(replacement, text)
    normalised: dict[str, Any] = json.loads(text)
    return normalised


def test_merge_refuses_overlapping_runs_in_one_line(demo_lab: Lab, workdir: Path) -> None:
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    common = (
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--hosts={healthy.url}",
    )
    one = run_suite(workdir / "overlap-a", *common)
    two = run_suite(workdir / "overlap-b", *common)
    assert one.exit_code == two.exit_code == 0
    merged = _merge(workdir / "overlap-out", one.out_dir, two.out_dir)
    assert merged.returncode == 4
    lines = merged.stderr.strip().splitlines()
    assert len(lines) == 1, merged.stderr
    assert healthy.url in lines[0]
    assert "Traceback" not in merged.stderr
    broken = workdir / "overlap-broken"
    broken.mkdir()
    (broken / "summary.json").write_text("{not json")
    merged = _merge(workdir / "overlap-out", one.out_dir, broken)
    assert merged.returncode == 4
    assert str(broken / "summary.json") in merged.stderr
    assert len(merged.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("shard", ["0/3", "4/3", "1/0", "x", "1/2/3"])
def test_bad_shard_is_a_one_line_usage_error(demo_lab: Lab, tmp_path: Path, shard: str) -> None:
    run = run_suite(tmp_path / "out", f"--targets={demo_lab.targets_file}", f"--shard={shard}")
    assert run.exit_code == 4, run.stdout + run.stderr
    errors = [ln for ln in (run.stdout + run.stderr).splitlines() if ln.startswith("ERROR:")]
    assert len(errors) == 1
    assert "--shard" in errors[0]


def test_a_shard_without_hosts_is_a_usage_error(demo_lab: Lab, tmp_path: Path) -> None:
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    run = run_suite(
        tmp_path / "out",
        f"--targets={demo_lab.targets_file}",
        f"--hosts={healthy.url}",
        "--shard=2/2",
    )
    assert run.exit_code == 4
    assert "no hosts in this shard (1 in all)" in run.stdout + run.stderr
