"""The lab's record of itself (``lab-state.json`` in the work dir).

Written before each step that creates something, so that teardown (even from
another process, after a crash) removes exactly what was made.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lab.errors import LabError
from lab.system import start_time

STATE_FILE: Final = "lab-state.json"


@dataclass
class Launcher:
    pid: int
    start: int | None
    label: str


@dataclass
class HostRecord:
    name: str
    ip: str
    netns: str
    veth: str
    entry: dict[str, Any]


@dataclass
class LabState:
    workdir: str
    scenario: str
    phase: str = "building"
    bridge: bool = False
    rules: list[str] = field(default_factory=list)  # chains whose rule was inserted
    netns: list[str] = field(default_factory=list)
    veths: list[str] = field(default_factory=list)
    launchers: list[Launcher] = field(default_factory=list)
    hosts: list[HostRecord] = field(default_factory=list)
    project: dict[str, str] = field(default_factory=dict)
    account_ids: list[str] = field(default_factory=list)
    machine_groups: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # sysctl path -> (value before the lab, value the lab set); restored on teardown
    sysctls: dict[str, list[str]] = field(default_factory=dict)
    # round trip the latency relay adds (0: no relay), and host IP -> relay port
    latency_ms: float = 0.0
    relay_ports: dict[str, int] = field(default_factory=dict)
    # podman containers the lab started (lab/containers.py), removed by name on teardown
    containers: list[str] = field(default_factory=list)

    def save(self) -> None:
        path = Path(self.workdir, STATE_FILE)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self), indent=1) + "\n")
        tmp.replace(path)

    @classmethod
    def read(cls, workdir: Path) -> LabState:
        path = workdir / STATE_FILE
        try:
            raw = json.loads(path.read_text())
            return cls(
                workdir=raw["workdir"],
                scenario=raw["scenario"],
                phase=raw["phase"],
                bridge=raw["bridge"],
                rules=list(raw["rules"]),
                netns=list(raw["netns"]),
                veths=list(raw["veths"]),
                launchers=[Launcher(**item) for item in raw["launchers"]],
                hosts=[HostRecord(**item) for item in raw["hosts"]],
                project=dict(raw["project"]),
                account_ids=list(raw["account_ids"]),
                machine_groups=list(raw["machine_groups"]),
                timings=dict(raw["timings"]),
                sysctls={k: list(v) for k, v in raw.get("sysctls", {}).items()},
                latency_ms=float(raw.get("latency_ms", 0.0)),
                relay_ports={k: int(v) for k, v in raw.get("relay_ports", {}).items()},
                containers=[str(n) for n in raw.get("containers", [])],
            )
        except FileNotFoundError:
            raise LabError(f"{workdir}: no lab here (no {STATE_FILE})") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LabError(f"{path}: unreadable lab state: {exc}") from None


def record_launcher(state: LabState, pid: int, label: str) -> None:
    state.launchers.append(Launcher(pid=pid, start=start_time(pid), label=label))
