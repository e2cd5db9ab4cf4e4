"""What the benchmarks share: running one child process and measuring it."""

from __future__ import annotations

import os
import select
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lab import Lab

# No benchmark child should take an hour: past this it is stuck, not slow.
TIMEOUT_S = 3600.0


def run_measured(
    command: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    exit_codes: Collection[int] = (0,),
    preexec: Callable[[], None] | None = None,
    timeout_s: float = TIMEOUT_S,
) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process.

    Any exit code outside exit_codes ends the benchmark (SystemExit) with the
    command's start and the end of its stderr: a figure from a broken run would mislead.
    preexec runs in the child between fork and exec (for example to put the child
    into a cgroup, so that nothing it starts escapes the group). The child's stdin
    is /dev/null: an ssh client started under it must not read the terminal. A
    child still running after timeout_s is killed and ends the benchmark too.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        # preexec_fn is unsafe only in a process with other threads; the benchmarks
        # that pass it start none.
        child = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            preexec_fn=preexec,  # noqa: PLW1509
        )
        _wait_bounded(child.pid, timeout_s, command)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in exit_codes:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"bench: {shlex.join(command[:6])} ... exited {code}: {text}")
    return elapsed, usage.ru_maxrss


def _wait_bounded(pid: int, timeout_s: float, command: list[str]) -> None:
    """Block until pid exits (without reaping it, so wait4 still gets its rusage)."""
    # A pidfd turns readable when the process exits: a bounded wait with no polling
    # loop, so the wall time measured is not rounded up to a polling interval.
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout_s)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            raise SystemExit(
                f"bench: {shlex.join(command[:6])} ... still running after "
                f"{timeout_s:.0f} s, killed"
            )
    finally:
        os.close(pidfd)


def floor_command(lab: Lab, concurrency: int, scratch: Path) -> list[str]:
    """The floor, one bare `ssh HOST true` per lab host, as one child command.

    One process tree like the suite's pytest, so that run_measured times it and a
    cgroup can hold all of it: xargs runs the ssh clients concurrency at a time and
    exits 123 if any host refused, which ends the benchmark (a floor with hosts
    missing would flatter).
    """
    targets = scratch / "floor-targets"
    targets.write_text("".join(f"root@{h.ip}\n" for h in lab.hosts))
    return [
        "xargs",
        "-a",
        str(targets),
        "-P",
        str(concurrency),
        "-I",
        "{}",
        "ssh",
        "-F",
        str(lab.ssh_config),
        "{}",
        "true",
    ]
