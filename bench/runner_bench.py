"""Benchmark: what the runner itself costs per host (pytest, checks, reports), without hosts.

fleet_bench.py measures a run against a lab whose hosts share the runner's
cores; this one leaves the hosts out. Every host answers with one recorded
probe output (tests/data/probe/logtail_healthy.txt, handed over by the
recorded_probe plugin in place of probing), so what is timed is the runner's
part of a run: start-up, collecting one test per check and host, parsing and judging N
hosts, running the tests, writing junit.xml, tests.html, summary.json and
report.html. Measured, alternating, --rounds times per fleet size:

  baseline  pytest alone: the same number of tests, each asserting a constant,
            with the suite's pytest.ini plugin settings and the reports pytest
            writes itself (junit.xml, a self-contained tests.html);
  suite     the diagnosis suite, reports included, with the summary.json of the run
            before as its baseline (its default), as a scheduled run has.

Before the timed runs, one untimed suite run per size writes that summary.json,
and before the first size one untimed run of each compiles the bytecode they load
(into the scratch folder), as an installed runner has it compiled.

It prints seconds, ms per host, the ratio suite/baseline (the median of the
back-to-back pairs: what our layer costs on top of pytest's own per-test
cost) and peak RSS. Nothing is asserted: read the figures.

Run from the repo root:  .venv/bin/python bench/runner_bench.py --hosts 200 500
"""

from __future__ import annotations

import argparse
import configparser
import itertools
import json
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from measure import run_measured  # noqa: E402  (bench/, the script's own folder)

from logtail_doctor.catalogue import CATALOGUE  # noqa: E402  (after the path fix)
from tests.support.scripts import load_script  # noqa: E402

RECORDING = REPO / "tests" / "data" / "probe" / "logtail_healthy.txt"
# The nonce the recorded probe outputs are framed with (make_cases.NONCE).
RECORDING_NONCE: str = load_script(RECORDING.parent / "make_cases.py", "make_cases").NONCE
RECORDED_IP = "192.0.2.2"  # the recording's app_info.json and NIC
# One test per check; server.heartbeat only with --sls.
CHECKS_PER_HOST = sum(1 for spec in CATALOGUE if spec.step != "server")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ltd-runner-bench-") as scratch:
        bytecode = Path(scratch) / "bytecode"
        results = [
            _measure(n, args.rounds, Path(scratch) / str(n), bytecode, warm_up=i == 0)
            for i, n in enumerate(args.hosts)
        ]
    print(json.dumps(results, indent=2))
    return 0


def _measure(
    n: int, rounds: int, workdir: Path, bytecode: Path, *, warm_up: bool
) -> dict[str, object]:
    workdir.mkdir(parents=True)
    targets = workdir / "targets.yaml"
    targets.write_text(_targets(n))
    baseline_dir = workdir / "baseline"
    baseline_dir.mkdir()
    (baseline_dir / "test_baseline.py").write_text(_baseline_tests(n))
    out = workdir / "out"
    out.mkdir()
    suite_cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "recorded_probe",
        f"--targets={targets}",
        f"--html={out / 'tests.html'}",
        f"--junitxml={out / 'junit.xml'}",
        f"--summary-json={out / 'summary.json'}",
        f"--report={out / 'report.html'}",
        f"--remediation={out / 'remediation.yml'}",
        "-q",
        "--tb=no",
    ]
    baseline_cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        os.devnull,
        f"--rootdir={baseline_dir}",
        *_plugin_settings(),
        f"--html={out / 'baseline.html'}",
        "--self-contained-html",
        f"--junitxml={out / 'baseline.xml'}",
        "-q",
        "--tb=no",
        str(baseline_dir / "test_baseline.py"),
    ]
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(REPO / "bench"), os.environ.get("PYTHONPATH", "")]),
        LTD_BENCH_RECORDING=str(RECORDING),
        LTD_BENCH_NONCE=RECORDING_NONCE,
        # Compiled once, as an installed runner (pip compiles at install) has it, and not
        # into the checkout: without it each run would compile every module it imports
        # again (this machine sets PYTHONDONTWRITEBYTECODE), the suite more than pytest alone.
        PYTHONPYCACHEPREFIX=str(bytecode),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Untimed: the first writes the bytecode both runs then load; the suite's writes
    # the summary.json each timed run compares with, as a scheduled run does.
    if warm_up:
        run_measured(baseline_cmd, REPO, env=env)
    run_measured(suite_cmd, REPO, env=env)
    baselines: list[float] = []
    suites: list[float] = []
    rss = {"baseline": 0, "suite": 0}
    for _ in range(rounds):
        seconds, peak = run_measured(baseline_cmd, REPO, env=env)
        baselines.append(seconds)
        rss["baseline"] = max(rss["baseline"], peak)
        seconds, peak = run_measured(suite_cmd, REPO, env=env)
        suites.append(seconds)
        rss["suite"] = max(rss["suite"], peak)
        counts = json.loads((out / "summary.json").read_text())["counts"]
        if counts != {"healthy": n, "partial": 0, "unhealthy": 0, "unreachable": 0}:
            raise SystemExit(f"runner_bench: expected {n} healthy hosts, the suite found {counts}")
    pairs = [s / b for b, s in zip(baselines, suites, strict=True)]
    result: dict[str, object] = {
        "hosts": n,
        "tests": n * CHECKS_PER_HOST,
        "baseline_s": round(statistics.median(baselines), 2),
        "suite_s": round(statistics.median(suites), 2),
        "baseline_per_host_ms": round(1000 * statistics.median(baselines) / n, 1),
        "suite_per_host_ms": round(1000 * statistics.median(suites) / n, 1),
        "ratio_suite_over_baseline": round(statistics.median(pairs), 2),
        "ratio_each": [round(r, 2) for r in pairs],
        "baseline_peak_rss_mib": round(rss["baseline"] / 1024, 1),
        "suite_peak_rss_mib": round(rss["suite"] / 1024, 1),
    }
    print(
        f"{n} hosts: suite {result['suite_per_host_ms']} ms/host, pytest alone "
        f"{result['baseline_per_host_ms']} ms/host, suite/baseline "
        f"{result['ratio_suite_over_baseline']}, peak RSS {result['suite_peak_rss_mib']} MiB "
        f"(pytest alone {result['baseline_peak_rss_mib']})",
        flush=True,
    )
    return result


def _targets(n: int) -> str:
    # 198.18.0.0/15 is for benchmarks; nothing is contacted: the plugin answers.
    hosts = "\n".join(f"  - url: ssh://root@198.18.{i // 250}.{i % 250 + 1}" for i in range(n))
    return (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        'account_ids: ["1234567890123456"]\n'
        f"machine_groups: [{{name: web-servers, ips: [{RECORDED_IP}]}}]\n"
        f"hosts:\n{hosts}\n"
    )


def _baseline_tests(n: int) -> str:
    lines = [
        "import pytest",
        f"HOSTS = [f'h{{i}}' for i in range({n})]",
    ]
    for k in range(CHECKS_PER_HOST):
        lines += [
            "",
            "",
            "@pytest.mark.parametrize('host_id', HOSTS)",
            f"def test_check_{k}(host_id):",
            "    assert host_id",
        ]
    return "\n".join(lines) + "\n"


def _plugin_settings() -> list[str]:
    """The `-p no:NAME` options of the suite's pytest.ini, so both runs load the same plugins."""
    ini = configparser.ConfigParser()
    ini.read(REPO / "pytest.ini")
    words = [w for line in ini["pytest"]["addopts"].splitlines() for w in _words(line)]
    return [
        option
        for flag, name in itertools.pairwise(words)
        if flag == "-p" and name.startswith("no:")
        for option in (flag, name)
    ]


def _words(line: str) -> list[str]:
    line = line.strip()
    return [] if not line or line.startswith("#") else shlex.split(line)


if __name__ == "__main__":
    raise SystemExit(main())
