"""Tearing the lab down: its processes (by PID and start time), network and work dir.

Works from the state file, or, when the work dir is gone, from what the
kernel still holds under the lab's names.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import time
from pathlib import Path
from typing import Final

from lab.containers import leftover_containers, remove_containers
from lab.errors import LabError
from lab.network import (
    HOST_NETNS_PREFIX,
    RULES,
    SLS_NETNS,
    SLS_VETH,
    remove_network,
    restore_sysctls,
)
from lab.state import STATE_FILE, LabState
from lab.system import ip_batch, netns_exists, reap, start_time

TERM_WAIT: Final = 5.0
KILL_WAIT: Final = 3.0

# Names the lab creates inside the work dir; teardown removes exactly these.
WORKDIR_ENTRIES: Final = (
    "h",
    "kube",
    "bin",
    "keys",
    "tls",
    "targets.yaml",
    "ssh_config",
    "sls.log",
    "relay.json",
    "relay-ports.json",
    "relay-ports.json.tmp",
    "relay.log",
    STATE_FILE,
)


def orphan_state(workdir: Path) -> LabState:
    """What a lab built in workdir left in the kernel, found by the lab's own names."""
    try:
        netns = sorted(
            p.name
            for p in Path("/run/netns").iterdir()
            if p.name == SLS_NETNS or p.name.startswith(HOST_NETNS_PREFIX)
        )
    except FileNotFoundError:
        netns = []
    veths = sorted(
        p.name
        for p in Path("/sys/class/net").iterdir()
        if p.name == SLS_VETH or re.fullmatch(r"ltdv[0-9]+", p.name)
    )
    return LabState(
        workdir=str(workdir),
        scenario="",
        phase="up",
        bridge=True,
        rules=[chain for chain, _rule in RULES],
        netns=netns,
        veths=veths,
        containers=leftover_containers(),
    )


def teardown(state: LabState) -> None:
    workdir = Path(state.workdir)
    remove_containers(state)  # before their namespaces' processes are signalled
    stop_processes(state)
    restore_sysctls(state)
    remove_network(state)
    for name in WORKDIR_ENTRIES:
        path = workdir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    with contextlib.suppress(OSError):
        workdir.rmdir()


def stop_processes(state: LabState) -> None:
    victims: dict[int, int] = {}  # pid -> start time at collection
    for launcher in state.launchers:
        # A launcher that already died is kept too (it will not be signalled,
        # its start time no longer matches), so that it gets collected.
        if launcher.start is not None:
            victims[launcher.pid] = launcher.start
        else:
            reap(launcher.pid)
    existing_ns = [n for n in state.netns if netns_exists(n)]
    if existing_ns:
        out = ip_batch((f"netns pids {n}" for n in existing_ns), force=True).stdout
        for token in out.split():
            if token.isdigit():
                start = start_time(int(token))
                if start is not None:
                    victims[int(token)] = start
    signal_all(victims, signal.SIGTERM)
    # A host still starting has a shell as PID 1 of its PID namespace; such an
    # init never sees SIGTERM, so a half-built lab goes to SIGKILL sooner.
    if wait_gone(victims, TERM_WAIT if state.phase == "up" else 1.0):
        return
    signal_all(victims, signal.SIGKILL)
    if not wait_gone(victims, KILL_WAIT):
        raise LabError(f"processes did not exit after SIGKILL: {sorted(victims)[:10]}")


def signal_all(victims: dict[int, int], sig: signal.Signals) -> None:
    for pid, start in victims.items():
        if start_time(pid) == start:  # still the same process
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)


def wait_gone(victims: dict[int, int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        for pid in list(victims):
            if start_time(pid) != victims[pid] and reap(pid):
                del victims[pid]
        if not victims:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
