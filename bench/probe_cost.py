"""Benchmark: what the Linux probe costs on a lab host, beyond a bare `ssh HOST true`.

Builds a lab (default lab/scenarios/smoke.yaml), and for each host with an
sshd measures, through real ssh exactly as the suite runs the probe
(`sh -c SCRIPT` with LTD_STEP and a fresh LTD_NONCE before it):

  program starts  successful execve calls on the host, counted by
                  `strace -f -qq -e trace=execve` attached to the host's sshd
                  for one `ssh HOST true` and one probe (a separate pass, so
                  tracing does not weigh on the CPU figures);
  CPU ms          the host's CPU time: its sshd is moved into a cgroup of its
                  own (cgroup v1 cpuacct here, v2 where mounted; see
                  cgroups.py), so every session it serves is accounted there
                  and nothing else is; the median of --runs runs each,
                  `true` and probe alternating;
  bytes           the probe's stdout (the records) and its script, and the
                  bytes the host's network interface received and sent per
                  session (ssh included), from /proc/<sshd>/net/dev.

Every figure is printed for `true` and for the probe, and the probe's "beyond
true". --script adds another probe script to compare in the same run (for
example the previous one: `git show HEAD~1:logtail_doctor/probe/linux.sh >
/tmp/old.sh`, or the copy kept of the probe before issue 33,
bench/baseline/linux-probe-2026-12-06.sh); for each such script a last line per
host gives the ratios, measured side by side in this one run (this machine's
speed moves from day to day, so figures of different runs do not compare):
program starts of the probe and of the script, and the probe's CPU beyond
`ssh HOST true` divided by the script's. Nothing is asserted: read the figures.

Run as root from the repo root:

    flock /tmp/ltd-lab.lock .venv/bin/python bench/probe_cost.py \
        --script bench/baseline/linux-probe-2026-12-06.sh
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import secrets
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cgroups import CpuGroup  # noqa: E402  (bench/, the script's own folder)
from tree_cost import net_dev_bytes  # noqa: E402

from lab import Lab  # noqa: E402  (after the path fix, so the bench runs from a checkout)
from logtail_doctor.probe import linux_probe_script  # noqa: E402

# The suite's own bound per slow step at its default --command-timeout (60 s / 8).
STEP = 7


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "lab" / "scenarios" / "smoke.yaml"))
    parser.add_argument("--runs", type=int, default=20, help="runs per command (default 20)")
    parser.add_argument(
        "--script",
        action="append",
        default=[],
        help="another probe script to measure next to the repo's (repeatable)",
    )
    parser.add_argument("--workdir", default="/tmp/ltd-probe-cost")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench: the lab needs root", file=sys.stderr)
        return 2
    # The repo's probe as the runner sends it; other scripts as they are given
    # (the baseline copy of an earlier probe was sent whole, comments and all).
    scripts = {"probe": linux_probe_script()}
    for extra in args.script:
        scripts[Path(extra).name] = Path(extra).read_text(encoding="utf-8")
    # One lab at a time: run it under `flock /tmp/ltd-lab.lock` (it does not
    # take the lock itself, so that flock around it does not deadlock it).
    lab = Lab.up(Path(args.scenario), Path(args.workdir))
    try:
        results = measure_lab(lab, scripts, args.runs)
    finally:
        lab.down()
    print(json.dumps(results, indent=2))
    return 0


def measure_lab(lab: Lab, scripts: dict[str, str], runs: int) -> dict[str, object]:
    results: dict[str, object] = {}
    for host in lab.hosts:
        if not lab.host(host.name).spec.sshd:
            continue
        results[host.name] = per_host = measure_host(lab, host.name, scripts, runs)
        true = per_host["true"]
        for name in scripts:
            figures = per_host[name]
            print(
                f"{host.name}: {name}: {figures['starts']} program starts "
                f"(true {true['starts']}: {figures['starts'] - true['starts']} beyond), "
                f"CPU {figures['cpu_ms']} ms (true {true['cpu_ms']}: "
                f"{round(figures['cpu_ms'] - true['cpu_ms'], 1)} beyond), "
                f"{figures['stdout_bytes']} bytes out, script {figures['script_bytes']} bytes, "
                f"wire {figures['wire_in']}/{figures['wire_out']} bytes in/out "
                f"(true {true['wire_in']}/{true['wire_out']}); "
                f"programs: {figures['programs']}",
                flush=True,
            )
        probe = per_host["probe"]
        for name in scripts:
            if name == "probe":
                continue
            other = per_host[name]
            ratio = cpu_ratio(probe["cpu_ms"], other["cpu_ms"], true["cpu_ms"])
            print(
                f"{host.name}: probe vs {name}: program starts {probe['starts']} vs "
                f"{other['starts']}; CPU beyond `ssh true` "
                f"{round(probe['cpu_ms'] - true['cpu_ms'], 1)} ms vs "
                f"{round(other['cpu_ms'] - true['cpu_ms'], 1)} ms: ratio {ratio}",
                flush=True,
            )
            probe.setdefault("vs", {})[name] = {
                "starts": [probe["starts"], other["starts"]],
                "cpu_beyond_true_ratio": ratio,
            }
    return results


def cpu_ratio(probe_ms: float, other_ms: float, true_ms: float) -> float | None:
    """The probe's CPU beyond `ssh true` over another script's, both from the same run."""
    other_beyond = other_ms - true_ms
    if other_beyond <= 0:
        return None  # within noise of `true`: no ratio to speak of
    return round((probe_ms - true_ms) / other_beyond, 3)


def probe_command(script: str) -> str:
    """The remote command as the suite sends it: `sh -c SCRIPT`, the script framed."""
    framed = f"LTD_STEP={STEP}\nLTD_NONCE={secrets.token_hex(16)}\n{script}"
    return "sh -c " + shlex.quote(framed)


def ssh(lab: Lab, ip: str, command: str) -> bytes:
    done = subprocess.run(
        ["ssh", "-F", str(lab.ssh_config), f"root@{ip}", command],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: ssh {ip} exited {done.returncode}: {done.stderr[-300:]!r}")
    return done.stdout


def wire_bytes(pid: int) -> tuple[int, int]:
    """Bytes received and sent by the host's network interfaces (its netns), lo excluded."""
    return net_dev_bytes(Path(f"/proc/{pid}/net/dev").read_text())


def measure_host(
    lab: Lab, name: str, scripts: dict[str, str], runs: int
) -> dict[str, dict[str, Any]]:
    host = lab.host(name)
    sshd = lab.host_pid(name)
    commands = {"true": "true", **{k: probe_command(v) for k, v in scripts.items()}}
    figures: dict[str, dict[str, Any]] = {}
    for key, command in commands.items():
        programs = traced_programs(lab, host.ip, sshd, command)
        out = ssh(lab, host.ip, command)
        figures[key] = {
            "starts": sum(programs.values()),
            "programs": dict(sorted(programs.items())),
            "stdout_bytes": len(out),
            "script_bytes": len(command),
        }
    group = CpuGroup(f"ltd-probe-cost-{name}")
    try:
        group.add(sshd)
        cpu: dict[str, list[float]] = {key: [] for key in commands}
        wire: dict[str, list[tuple[int, int]]] = {key: [] for key in commands}
        for _ in range(runs):
            for key, command in commands.items():
                before, rx0 = group.cpu_ns(), wire_bytes(sshd)
                ssh(lab, host.ip, command)
                # sshd accounts the session's end a moment after the client returns
                time.sleep(0.05)
                after, rx1 = group.cpu_ns(), wire_bytes(sshd)
                cpu[key].append((after - before) / 1e6)
                wire[key].append((rx1[0] - rx0[0], rx1[1] - rx0[1]))
    finally:
        group.remove()
    for key in commands:
        figures[key]["cpu_ms"] = round(statistics.median(cpu[key]), 1)
        figures[key]["cpu_ms_each"] = [round(x, 1) for x in cpu[key]]
        figures[key]["wire_in"] = int(statistics.median(w[0] for w in wire[key]))
        figures[key]["wire_out"] = int(statistics.median(w[1] for w in wire[key]))
    return figures


def traced_programs(lab: Lab, ip: str, sshd: int, command: str) -> collections.Counter[str]:
    """The programs one ssh session started on the host: successful execve by name."""
    with tempfile.NamedTemporaryFile(prefix="ltd-strace-", suffix=".txt") as trace:
        tracer = subprocess.Popen(
            ["strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.name, "-p", str(sshd)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while _tracer_pid(sshd) == 0:  # attached only once the kernel says so
                if time.monotonic() > deadline or tracer.poll() is not None:
                    raise SystemExit(f"bench: strace could not attach to sshd {sshd}")
                time.sleep(0.02)
            ssh(lab, ip, command)
            time.sleep(0.2)  # the session's last processes end after the client returns
        finally:
            tracer.terminate()
            tracer.wait(timeout=10)
        return count_execs(Path(trace.name).read_text(errors="replace"))


def count_execs(trace: str) -> collections.Counter[str]:
    """Successful execve calls in `strace -f` output, by program name.

    With -f, a call that another process interrupts is split in two lines,
    "PID execve("path", ... <unfinished ...>" and "PID <... execve resumed>) = 0".
    """
    programs: collections.Counter[str] = collections.Counter()
    pending: dict[str, str] = {}
    for line in trace.splitlines():
        pid = line.split(" ", 1)[0]
        if 'execve("' in line:
            path = line.split('execve("', 1)[1].split('"', 1)[0]
            if line.rstrip().endswith("<unfinished ...>"):
                pending[pid] = path
                continue
        elif "<... execve resumed>" in line:
            path = pending.pop(pid, "")
        else:
            continue
        if path and line.rstrip().endswith("= 0"):
            programs[path.rsplit("/", 1)[-1]] += 1
    return programs


def _tracer_pid(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("TracerPid:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
