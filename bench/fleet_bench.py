"""Benchmark: what the suite costs per host, measured against baselines in the same run.

Builds a lab of N healthy hosts, then measures, one after the other:

  floor   one bare `ssh HOST true` per host, with the suite's concurrency: the least any
          SSH-based tool can pay;
  suite   the diagnosis suite end to end (probe, checks, summary.json, junit.xml, HTML),
          at its default concurrency, and once more one host at a time;
  async   the same suite over the in-process asyncssh transport (asyncssh:// hosts,
          issue 34), in the same rounds (--transports ssh leaves it out);
  naive   the same facts gathered the usual testinfra way (one testinfra call per fact,
          one test per check, testinfra's sequential default) on a subset of the hosts.

and prints wall seconds, cost per host, the ratios suite/floor (b/a) and naive/suite
(c/b: per host, both sequential, so concurrency does not flatter either side) and the
suite's peak RSS. Floor and suite are measured --rounds times, alternating, and each
round's b/a (and async/a) comes from a floor and a suite run back to back: on a machine shared with
other work the median of those pairs is far steadier than one pair. No figure is
asserted anywhere: read the ratios.

For floor and suite it also accounts each cost on its own, per host (medians over the
rounds; see tree_cost.py):

  runner CPU   the runner's process tree: the floor runs as one child command
               (`xargs -P C` of `ssh HOST true`) like the suite's pytest, and the child
               puts itself into a cgroup before it execs, so every ssh client is counted;
  host CPU     every process of every lab host (all processes in the hosts' PID
               namespaces, sshd included, moved into one cgroup after the lab is up;
               every session they serve is born there);
  SLS CPU      the SLS stand-in (every process in its network namespace), its own cgroup;
  processes    processes created on the hosts (every fork, subshells and pipes'
               sides included, so more than the programs started: bench/probe_cost.py
               counts those, execve by execve): each host's ns_last_pid, read inside
               its PID namespace before and after the run, outside the timed part;
  bytes        received and sent by the hosts' interfaces (/proc/<sshd>/net/dev, lo
               excluded), ssh and the probe's own requests to the stand-in alike.

and the suite's figures beyond the floor. Every cgroup made is removed at the end.

Run as root from the repo root:  .venv/bin/python bench/fleet_bench.py --hosts 200
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cgroups import CpuGroup  # noqa: E402  (bench/, the script's own folder)
from measure import floor_command, run_measured  # noqa: E402
from tree_cost import Counters, beyond, median_per_host, per_host  # noqa: E402

from lab import Lab  # noqa: E402  (after the path fix, so the bench runs from a checkout)
from lab.network import SLS_NETNS  # noqa: E402

LOCK = Path("/tmp/ltd-lab.lock")
# The cgroups' names carry the bench's PID: two benches never share one.
GROUP_PREFIX = f"ltd-fleet-bench-{os.getpid()}"
# sshd ends a session (and accounts its CPU) a moment after the client returns.
SETTLE_S = 0.3

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
    parser.add_argument(
        "--transports",
        default="ssh,asyncssh",
        help="the suite's transports measured each round (default ssh,asyncssh)",
    )
    parser.add_argument(
        "--asyncssh-concurrency",
        type=int,
        default=None,
        help="--max-connections for the asyncssh suite (default: --concurrency)",
    )
    parser.add_argument(
        "--naive-hosts-off", action="store_true", help="skip the sequential and naive runs"
    )
    parser.add_argument("--workdir", default="/tmp/ltd-bench")
    args = parser.parse_args()
    args.transports = [t.strip() for t in args.transports.split(",") if t.strip()]
    if not set(args.transports) <= {"ssh", "asyncssh"} or "ssh" not in args.transports:
        parser.error("--transports: ssh, or ssh,asyncssh")
    if os.geteuid() != 0:
        print("bench: the lab needs root", file=sys.stderr)
        return 2
    with LOCK.open("w") as lock:
        _wait_for_lock(lock, seconds=1800)
        return _bench(args)


def _wait_for_lock(lock: object, seconds: float) -> None:
    """Block until the lab lock is ours, at most seconds.

    A blocking flock, not polling: on a machine shared with other agents, a poll
    every second lost the lock each time to the `flock` commands waiting on it.
    """

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(seconds))
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # type: ignore[arg-type]
    except TimeoutError:
        raise SystemExit("bench: another lab held /tmp/ltd-lab.lock too long") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


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
        trees = _Trees(lab)
        try:
            results = _measure(lab, trees, args, scratch)
        finally:
            trees.remove()
    finally:
        lab.down()
    print(json.dumps(results, indent=2))
    return 0


class _Trees:
    """The three process trees, each in a cgroup of its own, and the hosts' counters."""

    def __init__(self, lab: Lab) -> None:
        self.groups: dict[str, CpuGroup] = {}
        # Recorded once: host name -> its sshd (PID 1 of its namespaces, in ours).
        self.sshd = {h.name: lab.host_pid(h.name) for h in lab.hosts}
        try:
            for tree in ("runner", "hosts", "sls"):
                self.groups[tree] = CpuGroup(f"{GROUP_PREFIX}-{tree}")
            host_namespaces = {_namespace(pid, "pid") for pid in self.sshd.values()}
            moved = _move_all(
                self.groups["hosts"], lambda pid: _namespace(pid, "pid"), host_namespaces
            )
            if moved < len(self.sshd):
                raise SystemExit(f"bench: found {moved} host processes for {len(self.sshd)} hosts")
            sls = Path("/run/netns", SLS_NETNS).stat()
            if not _move_all(
                self.groups["sls"], lambda pid: _namespace(pid, "net"), {(sls.st_dev, sls.st_ino)}
            ):
                raise SystemExit(f"bench: no process in the SLS stand-in's netns {SLS_NETNS}")
        except BaseException:
            self.remove()
            raise

    def join_runner(self) -> None:
        """Run in the runner's child before exec: it and all it starts count as runner."""
        self.groups["runner"].add(os.getpid())

    def read(self) -> Counters:
        cpu = {tree: group.cpu_ns() for tree, group in self.groups.items()}
        net_dev = {
            name: Path(f"/proc/{pid}/net/dev").read_text() for name, pid in self.sshd.items()
        }
        return Counters.read(
            cpu, net_dev, {name: self._last_pid(pid) for name, pid in self.sshd.items()}
        )

    def _last_pid(self, sshd: int) -> int:
        # nsenter -p forks its child into the host's PID namespace: that child (cat)
        # reads the namespace's own counter, and took one PID there (tree_cost.READER_PIDS).
        done = subprocess.run(
            ["nsenter", "-t", str(sshd), "-p", "cat", "/proc/sys/kernel/ns_last_pid"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return int(done.stdout)

    def remove(self) -> None:
        for group in self.groups.values():
            with contextlib.suppress(OSError):
                group.remove()


def _namespace(pid: int, kind: str) -> tuple[int, int]:
    """Identity of a process's namespace of one kind: device and inode of its nsfs file."""
    stat = Path(f"/proc/{pid}/ns/{kind}").stat()
    return stat.st_dev, stat.st_ino


def _move_all(
    group: CpuGroup, namespace_of: Callable[[int], tuple[int, int]], wanted: set[tuple[int, int]]
) -> int:
    """Move every process whose namespace is one of wanted into group; how many there are.

    Scans /proc again until a scan finds nothing new (a process forked during a
    scan by one not yet moved would be missed), at most 5 times: the lab is idle.
    """
    inside: set[int] = set()
    for _ in range(5):
        new = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in inside:
                continue
            pid = int(entry.name)
            try:
                if namespace_of(pid) not in wanted:
                    continue
            except OSError:
                continue  # ended meanwhile, or not ours to inspect (this machine's init)
            try:
                group.add(pid)
            except (FileNotFoundError, ProcessLookupError):
                continue  # ended meanwhile
            inside.add(pid)
            new += 1
        if not new:
            return len(inside)
    raise SystemExit("bench: processes kept appearing in the lab while moving them into cgroups")


def _measure(lab: Lab, trees: _Trees, args: argparse.Namespace, scratch: Path) -> dict[str, object]:
    n = len(lab.hosts)
    out = scratch / "out"
    out.mkdir()
    floor_cmd = floor_command(lab, args.concurrency, scratch)

    suite_cmd = _suite_command(lab, out)
    floors: list[float] = []
    suites: list[float] = []
    rss: list[int] = []
    floor_costs: list[dict[str, float]] = []
    suite_costs: list[dict[str, float]] = []
    async_runs: list[tuple[float, int, dict[str, float]]] = []
    async_cmd = _asyncssh_command(suite_cmd, lab, scratch)
    async_c = args.asyncssh_concurrency or args.concurrency
    for round_no in range(1, args.rounds + 1):
        before = trees.read()
        floor_s, _ = run_measured(floor_cmd, REPO, preexec=trees.join_runner)
        floors.append(floor_s)
        time.sleep(SETTLE_S)
        between = trees.read()
        suite_s, suite_rss = run_measured(
            [*suite_cmd, f"--max-connections={args.concurrency}"],
            REPO,
            exit_codes=(0, 1),
            preexec=trees.join_runner,
        )
        suites.append(suite_s)
        rss.append(suite_rss)
        time.sleep(SETTLE_S)
        after = trees.read()
        floor_costs.append(per_host(before, between))
        suite_costs.append(per_host(between, after))
        print(f"round {round_no}: per host, floor {floor_costs[-1]}", flush=True)
        print(f"round {round_no}: per host, suite {suite_costs[-1]}", flush=True)
        _check_healthy(out, n, "suite")
        if "asyncssh" in args.transports:
            async_runs.append(
                _measure_asyncssh([*async_cmd, f"--max-connections={async_c}"], trees, after)
            )
            print(f"round {round_no}: per host, async {async_runs[-1][2]}", flush=True)
            _check_healthy(out, n, "asyncssh suite")
        print(
            f"round {round_no}: floor {floors[-1]:.1f} s, suite {suites[-1]:.1f} s, "
            f"b/a {suites[-1] / floors[-1]:.2f}"
            + (
                f", async {async_runs[-1][0]:.1f} s, async/a {async_runs[-1][0] / floors[-1]:.2f}"
                if async_runs
                else ""
            ),
            flush=True,
        )
    pair_ratios = [b / a for a, b in zip(floors, suites, strict=True)]
    floor = statistics.median(floors)
    suite_s = statistics.median(suites)
    healthy = n

    subset = lab.hosts[: args.naive_hosts]
    floor_cost = median_per_host(floor_costs)
    suite_cost = median_per_host(suite_costs)
    async_cost = median_per_host([r[2] for r in async_runs]) if async_runs else None
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
        "per_host_floor": floor_cost,
        "per_host_suite": suite_cost,
        "per_host_suite_beyond_floor": beyond(suite_cost, floor_cost),
        "per_host_floor_each": floor_costs,
        "per_host_suite_each": suite_costs,
    }
    print(
        f"{n} hosts: b/a = {results['ratio_suite_over_floor']} (target <= 1.5), "
        f"peak RSS {results['suite_peak_rss_mib']} MiB, "
        f"suite {results['suite_per_host_ms']} ms/host, "
        f"floor {results['floor_per_host_ms']} ms/host",
        flush=True,
    )
    if async_cost is not None:
        results |= _asyncssh_figures(
            n,
            concurrency=async_c,
            floors=floors,
            measured=(
                [r[0] for r in async_runs],
                [r[1] for r in async_runs],
                [r[2] for r in async_runs],
            ),
            floor_cost=floor_cost,
            suite_cost=suite_cost,
        )
    _print_costs(floor_cost, suite_cost, async_cost)
    if not args.naive_hosts_off:
        results |= _sequential_and_naive(lab, subset, suite_cmd, scratch)
    return results


def _measure_asyncssh(
    command: list[str], trees: _Trees, before: Counters
) -> tuple[float, int, dict[str, float]]:
    """Wall seconds, peak RSS and per-host costs of one asyncssh suite run."""
    seconds, rss = run_measured(command, REPO, exit_codes=(0, 1), preexec=trees.join_runner)
    time.sleep(SETTLE_S)
    return seconds, rss, per_host(before, trees.read())


def _suite_command(lab: Lab, out: Path) -> list[str]:
    """The diagnosis suite over the lab, every report written into out."""
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
    return suite_cmd


def _asyncssh_figures(
    n: int,
    *,
    concurrency: int,
    floors: list[float],
    measured: tuple[list[float], list[int], list[dict[str, float]]],
    floor_cost: dict[str, float],
    suite_cost: dict[str, float],
) -> dict[str, object]:
    """The asyncssh suite's figures, each against the floor (and the host CPU against the
    default transport's suite) of the same rounds; printed with their targets."""
    asyncs, async_rss, async_costs = measured
    async_cost = median_per_host(async_costs)
    async_ratios = [b / a for a, b in zip(floors, asyncs, strict=True)]
    results: dict[str, object] = {
        "asyncssh_concurrency": concurrency,
        "asyncssh_s": round(statistics.median(asyncs), 2),
        "asyncssh_s_each": [round(x, 2) for x in asyncs],
        "asyncssh_peak_rss_mib": round(max(async_rss) / 1024, 1),
        "asyncssh_per_host_ms": round(1000 * statistics.median(asyncs) / n, 1),
        "ratio_asyncssh_over_floor": round(statistics.median(async_ratios), 2),
        "ratio_asyncssh_over_floor_each": [round(r, 2) for r in async_ratios],
        "per_host_asyncssh": async_cost,
        "per_host_asyncssh_each": async_costs,
        "ratio_asyncssh_runner_cpu_over_floor": _ratio(
            async_cost["runner_cpu_ms"], floor_cost["runner_cpu_ms"]
        ),
        "ratio_asyncssh_host_cpu_over_suite": _ratio(
            async_cost["host_cpu_ms"], suite_cost["host_cpu_ms"]
        ),
    }
    print(
        f"{n} hosts: asyncssh/floor wall = {results['ratio_asyncssh_over_floor']} "
        "(target <= 1.0), runner CPU asyncssh/floor = "
        f"{results['ratio_asyncssh_runner_cpu_over_floor']} (target <= 0.3), host CPU "
        f"asyncssh/suite = {results['ratio_asyncssh_host_cpu_over_suite']} (target <= 1.0), "
        f"asyncssh {results['asyncssh_per_host_ms']} ms/host, "
        f"peak RSS {results['asyncssh_peak_rss_mib']} MiB",
        flush=True,
    )
    return results


def _sequential_and_naive(
    lab: Lab, subset: list[Any], suite_cmd: list[str], scratch: Path
) -> dict[str, object]:
    """The suite one host at a time, and the naive suite, on the same subset (c/b)."""
    m = len(subset)
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
    results: dict[str, object] = {
        "sequential_subset_hosts": m,
        "suite_sequential_per_host_ms": round(1000 * seq_s / m, 1),
        "naive_sequential_per_host_ms": round(1000 * naive_s / m, 1),
        "ratio_naive_over_suite_per_host": round(naive_s / seq_s, 2),
    }
    print(
        f"c/b = {results['ratio_naive_over_suite_per_host']} (target >= 5)",
        flush=True,
    )
    return results


_COST_LABELS = {
    "runner_cpu_ms": "runner CPU ms",
    "host_cpu_ms": "host CPU ms",
    "sls_cpu_ms": "SLS CPU ms",
    "processes": "processes on host",
    "bytes_in": "bytes into host",
    "bytes_out": "bytes out of host",
}


def _print_costs(
    floor: dict[str, float], suite: dict[str, float], asyncssh: dict[str, float] | None
) -> None:
    """Per host, floor and suite (and the asyncssh suite) side by side, and beyond the floor."""
    extra = beyond(suite, floor)
    head = f"{'per host (median)':<20}{'floor':>12}{'suite':>12}{'beyond':>12}"
    print(head + (f"{'asyncssh':>12}{'beyond':>12}" if asyncssh else ""))
    for key, label in _COST_LABELS.items():
        line = f"{label:<20}{floor[key]:>12}{suite[key]:>12}{extra[key]:>12}"
        if asyncssh:
            line += f"{asyncssh[key]:>12}{beyond(asyncssh, floor)[key]:>12}"
        print(line, flush=True)


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def _check_healthy(out: Path, n: int, what: str) -> None:
    """A figure from a run that did not judge every host healthy would mislead."""
    summary = json.loads((out / "summary.json").read_text())
    if summary["counts"]["healthy"] != n:
        raise SystemExit(f"bench: {what}: only {summary['counts']} of {n} hosts healthy")


def _asyncssh_command(suite_cmd: list[str], lab: Lab, scratch: Path) -> list[str]:
    """The suite's command over asyncssh: the lab's targets file with asyncssh:// hosts."""
    targets = scratch / "targets-asyncssh.yaml"
    text = lab.targets_file.read_text()
    targets.write_text(text.replace("ssh://", "asyncssh://"))
    return [f"--targets={targets}" if a.startswith("--targets=") else a for a in suite_cmd]


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


if __name__ == "__main__":
    raise SystemExit(main())
