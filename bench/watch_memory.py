"""Benchmark: the memory of `logtail-doctor watch` over many cycles on a lab fleet.

Builds a lab (default lab/scenarios/demo.yaml: 17 hosts, one per fault
class), starts `logtail-doctor watch --interval 1s` on it (loopback, a random
port, reports in a temporary folder), and after each completed cycle (the
watch's own logtail_doctor_watch_runs_total, read from its /metrics) reads
the watch process's resident set (VmRSS of /proc/PID/status) and scrapes
/metrics once more, as Prometheus would. Prints one line per cycle and the
growth from the first cycle to the last, as a ratio within this run.
Each run is a fresh process (the diagnosis), so only the watch's own
memory is measured: the state it keeps and its HTTP server.

Run as root from the repo root:

    flock /tmp/ltd-lab.lock .venv/bin/python bench/watch_memory.py --cycles 25
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lab import Lab  # noqa: E402  (after the path fix, so the bench runs from a checkout)

RUNS = re.compile(rb'^logtail_doctor_watch_runs_total\{result="(\w+)"\} ([\d.]+)$', re.M)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def scrape(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        body: bytes = response.read()
        return body


def runs(body: bytes) -> dict[str, int]:
    return {m.group(1).decode(): int(float(m.group(2))) for m in RUNS.finditer(body)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=Path, default=REPO / "lab/scenarios/demo.yaml")
    parser.add_argument("--cycles", type=int, default=25)
    parser.add_argument("--timeout", type=float, default=600, help="bound on the whole run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ltd-watchmem-", dir="/tmp") as name:
        work = Path(name)
        with Lab.up(args.scenario, work / "lab") as lab:
            return measure(lab, work, args.cycles, args.timeout)


def measure(lab: Lab, work: Path, cycles: int, timeout: float) -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = work / "watch"
    out.mkdir()
    log = (work / "watch.log").open("wb")
    watch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "logtail_doctor.cli",
            "watch",
            "--interval=1s",
            "--run-timeout=120s",
            f"--listen=127.0.0.1:{port}",
            f"--targets={lab.targets_file}",
            f"--ssh-config={lab.ssh_config}",
            "--connect-timeout=5",
            "-q",
            "--tb=no",
        ],
        cwd=out,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")},
    )
    log.close()
    url = f"http://127.0.0.1:{port}/metrics"
    deadline = time.monotonic() + timeout
    figures: list[tuple[int, int, int]] = []  # cycle, VmRSS KiB, /metrics bytes
    seen = 0
    try:
        while seen < cycles and time.monotonic() < deadline:
            time.sleep(0.1)
            if watch.poll() is not None:
                print(f"watch exited {watch.returncode}: {(work / 'watch.log').read_text()}")
                return 1
            try:
                body = scrape(url)
            except OSError:
                continue
            done = sum(runs(body).values())
            if done > seen:
                seen = done
                figures.append((done, rss_kib(watch.pid), len(body)))
                counts = runs(body)
                print(
                    f"cycle {done:3d}: VmRSS {figures[-1][1]:7d} KiB, /metrics {len(body)} bytes, "
                    f"runs {counts}",
                    flush=True,
                )
    finally:
        watch.send_signal(signal.SIGTERM)
        try:
            watch.wait(timeout=30)
        except subprocess.TimeoutExpired:
            watch.kill()
            watch.wait(timeout=10)
    if len(figures) < 2:
        print("fewer than 2 cycles measured")
        return 1
    first, last = figures[0][1], figures[-1][1]
    highest = max(f[1] for f in figures)
    later = [f[1] for f in figures[len(figures) // 2 :]]
    print(
        f"\n{len(figures)} cycles on {len(lab.hosts)} hosts: VmRSS first {first} KiB, "
        f"last {last} KiB (x{last / first:.3f}), highest {highest} KiB (x{highest / first:.3f}); "
        f"second half {min(later)}..{max(later)} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
