"""The `host` of a site's own tests: the run's host through this seam, within the run's bounds.

A site test (logtail_doctor.site) is a user's testinfra test, run once per
host of the run. Its `host` is a testinfra Host made from the host's spec with
the run's connection options (expand_targets), like the probe's; every command
it runs through a local process (ssh, safe-ssh, and testinfra's container and
local backends) runs in a process group of its own that is killed when the
test's bound is reached: connect timeout + command timeout, counted from the
test's start (the probe's bound for one host). A backend we cannot kill
(paramiko) and a test that hangs in Python are cut by ``cut_at``, the same
bound plus the watchdog's slack. Tests run one at a time, so at most one
connection is open per site test, within --max-connections.
"""

from __future__ import annotations

import contextlib
import math
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

from logtail_doctor.transport.options import WATCHDOG_SLACK, ConnectionOptions
from logtail_doctor.transport.specs import Target, expand_targets, scrub
from logtail_doctor.transport.ssh import kill_group, read_bounded

COMMAND_SHOWN = 80  # characters of a command named in a finding


class SiteBoundError(Exception):
    """A site test cut at its bound; its message is the finding (host, command, bound)."""


def site_bound(options: ConnectionOptions) -> str:
    """The bound of one site test on one host, named as a finding says it."""
    return (
        f"{options.host_limit:.0f} s (--connect-timeout {options.connect_timeout} s "
        f"+ --command-timeout {options.command_timeout} s)"
    )


class SiteHost:
    """One host's testinfra Host for site tests, each test's commands within its bound."""

    def __init__(self, target: Target, options: ConnectionOptions) -> None:
        self.host_id = target.host_id
        self.options = options
        # A Host of its own (the probe's may be mid-use or adapted for the probe's runner),
        # made from the same spec and options.
        made = [t for t in expand_targets([target.spec], options) if t.host_id == target.host_id]
        self.host: Any = made[0].host if made else target.host
        self.deadline = math.inf
        backend = self.host.backend
        if hasattr(backend, "run_local"):
            backend.run_local = self._run_local  # this Host's own: an instance attribute

    def start(self) -> Any:
        """The Host for one test, its bound counted from now."""
        self.deadline = time.monotonic() + self.options.host_limit
        return self.host

    def _run_local(self, command: str, *args: str) -> Any:
        """testinfra's run_local, in a process group that is killed at the test's deadline."""
        backend = self.host.backend
        line = backend.encode(backend.quote(command, *args))
        proc = subprocess.Popen(  # noqa: S602 - testinfra's own command line, quoted by it
            line,
            shell=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: killed as one at the bound
        )
        try:
            # Not the probe's ssh: any local process a site test started, in its own group.
            out, err, problem = read_bounded(
                proc, self.deadline, site_bound(self.options), "its process group"
            )
        finally:
            kill_group(proc)
        if problem is not None:
            shown = (args[-1] if args else command).strip()
            if len(shown) > COMMAND_SHOWN:
                shown = shown[: COMMAND_SHOWN - 3] + "..."
            raise SiteBoundError(
                scrub(f"{self.host_id}: `{shown}` cut at the site test's bound: {problem}", backend)
            )
        code = proc.returncode if proc.returncode is not None else -1
        return backend.result(code, line, out, err)


@contextlib.contextmanager
def cut_at(seconds: float, message: str) -> Iterator[None]:
    """Raise SiteBoundError(message) in this thread if the block outlasts seconds.

    SIGALRM, so only in the main thread (where pytest runs tests); elsewhere
    the block runs unbounded here (its commands keep their own deadline).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise SiteBoundError(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def backstop_seconds(options: ConnectionOptions) -> float:
    """How long a whole site test may take before cut_at stops it."""
    return options.host_limit + WATCHDOG_SLACK


__all__ = ["SiteBoundError", "SiteHost", "backstop_seconds", "cut_at", "site_bound"]
