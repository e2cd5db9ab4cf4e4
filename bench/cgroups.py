"""CPU accounting per process tree for the benchmarks: one cgroup per tree.

A process moved into a cgroup takes every child it starts afterwards with
it, so moving a lab host's init (its sshd, PID 1 of the host's namespaces)
accounts every ssh session the host serves, and running the runner's command
in a cgroup of its own accounts the runner and all its ssh clients. This
kernel mounts cgroup v1, whose ``cpuacct`` controller counts CPU
nanoseconds (``cpuacct.usage``); where the unified v2 hierarchy is mounted
instead, ``cpu.stat``'s ``usage_usec`` is used. Each group is removed again
by ``remove`` (its processes go back to the root group first).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

_ROOT = Path("/sys/fs/cgroup")
_V1 = _ROOT / "cpuacct"


class CpuGroup:
    """One cgroup that counts the CPU time of the processes put into it."""

    def __init__(self, name: str) -> None:
        self.v2 = not _V1.is_dir() and (_ROOT / "cgroup.controllers").exists()
        if not self.v2 and not _V1.is_dir():
            raise SystemExit("bench: no cgroup cpuacct (v1) or cgroup v2 hierarchy mounted")
        self.path = (_ROOT if self.v2 else _V1) / name
        self.path.mkdir(parents=True, exist_ok=True)

    def add(self, pid: int) -> None:
        """Move pid into the group; its children from now on are born there."""
        (self.path / "cgroup.procs").write_text(f"{pid}\n")

    def cpu_ns(self) -> int:
        """CPU time (user + system) of everything that ran in the group so far."""
        if self.v2:
            for line in (self.path / "cpu.stat").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "usage_usec":
                    return int(value) * 1000
            raise SystemExit(f"bench: no usage_usec in {self.path / 'cpu.stat'}")
        return int((self.path / "cpuacct.usage").read_text())

    def remove(self) -> None:
        """Move the group's processes back to the root group and delete it (bounded)."""
        root = self.path.parent
        for _ in range(50):
            with contextlib.suppress(OSError):
                for pid in (self.path / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        (root / "cgroup.procs").write_text(f"{pid}\n")
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)  # a process still exiting: the group is busy a moment
