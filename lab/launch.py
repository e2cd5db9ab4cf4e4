"""Starting the lab's processes: the SLS stand-in, each host (sshd as PID 1), the relay.

Each is recorded in the state (PID and start time) as soon as it is spawned.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Final

from lab import latency_relay, render
from lab.errors import LabError
from lab.host_files import TEMPLATES, Templates, init_scripts
from lab.network import PREFIX_LEN, SLS_NETNS
from lab.scenario import HostSpec
from lab.state import HostRecord, LabState, record_launcher
from lab.system import log_hint, reap, spawn, start_time, write

STANDIN: Final = Path(__file__).with_name("sls_standin.py")
SILENT_LISTENER: Final = TEMPLATES / "silent_listener.py"
RELAY: Final = Path(__file__).with_name("latency_relay.py")
RELAY_LABEL: Final = "latency relay"  # has a space, so no host name can clash with it
SLS_LABEL: Final = "sls stand-in"  # has a space, so no host name can clash with it
MAX_LATENCY_MS: Final = 2000.0
RELAY_CONNECT_TIMEOUT: Final = 5.0


def launch_sls(state: LabState, workdir: Path) -> None:
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
        str(STANDIN),
        render.SLS_IP,
        render.OTHER_WEB_IP,
        str(workdir / "tls" / "server.crt"),
        str(workdir / "tls" / "server.key"),
        render.HUGE_IP,
    ]
    record_launcher(state, spawn(argv, workdir / "sls.log"), SLS_LABEL)


def launch_host(
    state: LabState, hdir: Path, rec: HostRecord, spec: HostSpec, tpl: Templates
) -> None:
    scripts = init_scripts(spec)
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
        ssh_mode(spec),
        scripts[0] if scripts else "-",
        # An agent in a container is started by its container (lab/containers.py).
        "1" if spec.agent_state == "running" and spec.container == "none" else "0",
        # The real interpreter, not a venv link: the venv may live under /tmp,
        # which each host hides behind its own tmpfs (the listener is stdlib only).
        str(Path(sys.executable).resolve()),
        str(SILENT_LISTENER),
        layout.binary if layout is not None else "-",
        "1" if layout is not None and layout.pair else "0",
        str(spec.agent_instances),
        layout.config if layout is not None and spec.config_changed_after_start else "-",
        spec.https,
        *(f"{nic.name}={nic.ip}" for nic in spec.extra_nics),
    ]
    record_launcher(state, spawn(argv, hdir / "console.log"), spec.name)


def check_latency(latency_ms: float) -> float:
    if (
        isinstance(latency_ms, bool)
        or not isinstance(latency_ms, int | float)
        or not 0 <= latency_ms <= MAX_LATENCY_MS
    ):
        raise LabError(
            f"latency: {latency_ms!r} ms is not a round trip of 0..{MAX_LATENCY_MS:.0f} ms"
        )
    return float(latency_ms)


def launch_relay(state: LabState, workdir: Path, timeout: float) -> None:
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
    write(workdir / "relay.json", config.to_json() + "\n")
    # -I: the relay is stdlib only; keep lab/ and the environment out of its imports
    argv = [sys.executable, "-I", str(RELAY), str(workdir / "relay.json")]
    record_launcher(state, spawn(argv, workdir / "relay.log"), RELAY_LABEL)
    state.save()
    relay = state.launchers[-1]
    deadline = time.monotonic() + timeout
    while not ports_file.exists():
        if start_time(relay.pid) is None:
            reap(relay.pid)
            hint = log_hint(workdir / "relay.log")
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
    write(
        workdir / "ssh_config",
        render.ssh_config(workdir / "keys" / "id_ed25519", state.relay_ports),
    )


def ssh_mode(spec: HostSpec) -> str:
    """hoststart.sh's SSHD argument: 1 sshd, 0 nothing on :22, silent, drop."""
    if not spec.sshd:
        return "0"
    return "1" if spec.ssh_fault == "none" else spec.ssh_fault
