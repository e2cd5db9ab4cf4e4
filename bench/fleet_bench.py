"""Benchmark: what the suite costs per host, measured against baselines in the same run.

Builds a lab of N healthy hosts, then measures, one after the other:

  floor   one bare `ssh HOST true` per host, with the suite's concurrency: the least any
          SSH-based tool can pay;
  suite   the diagnosis suite end to end (probe, checks, summary.json, junit.xml, HTML),
          at its default concurrency, and once more one host at a time;
  naive   the same facts gathered the usual testinfra way (one testinfra call per fact,
          one test per check, testinfra's sequential default) on a subset of the hosts.

and prints wall seconds, cost per host, the ratios suite/floor (b/a) and naive/suite
(c/b: per host, both sequential, so concurrency does not flatter either side) and the
suite's peak RSS. Floor and suite are measured --rounds times, alternating, and each
round's b/a comes from a floor and a suite run back to back: on a machine shared with
other work the median of those pairs is far steadier than one pair. No figure is
asserted anywhere: read the ratios.

Run as root from the repo root:  .venv/bin/python bench/fleet_bench.py --hosts 200
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from measure import run_measured, ssh_true_all  # noqa: E402  (bench/, the script's own folder)

from lab import Lab  # noqa: E402  (after the path fix, so the bench runs from a checkout)

LOCK = Path("/tmp/ltd-lab.lock")

NAIVE_SUITE = '''
"""The naive way: one testinfra call per fact, one test per check.

It gathers what the probe gathers (install files, status, process list with
elapsed times, the daemon's proxy environment, config and its mtime, the
config server over http and https with headers, the clock, app_info, hosts,
resolution, NICs, users, custom identifier), each fact where a check needs it.
"""
import json
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

CONFIG = "/usr/local/ilogtail/ilogtail_config.json"
APP_INFO = "/usr/local/ilogtail/app_info.json"
UDID = "/etc/ilogtail/user_defined_id"
PROXY = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def _config(host):
    return json.loads(host.file(CONFIG).content_string)


def _agent(host):
    """pid, ppid, etimes per agent process: one ps call."""
    out = host.check_output("ps -e -o pid= -o ppid= -o etimes= -o comm=")
    rows = [line.split() for line in out.splitlines()]
    return [r for r in rows if len(r) == 4 and r[3] in ("ilogtail", "loongcollector")]


def test_installed(host):
    assert host.file("/usr/local/ilogtail").is_directory
    assert host.file("/usr/local/ilogtail/ilogtail").exists
    assert host.file("/etc/init.d/ilogtaild").exists


def test_instances(host):
    daemons = [r for r in _agent(host) if r[1] == "1"]
    assert len(daemons) == 1


def test_running(host):
    status = host.run("/etc/init.d/ilogtaild status")
    assert status.rc == 0 and "is running" in status.stdout
    assert _agent(host)


def test_config_valid(host):
    assert host.file(CONFIG).is_file
    json.loads(host.file(CONFIG).content_string)


def test_config_loaded(host):
    now = int(host.check_output("date +%s"))
    started = now - min(int(r[2]) for r in _agent(host))
    assert host.file(CONFIG).mtime.timestamp() <= started


def test_region(host):
    assert "cn-hangzhou" in _config(host)["config_server_address"]


def test_network(host):
    assert "-intranet" in _config(host)["config_server_address"]


def test_dns(host):
    name = urlsplit(_config(host)["config_server_address"]).hostname
    assert host.run("getent ahostsv4 %s", name).rc == 0


def test_endpoint(host):
    url = _config(host)["config_server_address"]
    answer = host.run("curl -s -i --max-time 10 %s", url)
    assert "OLSInvalidMethod" in answer.stdout


def test_https(host):
    url = _config(host)["config_server_address"].replace("http://", "https://", 1)
    answer = host.run("curl -s -i --max-time 10 %s", url)
    assert "OLSInvalidMethod" in answer.stdout


def test_proxy(host):
    daemon = min(_agent(host), key=lambda r: int(r[0]))[0]
    environ = host.file(f"/proc/{daemon}/environ").content_string.split("\\0")
    assert not [v for v in environ if v.split("=", 1)[0].lower() in PROXY]


def test_clock(host):
    url = _config(host)["config_server_address"]
    answer = host.run("curl -s -i --max-time 10 %s", url)
    now = int(host.check_output("date +%s"))
    dates = [line for line in answer.stdout.splitlines() if line.lower().startswith("date:")]
    assert dates
    served = parsedate_to_datetime(dates[0].split(":", 1)[1].strip()).timestamp()
    assert abs(served - now) < 900
    assert abs(now - time.time()) < 900


def test_ip_recorded(host):
    assert json.loads(host.file(APP_INFO).content_string)["ip"]


def test_custom_id(host):
    udid = host.file(UDID)
    assert not udid.exists or udid.content_string.strip()


def test_ip_in_group(host):
    ip = json.loads(host.file(APP_INFO).content_string)["ip"]
    assert ip.startswith("10.")


def test_ip_current(host):
    ip = json.loads(host.file(APP_INFO).content_string)["ip"]
    name = host.check_output("uname -n")
    resolved = host.run("getent ahostsv4 %s", name).stdout.split()
    hosts = host.file("/etc/hosts").content_string
    addresses = host.check_output("ip -4 -o addr show")
    assert ip in resolved or ip in hosts or ip in addresses


def test_user_id(host):
    assert host.file("/etc/ilogtail/users/1234567890123456").exists
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=200, help="lab size (default 200)")
    parser.add_argument(
        "--naive-hosts",
        type=int,
        default=20,
        help="hosts the naive suite runs on (default 20; it is slow)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=16,
        help="connections at once for floor and suite (the suite's default)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="floor+suite pairs to measure (default 3)"
    )
    parser.add_argument("--workdir", default="/tmp/ltd-bench")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench: the lab needs root", file=sys.stderr)
        return 2
    with LOCK.open("w") as lock:
        _wait_for_lock(lock, seconds=600)
        return _bench(args)


def _wait_for_lock(lock: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[arg-type]
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise SystemExit("bench: another lab held /tmp/ltd-lab.lock too long") from None
            time.sleep(1)


def _bench(args: argparse.Namespace) -> int:
    # Scenario, reports and the naive suite go in one scratch dir, removed at the end.
    with tempfile.TemporaryDirectory(prefix="ltd-bench-") as scratch:
        return _bench_in(args, Path(scratch))


def _bench_in(args: argparse.Namespace, scratch: Path) -> int:
    workdir = Path(args.workdir)
    scenario = scratch / "bench.yaml"
    hosts = "\n".join(f"  - name: h{i}" for i in range(1, args.hosts + 1))
    scenario.write_text(
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        'account_ids: ["1234567890123456"]\nmachine_groups: [{name: web-servers}]\n'
        f"hosts:\n{hosts}\n"
    )
    started = time.monotonic()
    lab = Lab.up(scenario, workdir)
    print(f"lab: {args.hosts} hosts up in {time.monotonic() - started:.1f} s", flush=True)
    try:
        results = _measure(lab, args, scratch)
    finally:
        lab.down()
    print(json.dumps(results, indent=2))
    return 0


def _measure(lab: Lab, args: argparse.Namespace, scratch: Path) -> dict[str, object]:
    n = len(lab.hosts)
    out = scratch / "out"
    out.mkdir()

    suite_cmd = [
        sys.executable,
        "-m",
        "pytest",
        f"--targets={lab.targets_file}",
        f"--ssh-config={lab.ssh_config}",
        f"--html={out / 'tests.html'}",
        f"--junitxml={out / 'junit.xml'}",
        f"--summary-json={out / 'summary.json'}",
        "-q",
        "--tb=no",
    ]
    if _has_option("--report"):  # the project's own HTML report, where it exists
        suite_cmd.append(f"--report={out / 'report.html'}")
    if _has_option("--remediation"):  # the fix plan, where it exists
        suite_cmd.append(f"--remediation={out / 'remediation.yml'}")
    floors: list[float] = []
    suites: list[float] = []
    rss: list[int] = []
    for round_no in range(1, args.rounds + 1):
        floors.append(_timed(lambda: ssh_true_all(lab, args.concurrency)))
        suite_s, suite_rss = run_measured(
            [*suite_cmd, f"--max-connections={args.concurrency}"], REPO, exit_codes=(0, 1)
        )
        suites.append(suite_s)
        rss.append(suite_rss)
        summary = json.loads((out / "summary.json").read_text())
        if summary["counts"]["healthy"] != n:
            raise SystemExit(f"bench: only {summary['counts']} of {n} hosts healthy")
        print(
            f"round {round_no}: floor {floors[-1]:.1f} s, suite {suites[-1]:.1f} s, "
            f"b/a {suites[-1] / floors[-1]:.2f}",
            flush=True,
        )
    pair_ratios = [b / a for a, b in zip(floors, suites, strict=True)]
    floor = statistics.median(floors)
    suite_s = statistics.median(suites)
    healthy = n

    subset = lab.hosts[: args.naive_hosts]
    specs = ",".join(h.url for h in subset)
    seq_s, _ = run_measured(
        [*suite_cmd, "--max-connections=1", f"--hosts={specs}"], REPO, exit_codes=(0, 1)
    )

    naive_dir = scratch / "naive"
    naive_dir.mkdir()
    (naive_dir / "test_naive.py").write_text(NAIVE_SUITE)
    naive_s, _ = run_measured(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--tb=no",
            "-p",
            "no:cacheprovider",
            f"--rootdir={naive_dir}",
            "-c",
            os.devnull,
            f"--hosts={specs}",
            f"--ssh-config={lab.ssh_config}",
            str(naive_dir / "test_naive.py"),
        ],
        REPO,
        exit_codes=(0, 1),
    )
    m = len(subset)
    results: dict[str, object] = {
        "hosts": n,
        "concurrency": args.concurrency,
        "rounds": args.rounds,
        "floor_s": round(floor, 2),
        "suite_s": round(suite_s, 2),
        "floor_s_each": [round(x, 2) for x in floors],
        "suite_s_each": [round(x, 2) for x in suites],
        "suite_healthy_hosts": healthy,
        "suite_peak_rss_mib": round(max(rss) / 1024, 1),
        "floor_per_host_ms": round(1000 * floor / n, 1),
        "suite_per_host_ms": round(1000 * suite_s / n, 1),
        "ratio_suite_over_floor": round(statistics.median(pair_ratios), 2),
        "ratio_suite_over_floor_each": [round(r, 2) for r in pair_ratios],
        "sequential_subset_hosts": m,
        "suite_sequential_per_host_ms": round(1000 * seq_s / m, 1),
        "naive_sequential_per_host_ms": round(1000 * naive_s / m, 1),
        "ratio_naive_over_suite_per_host": round(naive_s / seq_s, 2),
    }
    print(
        f"{n} hosts: b/a = {results['ratio_suite_over_floor']} (target <= 1.5), "
        f"c/b = {results['ratio_naive_over_suite_per_host']} (target >= 5), "
        f"peak RSS {results['suite_peak_rss_mib']} MiB, "
        f"suite {results['suite_per_host_ms']} ms/host, "
        f"floor {results['floor_per_host_ms']} ms/host",
        flush=True,
    )
    return results


def _has_option(option: str) -> bool:
    """Whether the suite knows a command-line option (the report options are newer)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return option in done.stdout


def _timed(action: object) -> float:
    started = time.monotonic()
    action()  # type: ignore[operator]
    return time.monotonic() - started


if __name__ == "__main__":
    raise SystemExit(main())
