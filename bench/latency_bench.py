"""Benchmark: a far fleet, floor and suite as --max-connections grows.

Builds a lab of N healthy hosts behind the lab's latency relay (every ssh
connection pays --latency-ms of round trip, half each way, and one round trip
for the TCP handshake; see lab/latency_relay.py), then for each concurrency C
measures, back to back:

  floor   one bare `ssh HOST true` per host, C at a time, through the relay;
  suite   the diagnosis suite end to end (probe, checks, summary.json) with
          --max-connections=C, over --transport (ssh: an OpenSSH process per host,
          the default; asyncssh: in-process, every host in one event loop).

and prints wall seconds, ms per host, suite/floor, the suite's peak RSS, the
relay's CPU (utime+stime from /proc/PID/stat around each run: what simulating
the distance cost this machine's cores), the runner's CPU per host (the floor's
ssh clients, or the suite with all it started: what stays on the runner when the
hosts are real and far) and the machine's busy share (from
/proc/stat: all runs share the two cores with the lab's hosts, so a run that
keeps them busy is bound by CPU, not by the round trips). JSON at the end.
Nothing is asserted: read the figures.

With --latency-ms 0 there is no relay: the same measurement on the near lab.

Run as root from the repo root, under the lab lock (it does not take the lock
itself, so that flock around it does not deadlock it):

    flock /tmp/ltd-lab.lock .venv/bin/python bench/latency_bench.py --hosts 500
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from measure import floor_command, run_measured  # noqa: E402  (bench/, the script's own folder)

from lab import Lab  # noqa: E402  (after the path fix, so the bench runs from a checkout)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds of the relay and of this process's finished children (the runner:
    the floor's ssh clients, or the suite and everything it started) so far, and the
    machine's busy and total jiffies."""

    relay_s: float
    runner_s: float
    machine_busy: int
    machine_total: int


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=500, help="lab size (default 500)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=50.0,
        help="round trip the relay adds (default 50; 0: no relay, the near lab)",
    )
    parser.add_argument(
        "--concurrency",
        default="16,32,64,128",
        help="comma-separated values of C, measured in this order (default 16,32,64,128)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="floor+suite pairs per C (default 1)")
    parser.add_argument(
        "--transport",
        choices=("ssh", "asyncssh"),
        default="ssh",
        help="the suite's SSH transport (default ssh, the suite's default)",
    )
    parser.add_argument("--workdir", default="/tmp/ltd-lat-bench")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.concurrency.split(",") if c.strip()]
    if not concurrencies or min(concurrencies) < 1 or args.rounds < 1 or args.hosts < 1:
        parser.error("--concurrency, --rounds and --hosts must be positive")
    if os.geteuid() != 0:
        print("bench: the lab needs root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ltd-lat-bench-") as scratch:
        return _bench(args, concurrencies, Path(scratch))


def _bench(args: argparse.Namespace, concurrencies: list[int], scratch: Path) -> int:
    scenario = scratch / "bench.yaml"
    hosts = "\n".join(f"  - name: h{i}" for i in range(1, args.hosts + 1))
    # The scenario fleet_bench.py uses: N healthy hosts in one machine group.
    scenario.write_text(
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        'account_ids: ["1234567890123456"]\nmachine_groups: [{name: web-servers}]\n'
        f"hosts:\n{hosts}\n"
    )
    started = time.monotonic()
    lab = Lab.up(scenario, Path(args.workdir), latency_ms=args.latency_ms)
    print(
        f"lab: {args.hosts} hosts up in {time.monotonic() - started:.1f} s, "
        f"{args.latency_ms:g} ms round trip"
        + (f" (relay pid {lab.relay_pid})" if lab.relay_pid else " (no relay)"),
        flush=True,
    )
    try:
        targets = lab.targets_file
        if args.transport == "asyncssh":  # the same hosts as asyncssh:// specs
            targets = scratch / "targets-asyncssh.yaml"
            targets.write_text(lab.targets_file.read_text().replace("ssh://", "asyncssh://"))
        rows = [_measure_at(lab, targets, c, args.rounds, scratch) for c in concurrencies]
    finally:
        lab.down()
    _print_table(rows)
    print(
        json.dumps(
            {
                "hosts": args.hosts,
                "transport": args.transport,
                "latency_ms": args.latency_ms,
                "rounds": args.rounds,
                "by_c": rows,
            },
            indent=2,
        )
    )
    return 0


def _measure_at(
    lab: Lab, targets: Path, concurrency: int, rounds: int, scratch: Path
) -> dict[str, object]:
    n = len(lab.hosts)
    summary_file = scratch / f"summary-{concurrency}.json"
    suite_cmd = [
        sys.executable,
        "-m",
        "pytest",
        f"--targets={targets}",
        f"--ssh-config={lab.ssh_config}",
        f"--summary-json={summary_file}",
        "-q",
        "--tb=no",
        f"--max-connections={concurrency}",
    ]
    floors: list[float] = []
    suites: list[float] = []
    rss_kib: list[int] = []
    relay_floor: list[float] = []
    relay_suite: list[float] = []
    runner_floor: list[float] = []
    runner_suite: list[float] = []
    busy_floor: list[float] = []
    busy_suite: list[float] = []
    probe_s: list[float] = []
    for round_no in range(1, rounds + 1):
        before = _cpu_sample(lab)
        floor_s, _ = run_measured(floor_command(lab, concurrency, scratch), REPO)
        floors.append(floor_s)
        between = _cpu_sample(lab)
        suite_s, suite_rss = run_measured(suite_cmd, REPO, exit_codes=(0, 1))
        after = _cpu_sample(lab)
        suites.append(suite_s)
        rss_kib.append(suite_rss)
        relay_floor.append(between.relay_s - before.relay_s)
        relay_suite.append(after.relay_s - between.relay_s)
        runner_floor.append(between.runner_s - before.runner_s)
        runner_suite.append(after.runner_s - between.runner_s)
        busy_floor.append(_busy_share(before, between))
        busy_suite.append(_busy_share(between, after))
        summary = json.loads(summary_file.read_text())
        if summary["counts"]["healthy"] != n:
            raise SystemExit(
                f"bench: C={concurrency}: only {summary['counts']} of {n} healthy; "
                + "; ".join(_not_healthy(summary)[:5])
            )
        probe = summary["run"].get("probe")
        if isinstance(probe, dict) and isinstance(probe.get("seconds"), int | float):
            probe_s.append(float(probe["seconds"]))
        print(
            f"C={concurrency} round {round_no}: floor {floors[-1]:.1f} s, "
            f"suite {suites[-1]:.1f} s, b/a {suites[-1] / floors[-1]:.2f}, "
            f"RSS {suite_rss / 1024:.0f} MiB, relay CPU {relay_floor[-1]:.1f} + "
            f"{relay_suite[-1]:.1f} s, "
            f"runner CPU {runner_floor[-1]:.1f} / {runner_suite[-1]:.1f} s, "
            f"machine busy {busy_floor[-1]:.0%} / {busy_suite[-1]:.0%}",
            flush=True,
        )
    floor = statistics.median(floors)
    suite = statistics.median(suites)
    return {
        "concurrency": concurrency,
        "floor_s": round(floor, 2),
        "suite_s": round(suite, 2),
        "floor_s_each": [round(x, 2) for x in floors],
        "suite_s_each": [round(x, 2) for x in suites],
        "floor_per_host_ms": round(1000 * floor / n, 1),
        "suite_per_host_ms": round(1000 * suite / n, 1),
        "ratio_suite_over_floor": round(
            statistics.median(b / a for a, b in zip(floors, suites, strict=True)), 2
        ),
        "suite_peak_rss_mib": round(max(rss_kib) / 1024, 1),
        "suite_probe_s": round(statistics.median(probe_s), 2) if probe_s else None,
        "relay_cpu_s_floor": round(statistics.median(relay_floor), 2),
        "relay_cpu_s_suite": round(statistics.median(relay_suite), 2),
        "runner_cpu_ms_per_host_floor": round(1000 * statistics.median(runner_floor) / n, 1),
        "runner_cpu_ms_per_host_suite": round(1000 * statistics.median(runner_suite) / n, 1),
        "machine_busy_floor": round(statistics.median(busy_floor), 3),
        "machine_busy_suite": round(statistics.median(busy_suite), 3),
    }


def _not_healthy(summary: dict[str, Any]) -> list[str]:
    """One line per host that did not come out healthy: its root cause's message."""
    lines = []
    for host_id, host in summary["hosts"].items():
        if host["status"] != "healthy":
            cause = host["checks"].get(host["root_cause"] or "", {})
            lines.append(f"{host_id}: {host['root_cause']}: {cause.get('message', '')[:160]}")
    return lines


def _print_table(rows: list[dict[str, object]]) -> None:
    print(
        "| C | floor | suite | suite/floor | suite peak RSS | relay CPU (floor, suite) "
        "| runner CPU per host (floor, suite) | machine busy (floor, suite) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['concurrency']} | {r['floor_per_host_ms']} ms/host ({r['floor_s']} s) "
            f"| {r['suite_per_host_ms']} ms/host ({r['suite_s']} s) "
            f"| {r['ratio_suite_over_floor']} | {r['suite_peak_rss_mib']} MiB "
            f"| {r['relay_cpu_s_floor']} s, {r['relay_cpu_s_suite']} s "
            f"| {r['runner_cpu_ms_per_host_floor']} ms, {r['runner_cpu_ms_per_host_suite']} ms "
            f"| {r['machine_busy_floor']:.0%}, {r['machine_busy_suite']:.0%} |",
            flush=True,
        )


def _cpu_sample(lab: Lab) -> CpuSample:
    relay_s = 0.0
    pid = lab.relay_pid
    if pid is not None:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
        fields = raw[raw.rfind(b")") + 2 :].split()
        # utime and stime are fields 14 and 15 of stat; fields[0] here is field 3
        relay_s = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    jiffies = [int(x) for x in cpu[:8]]  # user nice system idle iowait irq softirq steal
    idle = jiffies[3] + jiffies[4]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSample(
        relay_s, children.ru_utime + children.ru_stime, sum(jiffies) - idle, sum(jiffies)
    )


def _busy_share(before: CpuSample, after: CpuSample) -> float:
    total = after.machine_total - before.machine_total
    return (after.machine_busy - before.machine_busy) / total if total > 0 else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
