"""Waiting, bounded, until every host and stand-in answers on its port as it should."""

from __future__ import annotations

import errno
import selectors
import socket
import time
from pathlib import Path

from lab import render
from lab.errors import LabError
from lab.launch import SLS_LABEL, ssh_mode
from lab.scenario import Scenario
from lab.state import LabState
from lab.system import log_hint, reap, start_time


def probe(targets: dict[str, tuple[str, int]], wait: float) -> dict[str, str]:
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


def wait_ready(state: LabState, scenario: Scenario, timeout: float) -> None:
    want: dict[str, tuple[tuple[str, int], str]] = {
        "sls stand-in": ((render.SLS_IP, 80), "open"),
        "sls https stand-in": ((render.SLS_IP, 443), "open"),
        "other-web stand-in": ((render.OTHER_WEB_IP, 80), "open"),
        "refusing stand-in": ((render.REFUSED_IP, 80), "refused"),
        "huge-answer stand-in": ((render.HUGE_IP, 80), "open"),
    }
    for rec, spec in zip(state.hosts, scenario.hosts, strict=True):
        # A dropping host never answers a connect: "pending" is its ready state.
        wanted = {"0": "refused", "drop": "pending"}.get(ssh_mode(spec), "open")
        want[spec.name] = ((rec.ip, 22), wanted)
    launchers = {launcher.label: launcher for launcher in state.launchers}
    pending = dict(want)
    deadline = time.monotonic() + timeout
    while pending:
        batch = dict(list(pending.items())[:400])
        states = probe({k: addr for k, (addr, _w) in batch.items()}, 0.25)
        for key, (_addr, wanted) in batch.items():
            if states[key] == wanted:
                del pending[key]
        if not pending:
            break
        dead = []
        for key in pending:
            launcher = launchers.get(SLS_LABEL if "stand-in" in key else key)
            if launcher is not None and start_time(launcher.pid) is None:
                reap(launcher.pid)
                dead.append(key)
        if dead:
            raise LabError(f"lab host {dead[0]} died while starting{console_hint(state, dead[0])}")
        if time.monotonic() > deadline:
            names = sorted(pending)
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            raise LabError(
                f"not ready after {timeout:.0f} s: {', '.join(names[:5])}{more}"
                f"{console_hint(state, names[0])}"
            )
        time.sleep(0.05)


def console_hint(state: LabState, key: str) -> str:
    log = (
        Path(state.workdir, "sls.log")
        if "stand-in" in key
        else Path(state.workdir, "h", key, "console.log")
    )
    return log_hint(log)
