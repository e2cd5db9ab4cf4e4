"""Our one seam to pytest-testinfra: host specs in, probe output out.

testinfra is frozen upstream, so everything we need from it goes through
here: building a Host from a spec (ssh, paramiko, ansible, ...), running the
probe once, and turning every transport failure into one line of text.
Nothing else in the project imports testinfra.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import math
import os
import queue
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import testinfra

from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import M, Msg
from logtail_doctor.probe import (
    ProbeError,
    linux_probe_script,
    new_nonce,
    parse_linux_probe,
    parse_windows_probe,
    windows_probe_command,
    windows_probe_input,
)
from logtail_doctor.text import one_line

if TYPE_CHECKING:
    import winrm.protocol

# pywinrm and requests are imported where a winrm:// host is probed, not here:
# together they cost about 0.3 s of start-up, which an SSH-only run never needs.

DEFAULT_CONNECTION = "ssh"
# Backends whose probe we run as our own local ssh process, so that a hung
# connection is killed (process group and all) at the bound.
SSH_BACKENDS = ("ssh", "safe-ssh")
# Windows hosts: the PowerShell probe, through pywinrm driven by us (bounded).
WINRM_BACKEND = "winrm"
# The most we read from one host: the probe caps each of its ~20 values at
# 64 KiB (raw bytes, plus a short header each); anything beyond is not our probe.
OUTPUT_LIMIT = 4 * 1024 * 1024
# Slack for the watchdog over a backend we cannot kill (paramiko, ansible, ...).
WATCHDOG_SLACK = 5.0
# Query parameters a host spec may carry. Others (ssh_config, ssh_identity_file,
# ansible_inventory, controlpersist, ...) would let a targets file choose files
# or programs the runner uses, so they are options of the run, never of a host.
ALLOWED_SPEC_QUERY = frozenset({"sudo", "sudo_user"})
# A winrm:// spec may only say how to speak HTTP(S) to the host (testinfra's
# WinRM options); sudo means nothing there. Timeouts come from our bounds.
WINRM_SPEC_QUERY = frozenset({"no_ssl", "no_verify_ssl"})
# A host name, an IPv4 or IPv6 address (bare or in brackets): never starting
# with "-" (it would be an ssh option) and no shell metacharacters.
_HOSTNAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.%:-]*|\[[0-9A-Fa-f:.%]+\]")
_USER_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# A Windows account for WinRM may be DOMAIN\\user or user@domain (NTLM, never a shell word).
_WINRM_USER_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\\@-]*")
# pywinrm's own per-request timeouts when we clean up a command that ended.
WINRM_CLEANUP_TIMEOUT = 2


@dataclass(frozen=True)
class ConnectionOptions:
    """testinfra's own options plus our bounds; mirrors the pytest command line."""

    connection: str | None = None
    ssh_config: str | None = None
    ssh_identity_file: str | None = None
    sudo: bool = False
    sudo_user: str | None = None
    ansible_inventory: str | None = None
    force_ansible: bool = False
    connect_timeout: int = 10
    command_timeout: int = 60

    @property
    def host_limit(self) -> float:
        """The most one host may take, connect and probe together."""
        return float(self.connect_timeout + self.command_timeout)

    @property
    def step_limit(self) -> int:
        """Seconds one slow step of the probe may take on the host (LTD_STEP in linux.sh).

        The probe has at most 7 such steps (2 status calls, 4 curls, getent), so
        an eighth of the command timeout keeps them all inside it.
        """
        return max(2, self.command_timeout // 8)

    @property
    def winrm_timeouts(self) -> tuple[int, int]:
        """pywinrm's (read_timeout_sec, operation_timeout_sec) from our bounds.

        read_timeout_sec is what requests waits for a connect and for each
        answer: the connect timeout. operation_timeout_sec is how long the host
        holds one WS-Management request (a Receive waiting for output) before
        answering "nothing yet"; pywinrm requires it below read_timeout_sec, and
        half of it leaves the other half for the network.
        """
        operation = max(1, self.connect_timeout // 2)
        return max(operation + 1, self.connect_timeout), operation


@dataclass(frozen=True)
class ProbeResult:
    host_id: str
    facts: HostFacts | None
    error: str | None  # one line: why the host gave no usable facts
    seconds: float


@dataclass(frozen=True)
class Target:
    """One host to probe: its display id (no secrets) and its testinfra Host."""

    host_id: str
    spec: str
    host: Any  # testinfra.host.Host (untyped upstream)


def redact(spec: str) -> str:
    """The spec without a password: ssh://root:secret@h -> ssh://root:***@h."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", spec)


def scheme_of(spec: str, options: ConnectionOptions) -> str:
    if "://" in spec:
        return spec.split("://", 1)[0]
    return options.connection or DEFAULT_CONNECTION


def expand_targets(specs: Iterable[str], options: ConnectionOptions) -> list[Target]:
    """testinfra Hosts for the given specs; an ansible:// spec may expand to several.

    Raises ValueError with one line naming the spec that testinfra rejects.
    """
    targets: list[Target] = []
    for spec in specs:
        check_spec(spec)
        if scheme_of(spec, options) == "ansible":
            _find_ansible()
        kwargs = _backend_kwargs(spec, options)
        try:
            hosts = testinfra.get_hosts([spec], **kwargs)
        except Exception as exc:  # testinfra raises bare RuntimeError/KeyError for bad specs
            raise ValueError(f"host {redact(spec)}: {one_line(exc)}") from None
        if len(hosts) == 1 and not spec.startswith("ansible://"):
            targets.append(Target(redact(spec), spec, hosts[0]))
        else:
            targets.extend(
                Target(h.backend.get_pytest_id(), spec, _native(h, options)) for h in hosts
            )
    for target in targets:
        _check_backend_host(target)
    return targets


def _native(host: Any, options: ConnectionOptions) -> Any:
    """For an ansible:// host, the ssh/paramiko/... Host its inventory entry amounts to.

    testinfra's ansible backend delegates each command to that Host anyway (unless
    --force-ansible or an unsupported ansible_connection); taking it here lets the
    probe run as our own bounded ssh process. Otherwise the ansible Host itself.
    """
    backend = host.backend
    if getattr(backend, "NAME", None) != "ansible" or backend.force_ansible:
        return host
    try:
        native = backend.ansible_runner.get_host(
            backend.host, ssh_config=backend.ssh_config, ssh_identity_file=backend.ssh_identity_file
        )
    except Exception as exc:  # inventory errors come untyped from ansible
        raise ValueError(f"host ansible://{backend.host}: {one_line(exc)}") from None
    if native is None:
        return host
    if getattr(native.backend, "NAME", None) in SSH_BACKENDS:
        # Our bounds and one-command policy, as for any ssh host.
        native.backend.timeout = options.connect_timeout
        native.backend.controlpersist = 0
    return native


def _find_ansible() -> None:
    """testinfra runs `ansible-inventory` from PATH: also look next to this Python (a venv)."""
    if shutil.which("ansible-inventory") is None:
        here = Path(sys.executable).parent
        if (here / "ansible-inventory").exists():
            os.environ["PATH"] = f"{here}{os.pathsep}{os.environ.get('PATH', '')}"


def check_spec(spec: str) -> None:
    """Refuse a host spec that could make the runner do more than connect to a host.

    A spec is untrusted (it comes from a targets file). Raises ValueError, one line.
    """
    shown = redact(spec)
    if any(c.isspace() or not c.isprintable() for c in spec):
        raise ValueError(f"host {shown!r}: spaces or control characters in a host spec")
    scheme, _, rest = spec.partition("://") if "://" in spec else ("", "", spec)
    allowed = WINRM_SPEC_QUERY if scheme == WINRM_BACKEND else ALLOWED_SPEC_QUERY
    _, _, query = rest.partition("?")
    for key in urllib.parse.parse_qs(query, keep_blank_values=True):
        if key not in allowed:
            raise ValueError(
                f"host {shown}: parameter {key!r} is not allowed in a {scheme or 'host'} spec "
                f"(allowed: {', '.join(sorted(allowed))}; use the command-line option)"
            )


def _check_backend_host(target: Target) -> None:
    """The host name, user and port testinfra parsed must be plain (no ssh option in disguise)."""
    backend = target.host.backend
    parsed = getattr(backend, "host", None)
    if parsed is None or isinstance(parsed, str):  # local, docker, ..., ansible's own
        return
    name, user, port = parsed.name, parsed.user, parsed.port
    user_re = _WINRM_USER_RE if getattr(backend, "NAME", None) == WINRM_BACKEND else _USER_RE
    if not isinstance(name, str) or not _HOSTNAME_RE.fullmatch(name):
        raise ValueError(f"host {target.host_id}: {name!r} is not a host name or address")
    if user is not None and not user_re.fullmatch(str(user)):
        raise ValueError(f"host {target.host_id}: {user!r} is not a user name")
    if port is not None and not str(port).isdigit():
        raise ValueError(f"host {target.host_id}: {port!r} is not a port number")


def _backend_kwargs(spec: str, options: ConnectionOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "connection": options.connection or DEFAULT_CONNECTION,
        "ssh_config": options.ssh_config,
        "ssh_identity_file": options.ssh_identity_file,
        "sudo": options.sudo,
        "sudo_user": options.sudo_user,
        "timeout": options.connect_timeout,
    }
    scheme = scheme_of(spec, options)
    if scheme == "ansible":
        kwargs["ansible_inventory"] = options.ansible_inventory
        kwargs["force_ansible"] = options.force_ansible
    if scheme == WINRM_BACKEND:
        kwargs["read_timeout_sec"], kwargs["operation_timeout_sec"] = options.winrm_timeouts
    if scheme in ("ssh", "safe-ssh"):
        # One command per host: a ControlMaster would only linger after the run.
        kwargs["controlpersist"] = 0
        extra = [
            "-o ServerAliveInterval=5",
            "-o ServerAliveCountMax=2",
            f"-o ConnectTimeout={options.connect_timeout}",
        ]
        if not _has_password(spec):
            # Never wait for a password prompt nobody will answer.
            extra.append("-o BatchMode=yes")
        kwargs["ssh_extra_args"] = " ".join(extra)
    return kwargs


def _has_password(spec: str) -> bool:
    netloc = urllib.parse.urlsplit(spec if "://" in spec else f"x://{spec}").netloc
    return "@" in netloc and ":" in netloc.rsplit("@", 1)[0]


def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
    """Run the probe on one host, within options.host_limit for ssh and winrm; never raises."""
    start = time.monotonic()
    backend = target.host.backend
    name = getattr(backend, "NAME", None)
    bound = (
        f"{options.host_limit:.0f} s (connect {options.connect_timeout} s "
        f"+ command {options.command_timeout} s)"
    )
    nonce = ""  # Linux only: the records' separator
    stdout: str | bytes  # the Windows probe's text, or the Linux probe's raw bytes
    if name == WINRM_BACKEND:
        answer = _run_winrm(
            backend,
            windows_probe_command(options.step_limit),
            windows_probe_input(),
            start + options.host_limit,
            bound,
        )
        if isinstance(answer, str):
            return ProbeResult(target.host_id, None, answer, time.monotonic() - start)
        stdout, stderr = answer
    else:
        # The records' separator, new for each run (linux.sh's LTD_NONCE). It is
        # visible in the host's process list (the script is `sh -c`'s argument)
        # for the probe's fraction of a second. That is acceptable: the values
        # an outsider could shape (the config server's answer, DNS) come from
        # parties that cannot see the host's processes, and a local user who
        # could write the files the probe reads can change the agent's config
        # anyway.
        nonce = new_nonce()
        script = f"LTD_STEP={options.step_limit}\nLTD_NONCE={nonce}\n{linux_probe_script()}"
        if name in SSH_BACKENDS:
            ssh_answer = _run_ssh(backend, script, start + options.host_limit, bound)
            if isinstance(ssh_answer, str):
                return ProbeResult(target.host_id, None, ssh_answer, time.monotonic() - start)
            stdout, stderr = ssh_answer
        else:
            try:
                result = target.host.run("sh -c %s", script)
                stdout, stderr = result.stdout_bytes, result.stderr
            except Exception as exc:  # the transport's failures are many and untyped:
                # paramiko socket errors, ansible errors. Each means "no answer" to us.
                error = _scrub(_transport_error(exc), backend)
                return ProbeResult(target.host_id, None, error, time.monotonic() - start)
    elapsed = time.monotonic() - start
    try:
        if isinstance(stdout, bytes):
            facts = parse_linux_probe(stdout, nonce)
        else:
            facts = parse_windows_probe(stdout)
    except ProbeError as exc:
        detail = _scrub(one_line(_clixml_text(stderr)), backend)[:200]
        return ProbeResult(
            target.host_id,
            None,
            f"the probe's output is unusable: {exc}" + (f" (stderr: {detail})" if detail else ""),
            elapsed,
        )
    # The runner's clock when the answer arrived: the clock check's fallback reference.
    facts = dataclasses.replace(facts, runner_epoch=time.time())
    return ProbeResult(target.host_id, facts, None, elapsed)


def _winrm_protocol(conn_args: dict[str, Any]) -> winrm.protocol.Protocol:
    """pywinrm's Protocol for testinfra's connection arguments (a seam for unit tests).

    Two of pywinrm's implicit, deprecated habits are made explicit: WinRM goes
    straight to the host, never through an HTTP(S)_PROXY of the runner's
    environment (like ssh), and a CA bundle named by REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE is still trusted, as requests would, without pywinrm's
    DeprecationWarning.
    """
    import winrm.protocol  # noqa: PLC0415 (heavy; only for winrm:// hosts)

    extra: dict[str, Any] = {"proxy": None}
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        extra["ca_trust_path"] = bundle
    return winrm.protocol.Protocol(**conn_args, **extra)


def _limit_requests(protocol: Any, remaining: float, read: int, operation: int) -> None:
    """Make pywinrm's next requests end by the deadline (each waits at most ~remaining)."""
    op = max(1, min(operation, math.floor(remaining) - 1))
    protocol.operation_timeout_sec = op
    protocol.transport.read_timeout_sec = max(op + 1, min(read, math.ceil(remaining)))


def _run_winrm(
    backend: Any, command: str, stdin: str, deadline: float, bound: str
) -> tuple[str, str] | str:
    """The Windows probe over WinRM: one shell, one command, the script on its stdin.

    testinfra's WinRMBackend parsed the spec into conn_args (endpoint, NTLM,
    user, password, TLS options, our timeouts); its own run_winrm has no stdin
    and waits for output without end, so the WS-Management exchange is driven
    here: every request is cut at the time left, output beyond OUTPUT_LIMIT
    stops the read, and a command still running at the deadline is told to
    terminate (WinRM's Signal) before its shell is deleted. Returns (stdout,
    stderr), or one line saying why there is no answer; never the password.
    """
    import requests  # noqa: PLC0415 (heavy; only for winrm:// hosts)

    conn_args = dict(backend.conn_args)
    endpoint = str(conn_args.get("endpoint", ""))
    run = _WinRMRun(
        deadline, int(conn_args["read_timeout_sec"]), int(conn_args["operation_timeout_sec"])
    )
    problem: str | None = None
    try:
        run.protocol = _winrm_protocol(conn_args)
        problem = run.exchange(command, stdin)
    except TimeoutError:
        got = "some output" if run.out else "no output"
        problem = f"no complete answer within {bound}; {got} by then"
    except requests.exceptions.Timeout as exc:  # one request ran into its read_timeout_sec
        waited = run.read_timeout()
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            problem = f"winrm failed: connecting to {endpoint} timed out ({waited} s)"
        else:
            got = "; some output came before" if run.out else ""
            problem = f"winrm failed: {endpoint} did not answer within {waited} s{got}"
    except Exception as exc:  # pywinrm, requests and NTLM raise many unrelated types
        problem = _winrm_error(exc, endpoint)
    finally:
        if run.protocol is not None and run.shell_id is not None:
            _winrm_cleanup(run.protocol, run.shell_id, run.command_id, finished=run.done)
    if problem is not None:
        return _scrub(problem, backend)[:400]
    return run.out.decode("utf-8", "replace"), run.err.decode("utf-8", "replace")


@dataclass
class _WinRMRun:
    """One command's WS-Management exchange, each request bounded by the deadline."""

    deadline: float
    read: int  # pywinrm's read_timeout_sec: the most one request may wait
    operation: int  # its operation_timeout_sec: how long the host holds a long poll
    protocol: Any = None
    shell_id: str | None = None
    command_id: str | None = None
    done: bool = False
    out: bytearray = dataclasses.field(default_factory=bytearray)
    err: bytearray = dataclasses.field(default_factory=bytearray)

    def read_timeout(self) -> int:
        return int(getattr(getattr(self.protocol, "transport", None), "read_timeout_sec", 0))

    def before_request(self) -> None:
        """Raise TimeoutError at the deadline; else cut the next request to the time left."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        _limit_requests(self.protocol, remaining, self.read, self.operation)

    def exchange(self, command: str, stdin: str) -> str | None:
        """Open a shell, run the command, send its stdin, read until done; a problem or None."""
        import winrm.exceptions  # noqa: PLC0415 (heavy; only for winrm:// hosts)

        self.before_request()
        self.shell_id = self.protocol.open_shell()
        self.before_request()
        self.command_id = self.protocol.run_command(
            self.shell_id, command, console_mode_stdin=False
        )
        self.before_request()
        self.protocol.send_command_input(
            self.shell_id, self.command_id, stdin.encode("ascii"), end=True
        )
        while not self.done:
            self.before_request()
            try:
                out, err, _rc, self.done = self.protocol.get_command_output_raw(
                    self.shell_id, self.command_id
                )
            except winrm.exceptions.WinRMOperationTimeoutError:
                continue  # no output yet: the host's answer to a long poll
            self.out += out
            self.err += err
            if len(self.out) > OUTPUT_LIMIT or len(self.err) > OUTPUT_LIMIT:
                which = "output" if len(self.out) > OUTPUT_LIMIT else "error output"
                return f"the host sent more than {OUTPUT_LIMIT // 1048576} MiB of {which}"
        return None


def _winrm_cleanup(protocol: Any, shell_id: str, command_id: str | None, finished: bool) -> None:
    """Terminate the command (if it runs on) and delete its shell; best effort, bounded.

    After a clean end this takes two quick requests. After a timeout the host
    may not answer at all, so it runs in a daemon thread and the caller does
    not wait: the host's WinRM then ends the shell at its own idle timeout.
    """

    def clean() -> None:
        protocol.operation_timeout_sec = 1
        protocol.transport.read_timeout_sec = WINRM_CLEANUP_TIMEOUT
        with contextlib.suppress(Exception):  # a cleanup failure changes no verdict
            if command_id is not None:
                protocol.cleanup_command(shell_id, command_id)
        with contextlib.suppress(Exception):
            protocol.close_shell(shell_id)

    if finished:
        clean()
    else:
        threading.Thread(target=clean, daemon=True).start()


def _winrm_error(exc: BaseException, endpoint: str) -> str:
    """One line for a failed WinRM exchange (the endpoint URL carries no password)."""
    import requests  # noqa: PLC0415 (heavy; only for winrm:// hosts)
    import winrm.exceptions  # noqa: PLC0415

    if isinstance(exc, winrm.exceptions.InvalidCredentialsError):
        return f"winrm failed: Authentication rejected by {endpoint}: {one_line(exc)[:200]}"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"winrm failed: TLS with {endpoint} failed: {_innermost(exc)}"
    if isinstance(exc, requests.exceptions.ConnectionError):
        inner = _innermost(exc)
        if isinstance(_root(exc), ConnectionRefusedError) or "refused" in inner.lower():
            return f"winrm failed: connection refused by {endpoint}"
        return f"winrm failed: cannot connect to {endpoint}: {inner}"
    if isinstance(exc, winrm.exceptions.WSManFaultError):
        return f"winrm failed: WS-Management fault from {endpoint}: {one_line(exc.reason)[:200]}"
    if isinstance(exc, winrm.exceptions.WinRMTransportError):
        return f"winrm failed: HTTP {exc.code} from {endpoint}"
    return f"winrm failed: {type(exc).__name__}: {one_line(exc)[:200]}"


def _root(exc: BaseException) -> BaseException:
    """The first exception of a chain (requests wraps urllib3 wraps socket errors)."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nested = exc.__cause__ or exc.__context__
        if nested is None and exc.args and isinstance(exc.args[0], BaseException):
            nested = exc.args[0]
        if nested is None:
            reason = getattr(exc, "reason", None)
            nested = reason if isinstance(reason, BaseException) else None
        if nested is None:
            break
        exc = nested
    return exc


def _innermost(exc: BaseException) -> str:
    root = _root(exc)
    text = one_line(root) or type(root).__name__
    return text[:200]


def _clixml_text(stderr: str) -> str:
    """PowerShell's stderr over WinRM is CLIXML ("#< CLIXML <Objs>..."): its error strings."""
    if not stderr.lstrip().startswith("#< CLIXML"):
        return stderr
    parts = re.findall(r'<S S="Error">(.*?)</S>', stderr, flags=re.DOTALL)
    text = "".join(parts) if parts else re.sub(r"<[^>]*>", " ", stderr.split("\n", 1)[-1])
    text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text)


def _run_ssh(backend: Any, script: str, deadline: float, bound: str) -> tuple[bytes, str] | str:
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
    except OSError as exc:
        return f"cannot start ssh: {exc.strerror}"
    try:
        out, err, problem = _read_bounded(proc, deadline, bound)
    finally:
        _kill_group(proc)
    stderr = err.decode("utf-8", "replace")
    if problem is not None:
        return _scrub(problem, backend)
    if proc.returncode == 255:  # ssh's own failure (cannot connect, auth, connection lost)
        lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
        reason = lines[-1] if lines else "ssh exited 255"
        return _scrub(f"ssh failed: {reason}", backend)
    return out, stderr


def _read_bounded(
    proc: subprocess.Popen[bytes], deadline: float, bound: str
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
        problem = f"no complete answer within {bound}; {got} by then; ssh was killed"
    return bytes(buffers[out_fd]), bytes(buffers[proc.stderr.fileno()]), problem


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill ssh and anything it started (sshpass, ProxyCommand), then collect it."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):  # killed yet alive: leave it
        proc.wait(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def _scrub(text: str, backend: Any) -> str:
    """Never let a password from a host spec into a message."""
    password = getattr(getattr(backend, "host", None), "password", None)
    if password:
        text = text.replace(password, "***")
        quoted = urllib.parse.quote(password, safe="")
        if quoted != password:
            text = text.replace(quoted, "***")
    return text


def _abort(target: Target) -> None:
    """Unblock a worker stuck in a backend we do not run ourselves (paramiko: close it)."""
    client = getattr(target.host.backend, "__dict__", {}).get("client")
    close = getattr(client, "close", None)
    if callable(close):
        with contextlib.suppress(Exception):  # best effort on an abandoned connection
            close()


class ProbeRun:
    """Every target probed in the background, concurrently, each bounded by options.host_limit.

    ``result(host_id)`` returns a host's result as soon as that host is done
    (``results()`` waits for all). A host that does not finish in time is reported as such and
    its worker is abandoned (daemon thread) and replaced, so one hanging host
    never delays the others beyond the bound; the whole run has a bound too.
    """

    def __init__(
        self, targets: list[Target], options: ConnectionOptions, max_connections: int
    ) -> None:
        self._targets = list(targets)
        self._options = options
        self._jobs: queue.Queue[Target] = queue.Queue()
        for target in self._targets:
            self._jobs.put(target)
        self._results: dict[str, ProbeResult] = {}
        self._started: dict[str, float] = {}
        self._abandoned: set[str] = set()
        self._done = threading.Condition()
        workers = max(1, min(max_connections, len(self._targets)))
        self._limit = options.host_limit + WATCHDOG_SLACK  # ssh backends end at host_limit
        # The whole run cannot take longer than every host's bound in sequence.
        self._deadline = time.monotonic() + self._limit * (len(self._targets) / workers + 1) + 5.0
        for _ in range(workers):
            threading.Thread(target=self._work, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()

    def result(self, host_id: str) -> ProbeResult:
        """The host's result, waiting for it if it is still being probed."""
        with self._done:
            # The watchdog settles every host by the deadline; the margin only
            # guards against a watchdog that could not run.
            self._done.wait_for(
                lambda: host_id in self._results,
                timeout=max(0.0, self._deadline - time.monotonic()) + 2 * WATCHDOG_SLACK,
            )
            return self._results.get(host_id) or self._not_probed(host_id)

    def results(self) -> dict[str, ProbeResult]:
        """Every host's result, once all are in."""
        return {t.host_id: self.result(t.host_id) for t in self._targets}

    @staticmethod
    def _not_probed(host_id: str) -> ProbeResult:
        return ProbeResult(
            host_id, None, "not probed: the run's overall time bound was reached", 0.0
        )

    def _work(self) -> None:
        while True:
            try:
                target = self._jobs.get_nowait()
            except queue.Empty:
                return
            with self._done:
                self._started[target.host_id] = time.monotonic()
            try:
                result = probe(target, self._options)
            except Exception as exc:  # a bug of ours, not the host's: say so, per host
                result = ProbeResult(
                    target.host_id,
                    None,
                    f"internal error while probing: {type(exc).__name__}: {one_line(str(exc))}",
                    time.monotonic() - self._started.get(target.host_id, time.monotonic()),
                )
            with self._done:
                if target.host_id not in self._results:
                    self._results[target.host_id] = result
                    self._done.notify_all()
                self._started.pop(target.host_id, None)
                if target.host_id in self._abandoned:
                    return  # a replacement worker took this one's place

    def _watch(self) -> None:
        by_id = {t.host_id: t for t in self._targets}
        while time.monotonic() < self._deadline:
            with self._done:
                if len(self._results) == len(self._targets):
                    return
                now = time.monotonic()
                for host_id, since in list(self._started.items()):
                    if now - since > self._limit:
                        self._results[host_id] = ProbeResult(
                            host_id,
                            None,
                            f"no answer within {self._limit:.0f} s (connect "
                            f"{self._options.connect_timeout} s + command "
                            f"{self._options.command_timeout} s)",
                            now - since,
                        )
                        self._started.pop(host_id)
                        self._abandoned.add(host_id)
                        _abort(by_id[host_id])
                        threading.Thread(target=self._work, daemon=True).start()
                        self._done.notify_all()
            time.sleep(0.05)
        with self._done:
            for target in self._targets:
                self._results.setdefault(target.host_id, self._not_probed(target.host_id))
            self._done.notify_all()


def unreachable_remediation(target_id: str, error: str) -> Msg:
    winrm = target_id.startswith(f"{WINRM_BACKEND}://")
    if "Permission denied" in error or "Authentication" in error or (winrm and "401" in error):
        return M(
            "host.reachable.fix.auth.winrm" if winrm else "host.reachable.fix.auth", host=target_id
        )
    if winrm:
        return M(
            "host.reachable.fix.network.winrm", host=target_id, check_cmd=_wsman_check(target_id)
        )
    return M(
        "host.reachable.fix.network",
        host=target_id,
        ssh_cmd=f"ssh {shlex.quote(_plain_host(target_id))} true",
    )


def _wsman_check(target_id: str) -> str:
    """A command that shows whether the host's WinRM listener answers (401/405: it does)."""
    parts = urllib.parse.urlsplit(target_id)
    query = urllib.parse.parse_qs(parts.query)
    plain = query.get("no_ssl", ["false"])[0].lower() == "true"
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or ""
    shown = f"[{host}]" if ":" in host else host
    url = f"{'http' if plain else 'https'}://{shown}:{port or (5985 if plain else 5986)}/wsman"
    return f"curl -sS -o /dev/null -w '%{{http_code}}' {shlex.quote(url)}"


def _plain_host(target_id: str) -> str:
    return target_id.split("://", 1)[-1]


def _transport_error(exc: BaseException) -> str:
    # testinfra's ssh backend raises RuntimeError(CommandResult) on ssh's exit 255.
    arg = exc.args[0] if exc.args else None
    stderr = getattr(arg, "stderr", None)
    if isinstance(stderr, str) and stderr.strip():
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        return f"ssh failed: {lines[-1].strip()}"
    return f"{type(exc).__name__}: {one_line(exc)}" if str(exc) else type(exc).__name__
