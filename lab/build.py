"""Building a lab: a safe work dir, then each step in order, timed."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Final

from lab.containers import start_containers
from lab.errors import LabError
from lab.host_files import write_files
from lab.launch import launch_host, launch_relay, launch_sls
from lab.network import make_bridge, make_links, raise_neighbour_limits
from lab.readiness import wait_ready
from lab.scenario import Scenario
from lab.state import STATE_FILE, LabState

SAFE_PATH_RE: Final = re.compile(r"/[A-Za-z0-9._/+-]*")


def prepare_workdir(workdir: Path) -> Path:
    workdir = workdir.absolute()
    if not SAFE_PATH_RE.fullmatch(str(workdir)):
        raise LabError(
            f"{workdir}: work dir path may only contain letters, digits and ._/+- "
            "(it goes into overlayfs mount options)"
        )
    if len(str(workdir)) > 80:
        raise LabError(f"{workdir}: work dir path is too long (max 80 characters)")
    if (workdir / STATE_FILE).exists():
        raise LabError(
            f"{workdir}: a lab already lives here; run `python -m lab down --dir {workdir}`"
        )
    if workdir.is_symlink():
        raise LabError(f"{workdir}: work dir must not be a symlink")
    if workdir.exists():
        st = workdir.stat()
        if not workdir.is_dir() or st.st_uid != 0 or st.st_mode & 0o022:
            raise LabError(
                f"{workdir}: must be a directory owned by root, not group/world-writable"
            )
        if any(workdir.iterdir()):
            raise LabError(f"{workdir}: work dir is not empty")
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir.resolve()


def build(state: LabState, scenario: Scenario, ready_timeout: float) -> None:
    workdir = Path(state.workdir)
    if any(h.agent == "community" for h in scenario.hosts) and not Path("/opt").is_dir():
        raise LabError("agent community needs /opt on this machine (the hosts overlay it)")
    t0 = time.monotonic()
    make_bridge(state, workdir)
    raise_neighbour_limits(state, len(scenario.hosts))
    t1 = time.monotonic()
    # Files first (nothing is mounted yet), then the network, then the launch.
    templates = write_files(state, scenario, workdir)
    t2 = time.monotonic()
    make_links(state)
    t3 = time.monotonic()
    launch_sls(state, workdir)
    for rec, host_spec in zip(state.hosts, scenario.hosts, strict=True):
        launch_host(state, workdir / "h" / host_spec.name, rec, host_spec, templates)
    state.save()
    t4 = time.monotonic()
    if state.latency_ms > 0:
        launch_relay(state, workdir, ready_timeout)
    t_relay = time.monotonic()
    wait_ready(state, scenario, ready_timeout)
    start_containers(state, scenario, workdir)  # in hosts' namespaces: after they are up
    t5 = time.monotonic()
    state.phase = "up"
    state.timings = {
        "bridge_rules": round(t1 - t0, 3),
        "files": round(t2 - t1, 3),
        "links": round(t3 - t2, 3),
        "launch": round(t4 - t3, 3),
        "relay": round(t_relay - t4, 3),
        "ready": round(t5 - t_relay, 3),
        "total": round(t5 - t0, 3),
    }
    state.save()
