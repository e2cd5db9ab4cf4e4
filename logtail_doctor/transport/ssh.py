"""The probe through our own local ssh process, killed (group and all) at the bound."""

from __future__ import annotations

import contextlib
import os
import selectors
import shlex
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from logtail_doctor.transport.options import OUTPUT_LIMIT
from logtail_doctor.transport.specs import SERVER_ALIVE_COUNT_MAX, SERVER_ALIVE_INTERVAL, scrub
from logtail_doctor.transport.unreachable import missing_program_error

# ssh's exit 255 with nothing on stderr: in our runs (BatchMode, the options of
# specs._backend_kwargs) that is a connection that went silent mid-probe, ended
# by ssh's keepalive bound, not a refusal or a failed login (those say so).
SILENT_SSH_FAILURE = (
    "ssh exited 255 without a message: the host stopped answering mid-session and ssh "
    f"gave up after about {SERVER_ALIVE_INTERVAL * SERVER_ALIVE_COUNT_MAX} s of silence "
    f"(ServerAliveInterval={SERVER_ALIVE_INTERVAL}, ServerAliveCountMax={SERVER_ALIVE_COUNT_MAX})"
)


def run_ssh(backend: Any, script: str, deadline: float, bound: str) -> tuple[bytes, str] | str:
    """The probe through a local ssh process that is killed at the deadline.

    The command line is testinfra's own (its _build_ssh_command and quoting), so
    ssh_config, identity, user, port, sudo and ssh_extra_args mean what they mean
    in testinfra; only the process is ours. Returns (stdout's raw bytes, stderr
    as text), or one line saying why there is no answer. A password goes to
    sshpass in the environment, never on a command line.
    """
    command = backend.get_command("sh -c %s", script)
    parts, args = backend._build_ssh_command(command)
    env = dict(os.environ)
    password = backend.host.password
    if password:
        # testinfra: ["sshpass", "-p", "%s", "ssh", ...] with the password as first arg
        parts = ["sshpass", "-e", *parts[3:]]
        args = args[1:]
        env["SSHPASS"] = password
    # testinfra quotes every value with shlex.quote for a shell; splitting the
    # line the same way gives ssh its argv without a local shell in between.
    argv = shlex.split(backend.quote(" ".join(parts), *args))
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: killed as one
            env=env,
        )
    except FileNotFoundError:
        return missing_program_error(Path(argv[0]).name)
    except OSError as exc:
        return f"cannot start {Path(argv[0]).name}: {exc.strerror}"
    try:
        out, err, problem = read_bounded(proc, deadline, bound)
    finally:
        kill_group(proc)
    stderr = err.decode("utf-8", "replace")
    if problem is not None:
        return scrub(problem, backend)
    if proc.returncode == 255:  # ssh's own failure (cannot connect, auth, connection lost)
        lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
        reason = lines[-1] if lines else SILENT_SSH_FAILURE
        return scrub(f"ssh failed: {reason}", backend)
    return out, stderr


def read_bounded(
    proc: subprocess.Popen[bytes], deadline: float, bound: str, program: str = "ssh"
) -> tuple[bytes, bytes, str | None]:
    """stdout and stderr until both close, the deadline passes or OUTPUT_LIMIT is exceeded."""
    assert proc.stdout is not None
    assert proc.stderr is not None
    buffers = {proc.stdout.fileno(): bytearray(), proc.stderr.fileno(): bytearray()}
    out_fd = proc.stdout.fileno()
    problem: str | None = None
    with selectors.DefaultSelector() as sel:
        for fd in buffers:
            sel.register(fd, selectors.EVENT_READ)
        while sel.get_map() and problem is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                problem = "timeout"
                break
            for key, _mask in sel.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    sel.unregister(key.fd)
                    continue
                buffers[key.fd] += chunk
                if len(buffers[key.fd]) > OUTPUT_LIMIT:
                    which = "output" if key.fd == out_fd else "error output"
                    problem = f"the host sent more than {OUTPUT_LIMIT // 1048576} MiB of {which}"
                    break
    if problem is None:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            problem = "timeout"
    if problem == "timeout":
        got = "some output" if buffers[out_fd] else "no output"
        problem = f"no complete answer within {bound}; {got} by then; {program} was killed"
    return bytes(buffers[out_fd]), bytes(buffers[proc.stderr.fileno()]), problem


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill ssh (podman, kubectl) and anything it started (sshpass, ProxyCommand); collect it."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):  # killed yet alive: leave it
        proc.wait(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
