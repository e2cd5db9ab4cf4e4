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
import errno
import hashlib
import json
import os
import re
import selectors
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lab import latency_relay, render, tls
from lab.errors import LabError
from lab.scenario import (
    HUGE_FILE_SIZE,
    HostSpec,
    MachineGroup,
    Project,
    Scenario,
    load_scenario,
)

# Short on purpose (it ends up in mount options); _prepare_workdir refuses a
# symlink or a dir that others can write, so a predictable name is safe here.
DEFAULT_WORKDIR: Final = Path("/tmp/ltd-lab")  # noqa: S108
BRIDGE: Final = "ltdbr0"
BRIDGE_CIDR: Final = "10.250.0.1/16"
PREFIX_LEN: Final = 16
SLS_NETNS: Final = "ltd-sls"
SLS_VETH: Final = "ltdvsls"
HOST_NETNS_PREFIX: Final = "ltd-h-"
RULE_COMMENT: Final = "ltd-lab"
STATE_FILE: Final = "lab-state.json"
READY_TIMEOUT: Final = 20.0
TERM_WAIT: Final = 5.0
KILL_WAIT: Final = 3.0

# The two guard rules: nothing routed out of the bridge, and no new
# connections from the lab into this machine's own network namespace.
RULES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("FORWARD", ("-i", BRIDGE, "!", "-o", BRIDGE)),
    ("INPUT", ("-i", BRIDGE, "-m", "conntrack", "--ctstate", "NEW")),
)

# Names the lab creates inside the work dir; teardown removes exactly these.
_WORKDIR_ENTRIES: Final = (
    "h",
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

_TEMPLATES: Final = Path(__file__).with_name("templates")
_STANDIN: Final = Path(__file__).with_name("sls_standin.py")
_SILENT: Final = _TEMPLATES / "silent_listener.py"
_RELAY: Final = Path(__file__).with_name("latency_relay.py")
_RELAY_LABEL: Final = "latency relay"  # has a space, so no host name can clash with it
MAX_LATENCY_MS: Final = 2000.0
RELAY_CONNECT_TIMEOUT: Final = 5.0
_SAFE_PATH_RE: Final = re.compile(r"/[A-Za-z0-9._/+-]*")
_ENV: Final = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "HOME": "/root",
}
_TOOLS: Final = ("ip", "iptables", "unshare", "nsenter", "mount", "umount")
_SKEL: Final = (".bashrc", ".profile", ".bash_logout")
_SLS_LABEL: Final = "sls stand-in"  # has a space, so no host name can clash with it


def host_ip(index: int) -> str:
    """Lab IP of the index-th host (0-based): 10.250.0.2, 10.250.0.3, ..."""
    n = index + 2
    return f"10.250.{n // 256}.{n % 256}"


def _rule_argv(chain: str, spec: Sequence[str]) -> list[str]:
    return [chain, *spec, "-m", "comment", "--comment", RULE_COMMENT, "-j", "DROP"]


# --------------------------------------------------------------------------- system helpers


def _run(
    argv: Sequence[str], *, stdin: str | None = None, timeout: float = 60.0, check: bool = True
) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            list(argv),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=_ENV,
        )
    except FileNotFoundError:
        raise LabError(f"{argv[0]}: command not found") from None
    except subprocess.TimeoutExpired:
        raise LabError(f"{' '.join(argv[:3])}: no answer within {timeout:.0f} s") from None
    if check and proc.returncode != 0:
        detail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        raise LabError(
            f"{' '.join(argv[:4])} failed (exit {proc.returncode})"
            + (f": {detail[0]}" if detail else "")
        )
    return proc


def _ip_batch(lines: Iterable[str], *, force: bool = False) -> subprocess.CompletedProcess[str]:
    text = "".join(f"{line}\n" for line in lines)
    if not text:
        return subprocess.CompletedProcess([], 0, "", "")
    argv = ["ip", "-force", "-batch", "-"] if force else ["ip", "-batch", "-"]
    return _run(argv, stdin=text, check=not force)


def _start_time(pid: int) -> int | None:
    """Start time (clock ticks since boot) of a live, non-zombie process, else None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    if not fields or fields[0] in (b"Z", b"X"):
        return None
    return int(fields[19])


def _reap(pid: int) -> bool:
    """Collect pid if it is an exited child of ours.

    False only for a child of ours that cannot be collected yet (still running,
    or a multi-threaded process whose other threads are still exiting).
    """
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # not our child: its own parent collects it
    return done == pid


def _spawn(argv: Sequence[str], log: Path) -> int:
    """Start argv in its own session, stdin /dev/null, stdout+stderr to log."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawnp(argv[0], list(argv), _ENV, file_actions=actions, setsid=True)


def _netns_exists(name: str) -> bool:
    return Path("/run/netns", name).exists()


def _link_exists(name: str) -> bool:
    return Path("/sys/class/net", name).exists()


def _bridge_owner() -> str:
    try:
        return Path(f"/sys/class/net/{BRIDGE}/ifalias").read_text().strip()
    except OSError:
        return ""


def _disable_ipv6(ifname: str) -> None:
    with contextlib.suppress(OSError):
        Path(f"/proc/sys/net/ipv6/conf/{ifname}/disable_ipv6").write_text("1\n")


def _write(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    data = text.encode() if isinstance(text, str) else text
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    path.chmod(mode)


def _keypair(comment: str) -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return private, public + f" {comment}\n".encode()


def _sha256_entry(path: Path) -> str | None:
    st = path.lstat()
    if stat.S_ISREG(st.st_mode):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
        return digest.hexdigest()
    if stat.S_ISLNK(st.st_mode):
        return hashlib.sha256(b"symlink:" + os.fsencode(path.readlink())).hexdigest()
    if stat.S_ISDIR(st.st_mode):
        return None
    # overlayfs whiteouts (a deleted lower file) are 0/0 character devices
    kind = f"special:{stat.S_IFMT(st.st_mode)}:{st.st_rdev}"
    return hashlib.sha256(kind.encode()).hexdigest()


# --------------------------------------------------------------------------- state


@dataclass
class _Launcher:
    pid: int
    start: int | None
    label: str


@dataclass
class _HostRecord:
    name: str
    ip: str
    netns: str
    veth: str
    entry: dict[str, Any]


@dataclass
class _State:
    workdir: str
    scenario: str
    phase: str = "building"
    bridge: bool = False
    rules: list[str] = field(default_factory=list)  # chains whose rule was inserted
    netns: list[str] = field(default_factory=list)
    veths: list[str] = field(default_factory=list)
    launchers: list[_Launcher] = field(default_factory=list)
    hosts: list[_HostRecord] = field(default_factory=list)
    project: dict[str, str] = field(default_factory=dict)
    account_ids: list[str] = field(default_factory=list)
    machine_groups: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # sysctl path -> (value before the lab, value the lab set); restored on teardown
    sysctls: dict[str, list[str]] = field(default_factory=dict)
    # round trip the latency relay adds (0: no relay), and host IP -> relay port
    latency_ms: float = 0.0
    relay_ports: dict[str, int] = field(default_factory=dict)

    def save(self) -> None:
        path = Path(self.workdir, STATE_FILE)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self), indent=1) + "\n")
        tmp.replace(path)

    @classmethod
    def read(cls, workdir: Path) -> _State:
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
                launchers=[_Launcher(**item) for item in raw["launchers"]],
                hosts=[_HostRecord(**item) for item in raw["hosts"]],
                project=dict(raw["project"]),
                account_ids=list(raw["account_ids"]),
                machine_groups=list(raw["machine_groups"]),
                timings=dict(raw["timings"]),
                sysctls={k: list(v) for k, v in raw.get("sysctls", {}).items()},
                latency_ms=float(raw.get("latency_ms", 0.0)),
                relay_ports={k: int(v) for k, v in raw.get("relay_ports", {}).items()},
            )
        except FileNotFoundError:
            raise LabError(f"{workdir}: no lab here (no {STATE_FILE})") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LabError(f"{path}: unreadable lab state: {exc}") from None


# --------------------------------------------------------------------------- public objects


@dataclass(frozen=True)
class LabHost:
    """One simulated host as built."""

    name: str
    ip: str
    netns: str
    spec: HostSpec

    @property
    def url(self) -> str:
        return f"ssh://root@{self.ip}"

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

    def __init__(self, state: _State) -> None:
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
        latency_ms = _check_latency(latency_ms)
        spec = load_scenario(scenario)
        _preflight()
        _check_no_other_lab()
        workdir = _prepare_workdir(Path(workdir))
        state = _State(
            workdir=str(workdir),
            scenario=str(scenario.resolve()),
            project=dataclasses.asdict(spec.project),
            account_ids=list(spec.account_ids),
            machine_groups=[dataclasses.asdict(g) for g in spec.machine_groups],
            latency_ms=latency_ms,
        )
        state.save()
        try:
            _build(state, spec, ready_timeout)
        except BaseException:
            with contextlib.suppress(Exception):
                _teardown(state)
            raise
        return cls(state)

    @classmethod
    def load(cls, workdir: Path) -> Lab:
        """Reattach to a lab built earlier (possibly by another process)."""
        return cls(_State.read(Path(workdir).resolve()))

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
            if launcher.label == _RELAY_LABEL and _start_time(launcher.pid) == launcher.start:
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
            hdir = self._host_dir(h.name)
            files: dict[str, str] = {}
            for prefix, base in _snapshot_roots(hdir):
                for path, rel in _walk(base):
                    digest = _sha256_entry(path)
                    if digest is not None:
                        files[f"{prefix}/{rel}"] = digest
            result[h.name] = dict(sorted(files.items()))
        return result

    def host_pid(self, key: str) -> int:
        """PID (in this machine's PID namespace) of the host's init, i.e. its sshd."""
        h = self.host(key)
        for launcher in self._state.launchers:
            if launcher.label != h.name:
                continue
            if _start_time(launcher.pid) != launcher.start:
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
        return _run(self.nsenter_argv(key, argv), stdin=stdin, timeout=timeout, check=False)

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
        _preflight()
        _teardown(_State.read(workdir.resolve()))
        return True
    if _link_exists(BRIDGE) and _bridge_owner() in (str(workdir), str(workdir.resolve())):
        _preflight()
        _teardown(_orphan_state(workdir))
        return True
    return False


def _orphan_state(workdir: Path) -> _State:
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
    return _State(
        workdir=str(workdir),
        scenario="",
        phase="up",
        bridge=True,
        rules=[chain for chain, _rule in RULES],
        netns=netns,
        veths=veths,
    )


# --------------------------------------------------------------------------- build steps


def _preflight() -> None:
    if os.geteuid() != 0:
        raise LabError("the lab must run as root (it creates network namespaces)")
    missing = [t for t in _TOOLS if shutil.which(t, path=_ENV["PATH"]) is None]
    if not Path("/usr/sbin/sshd").exists():
        missing.append("sshd (openssh-server)")
    if missing:
        raise LabError(f"missing tools: {', '.join(missing)}")


def _prepare_workdir(workdir: Path) -> Path:
    workdir = workdir.absolute()
    if not _SAFE_PATH_RE.fullmatch(str(workdir)):
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


def _check_no_other_lab() -> None:
    if _link_exists(BRIDGE):
        owner = _bridge_owner()
        hint = f" (built in {owner}; run `python -m lab down --dir {owner}`)" if owner else ""
        raise LabError(f"another lab is up: bridge {BRIDGE} exists{hint}")
    with contextlib.suppress(FileNotFoundError):
        stale = sorted(p.name for p in Path("/run/netns").iterdir() if p.name.startswith("ltd-"))
        if stale:
            raise LabError(
                f"leftover lab network namespaces exist ({', '.join(stale[:5])}"
                f"{', ...' if len(stale) > 5 else ''}); tear down the lab that made them first"
            )


def _build(state: _State, scenario: Scenario, ready_timeout: float) -> None:
    workdir = Path(state.workdir)
    if any(h.agent == "community" for h in scenario.hosts) and not Path("/opt").is_dir():
        raise LabError("agent community needs /opt on this machine (the hosts overlay it)")
    t0 = time.monotonic()
    _make_bridge(state, workdir)
    _raise_neighbour_limits(state, len(scenario.hosts))
    t1 = time.monotonic()
    # Files first (nothing is mounted yet), then the network, then the launch.
    templates = _write_files(state, scenario, workdir)
    t2 = time.monotonic()
    _make_links(state)
    t3 = time.monotonic()
    _launch_sls(state, workdir)
    for rec, host_spec in zip(state.hosts, scenario.hosts, strict=True):
        _launch_host(state, workdir / "h" / host_spec.name, rec, host_spec, templates)
    state.save()
    t4 = time.monotonic()
    if state.latency_ms > 0:
        _launch_relay(state, workdir, ready_timeout)
    t_relay = time.monotonic()
    _wait_ready(state, scenario, ready_timeout)
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


_NEIGH: Final = Path("/proc/sys/net/ipv4/neigh/default")


def _raise_neighbour_limits(state: _State, hosts: int) -> None:
    """Room in the kernel's ARP table for every lab host (it is shared by all namespaces).

    Each host adds about four entries (its own netns, the bridge side, the
    stand-in endpoint); past gc_thresh3 (1024 by default, so about 250 hosts)
    the kernel refuses new ones and connects fail with "No route to host".
    Only ever raised, and put back on teardown.
    """
    wanted = {"gc_thresh1": 1024, "gc_thresh2": 8 * hosts + 2048, "gc_thresh3": 16 * hosts + 4096}
    for name, value in wanted.items():
        path = _NEIGH / name
        try:
            before = path.read_text().strip()
        except OSError:
            continue
        if before.isdigit() and int(before) < value:
            state.sysctls[str(path)] = [before, str(value)]
            state.save()
            path.write_text(f"{value}\n")


def _restore_sysctls(state: _State) -> None:
    for path, (before, ours) in state.sysctls.items():
        with contextlib.suppress(OSError):
            if Path(path).read_text().strip() == ours:  # nobody changed it since
                Path(path).write_text(f"{before}\n")


def _make_bridge(state: _State, workdir: Path) -> None:
    # The bridge doubles as the one-lab-at-a-time lock: create it first.
    state.bridge = True
    state.save()
    made = _run(["ip", "link", "add", BRIDGE, "type", "bridge"], check=False)
    if made.returncode != 0:
        state.bridge = False
        state.save()
        if "exists" in made.stderr:
            raise LabError(f"another lab is up: bridge {BRIDGE} exists")
        raise LabError(f"cannot create bridge {BRIDGE}: {made.stderr.strip()}")
    _run(["ip", "link", "set", BRIDGE, "alias", str(workdir)])
    _disable_ipv6(BRIDGE)
    # Probes may reach a host before its eth0 is up; retry ARP quickly, not once a second.
    # ... but keep asking for 3 s in all: a host busy with a probe may answer late.
    with contextlib.suppress(OSError):
        Path(f"/proc/sys/net/ipv4/neigh/{BRIDGE}/retrans_time_ms").write_text("100\n")
        Path(f"/proc/sys/net/ipv4/neigh/{BRIDGE}/mcast_solicit").write_text("30\n")
    _ip_batch([f"addr add {BRIDGE_CIDR} dev {BRIDGE}", f"link set {BRIDGE} up"])
    for chain, rule in RULES:
        state.rules.append(chain)
        state.save()
        _run(["iptables", "-w", "5", "-I", *_rule_argv(chain, rule)])


def _write_files(state: _State, scenario: Scenario, workdir: Path) -> _Templates:
    ips = {h.name: host_ip(i) for i, h in enumerate(scenario.hosts)}
    state.hosts = [
        _HostRecord(
            name=spec.name,
            ip=ips[spec.name],
            netns=f"{HOST_NETNS_PREFIX}{spec.name}",
            veth=f"ltdv{i}",
            entry=spec.to_entry(),
        )
        for i, spec in enumerate(scenario.hosts)
    ]
    state.save()
    keys = workdir / "keys"
    keys.mkdir(mode=0o700)
    private, public = _keypair("ltd-lab-client")
    _write(keys / "id_ed25519", private, 0o600)
    _write(keys / "id_ed25519.pub", public)
    tls_dir = workdir / "tls"
    tls_dir.mkdir(mode=0o700)
    lab_tls = tls.make_lab_tls(render.tls_names(scenario), [render.SLS_IP])
    _write(tls_dir / "ca.crt", lab_tls.ca_cert)
    _write(tls_dir / "server.crt", lab_tls.server_cert)
    _write(tls_dir / "server.key", lab_tls.server_key, 0o600)
    bundle = tls_dir / "ca-certificates.crt"
    _write(bundle, lab_tls.bundle())
    started = time.time()
    templates = _Templates.load()
    for spec in scenario.hosts:
        _write_host_files(
            workdir / "h" / spec.name,
            spec,
            ip=ips[spec.name],
            project_name=scenario.project.name,
            client_pub=public,
            started=started,
            tpl=templates,
            ca_bundle=bundle,
        )
    targets_text, _data = render.targets_yaml(scenario, ips)
    _write(workdir / "targets.yaml", targets_text)
    _write(workdir / "ssh_config", render.ssh_config(keys / "id_ed25519"))
    return templates


def _make_links(state: _State) -> None:
    """All namespaces and veth pairs in two `ip -batch` runs."""
    state.netns = [SLS_NETNS, *(h.netns for h in state.hosts)]
    state.veths = [SLS_VETH, *(h.veth for h in state.hosts)]
    state.save()
    pairs = [(SLS_VETH, SLS_NETNS), *((h.veth, h.netns) for h in state.hosts)]
    _ip_batch(
        line
        for veth, ns in pairs
        for line in (f"netns add {ns}", f"link add {veth} type veth peer name eth0 netns {ns}")
    )
    for veth, _ns in pairs:
        _disable_ipv6(veth)
    _ip_batch(f"link set {veth} master {BRIDGE} up" for veth, _ns in pairs)


@dataclass(frozen=True)
class _Templates:
    hoststart: str
    agentctl: str
    sshd_config: str
    skel: dict[str, bytes]

    @classmethod
    def load(cls) -> _Templates:
        skel: dict[str, bytes] = {}
        for name in _SKEL:
            with contextlib.suppress(OSError):
                skel[name] = Path("/etc/skel", name).read_bytes()
        return cls(
            hoststart=(_TEMPLATES / "hoststart.sh").read_text(),
            agentctl=(_TEMPLATES / "agentctl.sh").read_text(),
            sshd_config=(_TEMPLATES / "sshd_config").read_text(),
            skel=skel,
        )


def _init_scripts(spec: HostSpec) -> tuple[str, ...]:
    layout = render.agent_layout(spec)
    return layout.init_scripts if layout is not None else ()


def _host_path(hdir: Path, path: str) -> Path:
    """Where a file the host sees at ``path`` lives in the work dir."""
    for prefix, base in (
        ("/usr/local/ilogtail/", "a/ilogtail"),
        ("/etc/ilogtail/", "a/etc_ilogtail"),
        ("/usr/local/", "u/usr_local"),
        ("/etc/", "u/etc"),
        ("/opt/", "u/opt"),
    ):
        if path.startswith(prefix):
            return hdir / base / path.removeprefix(prefix)
    raise LabError(f"internal error: no host dir for {path}")


def _write_host_files(
    hdir: Path,
    spec: HostSpec,
    *,
    ip: str,
    project_name: str,
    client_pub: bytes,
    started: float,
    tpl: _Templates,
    ca_bundle: Path,
) -> None:
    upper = hdir / "u"
    layout = render.agent_layout(spec)
    parts = ["etc", "usr_local", "var", "root"]
    if spec.agent == "community":
        parts.append("opt")
    for part in parts:
        (upper / part).mkdir(parents=True)
        (hdir / "w" / part).mkdir(parents=True)
    (upper / "root").chmod(0o700)

    etc = upper / "etc"
    _write(etc / "hostname", f"{spec.hostname}\n")
    _write(etc / "hosts", render.etc_hosts(spec, ip, project_name))
    _write(etc / "resolv.conf", render.RESOLV_CONF)
    (etc / "ssh").mkdir()
    _write(etc / "ssh" / "sshd_config", tpl.sshd_config)
    host_key, host_pub = _keypair(f"root@{spec.hostname}")
    _write(etc / "ssh" / "ssh_host_ed25519_key", host_key, 0o600)
    _write(etc / "ssh" / "ssh_host_ed25519_key.pub", host_pub)
    # The machine's CA bundle plus the lab CA: one file, hard-linked into every
    # host (the lab never writes it again; a host that did would show in snapshots).
    (etc / "ssl" / "certs").mkdir(parents=True)
    os.link(ca_bundle, etc / "ssl" / "certs" / "ca-certificates.crt")
    if spec.clock_offset:
        (upper / "usr_local" / "bin").mkdir()
        _write(upper / "usr_local" / "bin" / "date", render.date_wrapper(spec.clock_offset), 0o755)

    root = upper / "root"
    for name, data in tpl.skel.items():
        _write(root / name, data)
    (root / ".ssh").mkdir(mode=0o700)
    _write(root / ".ssh" / "authorized_keys", client_pub, 0o600)

    if layout is not None:
        _write_agent_files(hdir, spec, layout, ip=ip, started=started, tpl=tpl)


def _write_agent_files(
    hdir: Path,
    spec: HostSpec,
    layout: render.AgentLayout,
    *,
    ip: str,
    started: float,
    tpl: _Templates,
) -> None:
    upper = hdir / "u"
    etc = upper / "etc"
    if spec.agent_env:
        # Read by hoststart.sh with `read -r`, never evaluated (values hold no newline).
        _write(hdir / "agent.env", "".join(f"{k}={v}\n" for k, v in spec.agent_env), 0o600)
    if layout.init_scripts:
        (etc / "init.d").mkdir()
    binary = layout.binary.rsplit("/", 1)[1]
    for script in layout.init_scripts:
        text = (
            tpl.agentctl.replace("@AGENT@", binary)
            .replace("@STATUS_FAULT@", spec.agent_status)
            .replace("@RECORD_IP@", "1" if spec.agent_records_ip else "0")
            .replace("@APP_INFO@", layout.app_info)
        )
        _write(etc / "init.d" / script, text, 0o755)
    if spec.agent != "community":
        # mount points for the bind-mounted agent dirs
        (etc / "ilogtail").mkdir()
        (upper / "usr_local" / "ilogtail").mkdir()
        (hdir / "a" / "ilogtail").mkdir(parents=True)
        users = hdir / "a" / "etc_ilogtail" / "users"
        users.mkdir(parents=True)
        for uid in spec.user_ids:
            _write(users / uid, b"")
    binary_path = _host_path(hdir, layout.binary)
    for path in (binary_path, _host_path(hdir, layout.config), _host_path(hdir, layout.app_info)):
        path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/bin/dash", binary_path)
    binary_path.chmod(0o755)
    _write_agent_file(_host_path(hdir, layout.config), spec.config, render.agent_config(spec))
    _write_agent_file(
        _host_path(hdir, layout.app_info), spec.app_info, render.app_info(spec, ip, started)
    )
    received = render.user_log_config(spec)
    if layout.user_log_config is not None and received is not None:
        _write(_host_path(hdir, layout.user_log_config), received)
    if spec.user_defined_id is not None:
        path = _host_path(hdir, layout.user_defined_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, render.user_defined_id(spec.user_defined_id))


def _write_agent_file(path: Path, state: str, text: str) -> None:
    """An agent file as the scenario wants it: ok/invalid text, missing, huge or binary."""
    if state == "missing":
        return
    if state == "huge":  # sparse: costs no disk, reads as 1 GiB of NUL bytes
        _write(path, text)
        os.truncate(path, HUGE_FILE_SIZE)
    elif state == "binary":
        _write(path, os.urandom(100 * 1024))
    else:
        _write(path, text)


def _snapshot_roots(hdir: Path) -> list[tuple[str, Path]]:
    return [
        ("etc", hdir / "u" / "etc"),
        ("usr/local", hdir / "u" / "usr_local"),
        ("var", hdir / "u" / "var"),
        ("root", hdir / "u" / "root"),
        ("opt", hdir / "u" / "opt"),
        ("usr/local/ilogtail", hdir / "a" / "ilogtail"),
        ("etc/ilogtail", hdir / "a" / "etc_ilogtail"),
    ]


def _walk(base: Path) -> Iterator[tuple[Path, str]]:
    if not base.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        here = Path(dirpath)
        # symlinks to directories show up in dirnames; report them as entries
        for name in sorted(filenames + [d for d in dirnames if (here / d).is_symlink()]):
            path = here / name
            yield path, path.relative_to(base).as_posix()


def _record_launcher(state: _State, pid: int, label: str) -> None:
    state.launchers.append(_Launcher(pid=pid, start=_start_time(pid), label=label))


def _launch_sls(state: _State, workdir: Path) -> None:
    script = (
        "set -eu\n"
        "for k in all default; do echo 1 > /proc/sys/net/ipv6/conf/$k/disable_ipv6; done\n"
        f"printf '%s\\n' 'link set lo up' "
        f"'addr add {render.SLS_IP}/{PREFIX_LEN} dev eth0' "
        f"'addr add {render.OTHER_WEB_IP}/{PREFIX_LEN} dev eth0' "
        f"'addr add {render.REFUSED_IP}/{PREFIX_LEN} dev eth0' "
        f"'addr add {render.HUGE_IP}/{PREFIX_LEN} dev eth0' "
        "'link set eth0 up' | ip -batch -\n"
        'exec "$1" -I "$2" --sls "$3" --other "$4" --tls-cert "$5" --tls-key "$6" '
        '--huge "$7"\n'
    )
    argv = [
        "ip",
        "netns",
        "exec",
        SLS_NETNS,
        "/bin/sh",
        "-c",
        script,
        "ltd-sls",
        sys.executable,
        str(_STANDIN),
        render.SLS_IP,
        render.OTHER_WEB_IP,
        str(workdir / "tls" / "server.crt"),
        str(workdir / "tls" / "server.key"),
        render.HUGE_IP,
    ]
    _record_launcher(state, _spawn(argv, workdir / "sls.log"), _SLS_LABEL)


def _launch_host(
    state: _State, hdir: Path, rec: _HostRecord, spec: HostSpec, tpl: _Templates
) -> None:
    scripts = _init_scripts(spec)
    layout = render.agent_layout(spec)
    argv = [
        "ip",
        "netns",
        "exec",
        rec.netns,
        "unshare",
        "--mount",
        "--uts",
        "--ipc",
        "--pid",
        "--fork",
        "--kill-child",
        "--mount-proc",
        "--propagation",
        "private",
        "/bin/sh",
        "-c",
        tpl.hoststart,
        f"ltd-{spec.name}",
        str(hdir),
        spec.hostname,
        f"{rec.ip}/{PREFIX_LEN}",
        _ssh_mode(spec),
        scripts[0] if scripts else "-",
        "1" if spec.agent_state == "running" else "0",
        # The real interpreter, not a venv link: the venv may live under /tmp,
        # which each host hides behind its own tmpfs (the listener is stdlib only).
        str(Path(sys.executable).resolve()),
        str(_SILENT),
        layout.binary if layout is not None else "-",
        "1" if layout is not None and layout.pair else "0",
        str(spec.agent_instances),
        layout.config if layout is not None and spec.config_changed_after_start else "-",
        spec.https,
        *(f"{nic.name}={nic.ip}" for nic in spec.extra_nics),
    ]
    _record_launcher(state, _spawn(argv, hdir / "console.log"), spec.name)


def _check_latency(latency_ms: float) -> float:
    if (
        isinstance(latency_ms, bool)
        or not isinstance(latency_ms, int | float)
        or not 0 <= latency_ms <= MAX_LATENCY_MS
    ):
        raise LabError(
            f"latency: {latency_ms!r} ms is not a round trip of 0..{MAX_LATENCY_MS:.0f} ms"
        )
    return float(latency_ms)


def _launch_relay(state: _State, workdir: Path, timeout: float) -> None:
    """Start the latency relay, wait (bounded) until it listens, point ssh_config at it.

    It runs in this machine's own network namespace: ssh reaches it on
    loopback, and its connections to the hosts leave through the bridge like
    any other connection of this machine's (the guard rules only drop what
    comes from the bridge).
    """
    ports_file = workdir / "relay-ports.json"
    config = latency_relay.RelayConfig(
        one_way_delay_s=state.latency_ms / 2000,
        connect_timeout_s=RELAY_CONNECT_TIMEOUT,
        routes=tuple(latency_relay.Route(h.ip, 22) for h in state.hosts),
        ports_file=ports_file,
    )
    _write(workdir / "relay.json", config.to_json() + "\n")
    # -I: the relay is stdlib only; keep lab/ and the environment out of its imports
    argv = [sys.executable, "-I", str(_RELAY), str(workdir / "relay.json")]
    _record_launcher(state, _spawn(argv, workdir / "relay.log"), _RELAY_LABEL)
    state.save()
    relay = state.launchers[-1]
    deadline = time.monotonic() + timeout
    while not ports_file.exists():
        if _start_time(relay.pid) is None:
            _reap(relay.pid)
            hint = _log_hint(workdir / "relay.log")
            raise LabError(f"the latency relay died while starting{hint}")
        if time.monotonic() > deadline:
            raise LabError(f"the latency relay did not listen within {timeout:.0f} s")
        time.sleep(0.02)
    try:
        ports = json.loads(ports_file.read_text())
        state.relay_ports = {h.ip: int(ports[h.ip]) for h in state.hosts}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LabError(f"{ports_file}: unreadable relay ports: {exc}") from None
    state.save()
    _write(
        workdir / "ssh_config",
        render.ssh_config(workdir / "keys" / "id_ed25519", state.relay_ports),
    )


def _ssh_mode(spec: HostSpec) -> str:
    """hoststart.sh's SSHD argument: 1 sshd, 0 nothing on :22, silent, drop."""
    if not spec.sshd:
        return "0"
    return "1" if spec.ssh_fault == "none" else spec.ssh_fault


# --------------------------------------------------------------------------- readiness


def _probe(targets: dict[str, tuple[str, int]], wait: float) -> dict[str, str]:
    """One parallel round of TCP connects: key -> "open" | "refused" | "pending"."""
    result = dict.fromkeys(targets, "pending")
    sel = selectors.DefaultSelector()
    socks: dict[int, socket.socket] = {}
    try:
        for key, addr in targets.items():
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks[sock.fileno()] = sock
            sock.setblocking(False)
            err = sock.connect_ex(addr)
            if err == 0:
                result[key] = "open"
            elif err == errno.ECONNREFUSED:
                result[key] = "refused"
            elif err == errno.EINPROGRESS:
                sel.register(sock.fileno(), selectors.EVENT_WRITE, key)
        deadline = time.monotonic() + wait
        while sel.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for skey, _mask in sel.select(remaining):
                err = socks[skey.fd].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err == 0:
                    result[skey.data] = "open"
                elif err == errno.ECONNREFUSED:
                    result[skey.data] = "refused"
                sel.unregister(skey.fd)
    finally:
        sel.close()
        for sock in socks.values():
            sock.close()
    return result


def _wait_ready(state: _State, scenario: Scenario, timeout: float) -> None:
    want: dict[str, tuple[tuple[str, int], str]] = {
        "sls stand-in": ((render.SLS_IP, 80), "open"),
        "sls https stand-in": ((render.SLS_IP, 443), "open"),
        "other-web stand-in": ((render.OTHER_WEB_IP, 80), "open"),
        "refusing stand-in": ((render.REFUSED_IP, 80), "refused"),
        "huge-answer stand-in": ((render.HUGE_IP, 80), "open"),
    }
    for rec, spec in zip(state.hosts, scenario.hosts, strict=True):
        # A dropping host never answers a connect: "pending" is its ready state.
        wanted = {"0": "refused", "drop": "pending"}.get(_ssh_mode(spec), "open")
        want[spec.name] = ((rec.ip, 22), wanted)
    launchers = {launcher.label: launcher for launcher in state.launchers}
    pending = dict(want)
    deadline = time.monotonic() + timeout
    while pending:
        batch = dict(list(pending.items())[:400])
        states = _probe({k: addr for k, (addr, _w) in batch.items()}, 0.25)
        for key, (_addr, wanted) in batch.items():
            if states[key] == wanted:
                del pending[key]
        if not pending:
            break
        dead = []
        for key in pending:
            launcher = launchers.get(_SLS_LABEL if "stand-in" in key else key)
            if launcher is not None and _start_time(launcher.pid) is None:
                _reap(launcher.pid)
                dead.append(key)
        if dead:
            raise LabError(f"lab host {dead[0]} died while starting{_console_hint(state, dead[0])}")
        if time.monotonic() > deadline:
            names = sorted(pending)
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            raise LabError(
                f"not ready after {timeout:.0f} s: {', '.join(names[:5])}{more}"
                f"{_console_hint(state, names[0])}"
            )
        time.sleep(0.05)


def _console_hint(state: _State, key: str) -> str:
    log = (
        Path(state.workdir, "sls.log")
        if "stand-in" in key
        else Path(state.workdir, "h", key, "console.log")
    )
    return _log_hint(log)


def _log_hint(log: Path) -> str:
    """' (LOG: its last line)', or nothing."""
    try:
        lines = [
            ln.strip()
            for ln in log.read_text(errors="replace").splitlines()
            # the readiness probe's own bare connects make sshd log these; not a clue
            if ln.strip() and "kex_exchange_identification" not in ln
        ]
    except OSError:
        return ""
    return f" ({log}: {lines[-1]})" if lines else ""


# --------------------------------------------------------------------------- teardown


def _teardown(state: _State) -> None:
    workdir = Path(state.workdir)
    _stop_processes(state)
    _restore_sysctls(state)

    # Deleting a namespace takes its eth0 and with it our end of the veth pair;
    # the kernel does that asynchronously and in bulk, far faster than one
    # `link del` per host.  Wait for it (bounded) and delete stragglers by name.
    _ip_batch((f"netns del {n}" for n in state.netns if _netns_exists(n)), force=True)
    if state.bridge and _link_exists(BRIDGE) and _bridge_owner() in ("", str(workdir)):
        _run(["ip", "link", "del", BRIDGE], check=False)
    deadline = time.monotonic() + 10.0
    while any(_link_exists(v) for v in state.veths) and time.monotonic() < deadline:
        time.sleep(0.05)
    _ip_batch((f"link del {v}" for v in state.veths if _link_exists(v)), force=True)
    for chain, spec in RULES:
        if chain not in state.rules:
            continue
        argv = _rule_argv(chain, spec)
        for _ in range(10):  # bounded: one per insertion, a few spare
            if _run(["iptables", "-w", "5", "-C", *argv], check=False).returncode != 0:
                break
            _run(["iptables", "-w", "5", "-D", *argv], check=False)

    leftovers = [n for n in state.netns if _netns_exists(n)]
    if leftovers:
        raise LabError(f"could not delete network namespaces: {', '.join(leftovers[:5])}")
    for name in _WORKDIR_ENTRIES:
        path = workdir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    with contextlib.suppress(OSError):
        workdir.rmdir()


def _stop_processes(state: _State) -> None:
    victims: dict[int, int] = {}  # pid -> start time at collection
    for launcher in state.launchers:
        # A launcher that already died is kept too (it will not be signalled,
        # its start time no longer matches), so that it gets collected.
        if launcher.start is not None:
            victims[launcher.pid] = launcher.start
        else:
            _reap(launcher.pid)
    existing_ns = [n for n in state.netns if _netns_exists(n)]
    if existing_ns:
        out = _ip_batch((f"netns pids {n}" for n in existing_ns), force=True).stdout
        for token in out.split():
            if token.isdigit():
                start = _start_time(int(token))
                if start is not None:
                    victims[int(token)] = start
    _signal_all(victims, signal.SIGTERM)
    # A host still starting has a shell as PID 1 of its PID namespace; such an
    # init never sees SIGTERM, so a half-built lab goes to SIGKILL sooner.
    if _wait_gone(victims, TERM_WAIT if state.phase == "up" else 1.0):
        return
    _signal_all(victims, signal.SIGKILL)
    if not _wait_gone(victims, KILL_WAIT):
        raise LabError(f"processes did not exit after SIGKILL: {sorted(victims)[:10]}")


def _signal_all(victims: dict[int, int], sig: signal.Signals) -> None:
    for pid, start in victims.items():
        if _start_time(pid) == start:  # still the same process
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)


def _wait_gone(victims: dict[int, int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        for pid in list(victims):
            if _start_time(pid) != victims[pid] and _reap(pid):
                del victims[pid]
        if not victims:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
