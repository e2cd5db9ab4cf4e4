"""What the benchmarks share: running one child process and measuring it."""

from __future__ import annotations

import concurrent.futures
import os
import shlex
import subprocess
import tempfile
import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lab import Lab


def run_measured(
    command: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    exit_codes: Collection[int] = (0,),
) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process.

    Any exit code outside exit_codes ends the benchmark (SystemExit) with the
    command's start and the end of its stderr: a figure from a broken run would mislead.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        child = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in exit_codes:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"bench: {shlex.join(command[:6])} ... exited {code}: {text}")
    return elapsed, usage.ru_maxrss


def ssh_true_all(lab: Lab, concurrency: int) -> None:
    """The floor: one bare `ssh HOST true` per lab host, concurrency at a time.

    Any host that refuses ends the benchmark: a floor with hosts missing would flatter.
    """

    def one(ip: str) -> int:
        return subprocess.run(
            ["ssh", "-F", str(lab.ssh_config), f"root@{ip}", "true"],
            capture_output=True,
            timeout=60,
            check=False,
        ).returncode

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        codes = list(pool.map(one, [h.ip for h in lab.hosts]))
    if any(codes):
        raise SystemExit(f"bench: floor: {sum(1 for c in codes if c)} hosts refused ssh")
