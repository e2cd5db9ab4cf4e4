"""bench/runner_bench.py still runs: the suite on a recorded probe answer, and its baseline.

A benchmark nobody runs rots silently (a new check, a changed probe format):
this runs it on 3 hosts, one round. The figures themselves are not judged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from logtail_doctor.catalogue import HOST_CHECK_IDS

REPO = Path(__file__).resolve().parents[2]


def test_runner_bench_runs_on_a_small_fleet() -> None:
    done = subprocess.run(
        [sys.executable, "bench/runner_bench.py", "--hosts", "3", "--rounds", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The bench exits non-zero unless the suite judged all 3 hosts healthy.
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    (result,) = json.loads(done.stdout[done.stdout.index("[") :])
    assert result["hosts"] == 3
    assert result["tests"] == 3 * len(HOST_CHECK_IDS)  # one test per check and host
    assert result["suite_s"] > 0
    assert result["baseline_s"] > 0
    assert result["ratio_each"] == [result["ratio_suite_over_baseline"]]
