"""Running things on this machine for the lab: tools, processes, files, all bounded.

Every command runs with a fixed environment (``ENV``) and a time-out; a
failure is a one-line LabError. Processes are known by PID and start time, so
a recycled PID is never mistaken for one the lab started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from lab.errors import LabError

ENV: Final = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "HOME": "/root",
}

TOOLS: Final = ("ip", "iptables", "unshare", "nsenter", "mount", "umount")


def run(
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
            env=ENV,
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


def ip_batch(lines: Iterable[str], *, force: bool = False) -> subprocess.CompletedProcess[str]:
    text = "".join(f"{line}\n" for line in lines)
    if not text:
        return subprocess.CompletedProcess([], 0, "", "")
    argv = ["ip", "-force", "-batch", "-"] if force else ["ip", "-batch", "-"]
    return run(argv, stdin=text, check=not force)


def start_time(pid: int) -> int | None:
    """Start time (clock ticks since boot) of a live, non-zombie process, else None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    if not fields or fields[0] in (b"Z", b"X"):
        return None
    return int(fields[19])


def reap(pid: int) -> bool:
    """Collect pid if it is an exited child of ours.

    False only for a child of ours that cannot be collected yet (still running,
    or a multi-threaded process whose other threads are still exiting).
    """
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # not our child: its own parent collects it
    return done == pid


def spawn(argv: Sequence[str], log: Path) -> int:
    """Start argv in its own session, stdin /dev/null, stdout+stderr to log."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawnp(argv[0], list(argv), ENV, file_actions=actions, setsid=True)


def netns_exists(name: str) -> bool:
    return Path("/run/netns", name).exists()


def link_exists(name: str) -> bool:
    return Path("/sys/class/net", name).exists()


def disable_ipv6(ifname: str) -> None:
    with contextlib.suppress(OSError):
        Path(f"/proc/sys/net/ipv6/conf/{ifname}/disable_ipv6").write_text("1\n")


def write(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    data = text.encode() if isinstance(text, str) else text
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    path.chmod(mode)


def log_hint(log: Path) -> str:
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


def preflight() -> None:
    if os.geteuid() != 0:
        raise LabError("the lab must run as root (it creates network namespaces)")
    missing = [t for t in TOOLS if shutil.which(t, path=ENV["PATH"]) is None]
    if not Path("/usr/sbin/sshd").exists():
        missing.append("sshd (openssh-server)")
    if missing:
        raise LabError(f"missing tools: {', '.join(missing)}")
