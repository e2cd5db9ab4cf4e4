"""Build and tear down the lab: N simulated Logtail hosts plus a stand-in SLS endpoint.

Layout (all on this machine, as root)::

    root netns: bridge ltdbr0 10.250.0.1/16, two iptables guard rules
     ├─ veth ltdv<i>  <-> netns ltd-h-<name>: eth0 10.250.x.y/16, no default route;
     │                    own mount/UTS/IPC/PID namespaces, sshd as PID 1
     └─ veth ltdvsls  <-> netns ltd-sls: 10.250.255.254/.253/.252, stand-in HTTP(S) servers

Everything a host sees that differs from this machine lives under the work dir:
overlay upper dirs for /etc, /usr/local, /var and /root (and /opt on hosts with
the community LoongCollector), plus the agent dirs bind-mounted on
/usr/local/ilogtail and /etc/ilogtail.  The lab's own CA (``tls/``) signs the
stand-in's HTTPS certificate; every host trusts it.  Teardown signals only
processes the lab started or that live in its namespaces, always by PID.
"""

from __future__ import annotations

import contextlib
import dataclasses
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from lab import system
from lab.build import build, prepare_workdir
from lab.errors import LabError
from lab.launch import RELAY_LABEL, check_latency
from lab.network import BRIDGE, bridge_owner, check_no_other_lab
from lab.render import host_url
from lab.scenario import HostSpec, MachineGroup, Project, load_scenario
from lab.snapshot import host_digests
from lab.state import STATE_FILE, LabState
from lab.system import link_exists, preflight, start_time
from lab.teardown import orphan_state, teardown

# Short on purpose (it ends up in mount options); prepare_workdir refuses a
# symlink or a dir that others can write, so a predictable name is safe here.
DEFAULT_WORKDIR: Final = Path("/tmp/ltd-lab")  # noqa: S108
READY_TIMEOUT: Final = 20.0


@dataclass(frozen=True)
class LabHost:
    """One simulated host as built."""

    name: str
    ip: str
    netns: str
    spec: HostSpec

    @property
    def url(self) -> str:
        return host_url(self.spec, self.ip)

    @property
    def hostname(self) -> str:
        return self.spec.hostname

    @property
    def entry(self) -> dict[str, Any]:
        """The scenario entry with defaults filled in (includes ``expect``)."""
        return self.spec.to_entry()

    @property
    def expect(self) -> Any:
        return self.spec.expect


class Lab:
    """A running lab; create with :meth:`up`, reattach with :meth:`load`."""

    def __init__(self, state: LabState) -> None:
        self._state = state
        self.workdir = Path(state.workdir)
        self.hosts: list[LabHost] = [
            LabHost(name=h.name, ip=h.ip, netns=h.netns, spec=HostSpec.from_entry(h.entry))
            for h in state.hosts
        ]
        self.project = Project(**state.project)
        self.account_ids: list[str] = list(state.account_ids)
        self.machine_groups: list[MachineGroup] = [
            MachineGroup(
                name=g["name"],
                extra_ips=tuple(g["extra_ips"]),
                custom_ids=None if g.get("custom_ids") is None else tuple(g["custom_ids"]),
            )
            for g in state.machine_groups
        ]
        self.targets_file = self.workdir / "targets.yaml"
        self.ssh_config = self.workdir / "ssh_config"
        self.identity_file = self.workdir / "keys" / "id_ed25519"

    # ----------------------------------------------------------------- construction

    @classmethod
    def up(
        cls,
        scenario: Path,
        workdir: Path,
        *,
        ready_timeout: float = READY_TIMEOUT,
        latency_ms: float = 0.0,
    ) -> Lab:
        """Build the lab described by ``scenario`` in ``workdir`` and wait until it answers.

        ``latency_ms`` > 0 puts the latency relay between ssh and every host:
        ``ssh_config`` then sends each host's IP to its relay port on 127.0.0.1,
        which adds that round trip (half each way, see lab/latency_relay.py).
        """
        scenario = Path(scenario)
        latency_ms = check_latency(latency_ms)
        spec = load_scenario(scenario)
        preflight()
        check_no_other_lab()
        workdir = prepare_workdir(Path(workdir))
        state = LabState(
            workdir=str(workdir),
            scenario=str(scenario.resolve()),
            project=dataclasses.asdict(spec.project),
            account_ids=list(spec.account_ids),
            machine_groups=[dataclasses.asdict(g) for g in spec.machine_groups],
            latency_ms=latency_ms,
        )
        state.save()
        try:
            build(state, spec, ready_timeout)
        except BaseException:
            with contextlib.suppress(Exception):
                teardown(state)
            raise
        return cls(state)

    @classmethod
    def load(cls, workdir: Path) -> Lab:
        """Reattach to a lab built earlier (possibly by another process)."""
        return cls(LabState.read(Path(workdir).resolve()))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.down()

    # ----------------------------------------------------------------- queries

    @property
    def latency_ms(self) -> float:
        """Round trip the latency relay adds to every ssh connection (0: no relay)."""
        return self._state.latency_ms

    @property
    def relay_ports(self) -> dict[str, int]:
        """Host IP -> the relay's port on 127.0.0.1 for it (empty without latency)."""
        return dict(self._state.relay_ports)

    @property
    def relay_pid(self) -> int | None:
        """PID of the latency relay while it runs, else None."""
        for launcher in self._state.launchers:
            if launcher.label == RELAY_LABEL and start_time(launcher.pid) == launcher.start:
                return launcher.pid
        return None

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent in each build phase."""
        return dict(self._state.timings)

    def host(self, key: str) -> LabHost:
        """A host by scenario name, hostname or IP."""
        for h in self.hosts:
            if key in (h.name, h.ip, h.hostname):
                return h
        raise LabError(f"no lab host {key!r} (hosts: {', '.join(h.name for h in self.hosts)})")

    def snapshot(self) -> dict[str, dict[str, str]]:
        """Per host: path on the host (no leading /) -> sha256, for every file the lab owns.

        Covers the overlay upper dirs of /etc, /usr/local, /var, /root and /opt
        and the agent dirs, i.e. everything a diagnosis run could change on a host.
        """
        result: dict[str, dict[str, str]] = {}
        for h in self.hosts:
            result[h.name] = host_digests(self._host_dir(h.name))
        return result

    def host_pid(self, key: str) -> int:
        """PID (in this machine's PID namespace) of the host's init, i.e. its sshd."""
        h = self.host(key)
        for launcher in self._state.launchers:
            if launcher.label != h.name:
                continue
            if start_time(launcher.pid) != launcher.start:
                break
            children = Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children")
            with contextlib.suppress(OSError):
                pids = children.read_text().split()
                if pids:
                    return int(pids[0])
        raise LabError(f"host {h.name} is not running")

    def nsenter_argv(self, key: str, argv: Sequence[str]) -> list[str]:
        """Command line that runs argv inside a host's namespaces."""
        return [
            "nsenter",
            "-t",
            str(self.host_pid(key)),
            "-m",
            "-u",
            "-i",
            "-n",
            "-p",
            "-W",
            "/root",
            *argv,
        ]

    def run(
        self, key: str, argv: Sequence[str], *, timeout: float = 30.0, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run argv inside a host (as root, bypassing ssh); never raises on exit status."""
        return system.run(self.nsenter_argv(key, argv), stdin=stdin, timeout=timeout, check=False)

    # ----------------------------------------------------------------- teardown

    def down(self) -> None:
        """Stop everything the lab started and delete what it created.  Idempotent."""
        down(self.workdir)

    def _host_dir(self, name: str) -> Path:
        return self.workdir / "h" / name


def down(workdir: Path) -> bool:
    """Tear down the lab in ``workdir``; False when there was nothing to tear down.

    Also works when the work dir (and with it the state file) was deleted while
    the lab was up: the bridge remembers which work dir built it, and the lab's
    namespaces, links and rules are then found by their names.
    """
    workdir = Path(workdir).absolute()
    if (workdir / STATE_FILE).exists():
        preflight()
        teardown(LabState.read(workdir.resolve()))
        return True
    if link_exists(BRIDGE) and bridge_owner() in (str(workdir), str(workdir.resolve())):
        preflight()
        teardown(orphan_state(workdir))
        return True
    return False
