"""The Windows probe over WinRM: pywinrm driven by us, every request bounded.

Named winrm_runner, not winrm: a module called winrm here would be taken for
pywinrm (by a reader, or by a tool that puts this folder on sys.path).
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import math
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from logtail_doctor.text import one_line
from logtail_doctor.transport.options import OUTPUT_LIMIT
from logtail_doctor.transport.specs import scrub

if TYPE_CHECKING:
    import winrm.protocol

# pywinrm and requests are imported where a winrm:// host is probed, not here:
# together they cost about 0.3 s of start-up, which an SSH-only run never needs.

# pywinrm's own per-request timeouts when we clean up a command that ended.
WINRM_CLEANUP_TIMEOUT = 2


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


def run_winrm(
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
        return scrub(problem, backend)[:400]
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


def clixml_text(stderr: str) -> str:
    """PowerShell's stderr over WinRM is CLIXML ("#< CLIXML <Objs>..."): its error strings."""
    if not stderr.lstrip().startswith("#< CLIXML"):
        return stderr
    parts = re.findall(r'<S S="Error">(.*?)</S>', stderr, flags=re.DOTALL)
    text = "".join(parts) if parts else re.sub(r"<[^>]*>", " ", stderr.split("\n", 1)[-1])
    text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text)
