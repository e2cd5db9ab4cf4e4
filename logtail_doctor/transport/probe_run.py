"""Running the probe: once on one host (probe), and on every host concurrently (ProbeRun)."""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from logtail_doctor.facts import ContainerFacts, HostFacts
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
from logtail_doctor.transport.container import (
    container_facts,
    read_pod,
    run_container,
)
from logtail_doctor.transport.options import WATCHDOG_SLACK, ConnectionOptions
from logtail_doctor.transport.specs import (
    ASYNCSSH_BACKEND,
    CONTAINER_SCHEMES,
    SSH_BACKENDS,
    WINRM_BACKEND,
    Target,
    scheme_of,
    scrub,
)
from logtail_doctor.transport.ssh import run_ssh
from logtail_doctor.transport.winrm_runner import clixml_text, run_winrm

if TYPE_CHECKING:
    from logtail_doctor.transport.asyncssh_runner import Connector


@dataclass(frozen=True)
class Progress:
    """How far a ProbeRun has got: for the progress line while the fleet answers."""

    done: int
    total: int
    unreachable: int  # hosts done without usable facts
    elapsed: float  # seconds since the run started

    @property
    def left_seconds(self) -> float | None:
        """The time left at the pace so far; None before the first host is done."""
        if self.done == 0 or self.done >= self.total:
            return None if self.done == 0 else 0.0
        return self.elapsed / self.done * (self.total - self.done)

    def final_line(self) -> str:
        rate = self.done / self.elapsed if self.elapsed > 0 else 0.0
        return (
            f"probed {self.done} hosts in {self.elapsed:.1f} s ({rate:.1f} hosts/s), "
            f"{self.unreachable} unreachable"
        )

    def as_dict(self) -> dict[str, float | int]:
        """The probe's figures for summary.json."""
        rate = self.done / self.elapsed if self.elapsed > 0 else 0.0
        return {
            "hosts": self.done,
            "unreachable": self.unreachable,
            "seconds": round(self.elapsed, 3),
            "hosts_per_second": round(rate, 2),
        }

    def line(self) -> str:
        text = f"probing: {self.done}/{self.total} hosts, {self.unreachable} unreachable, "
        text += f"{self.elapsed:.0f} s elapsed"
        left = self.left_seconds
        if self.done < self.total:
            text += f", about {left:.0f} s left" if left is not None else ", time left unknown"
        return text


@dataclass(frozen=True)
class ProbeResult:
    host_id: str
    facts: HostFacts | None
    error: str | None  # one line: why the host gave no usable facts
    seconds: float
    # A container host: engine, name and (kubectl) the pod's status, also when the
    # probe got no answer (a pod in CrashLoopBackOff has no container to exec in).
    container: ContainerFacts | None = None


def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
    """Run the probe on one host, within options.host_limit for ssh and winrm; never raises."""
    start = time.monotonic()
    backend = target.host.backend
    name = getattr(backend, "NAME", None)
    bound = _bound(options)
    nonce = ""  # Linux only: the records' separator
    stdout: str | bytes  # the Windows probe's text, or the Linux probe's raw bytes
    if name == WINRM_BACKEND:
        answer = run_winrm(
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
        script = _linux_script(options, nonce)
        if name in SSH_BACKENDS:
            ssh_answer = run_ssh(backend, script, start + options.host_limit, bound)
            if isinstance(ssh_answer, str):
                return ProbeResult(target.host_id, None, ssh_answer, time.monotonic() - start)
            stdout, stderr = ssh_answer
        elif name in CONTAINER_SCHEMES:
            return _probe_container(target, options, script, nonce, start)
        else:
            try:
                result = target.host.run("sh -c %s", script)
                stdout, stderr = result.stdout_bytes, result.stderr
            except Exception as exc:  # the transport's failures are many and untyped:
                # paramiko socket errors, ansible errors. Each means "no answer" to us.
                error = scrub(_transport_error(exc), backend)
                return ProbeResult(target.host_id, None, error, time.monotonic() - start)
    return _result(target, stdout, stderr, nonce, start)


def _result(
    target: Target, stdout: str | bytes, stderr: str, nonce: str, start: float
) -> ProbeResult:
    """The host's facts from the probe's output (or why it is unusable)."""
    backend = target.host.backend
    elapsed = time.monotonic() - start
    try:
        if isinstance(stdout, bytes):
            facts = parse_linux_probe(stdout, nonce)
        else:
            facts = parse_windows_probe(stdout)
    except ProbeError as exc:
        detail = scrub(one_line(clixml_text(stderr)), backend)[:200]
        return ProbeResult(
            target.host_id,
            None,
            f"the probe's output is unusable: {exc}" + (f" (stderr: {detail})" if detail else ""),
            elapsed,
        )
    # The runner's clock when the answer arrived: the clock check's fallback reference.
    facts = dataclasses.replace(facts, runner_epoch=time.time())
    return ProbeResult(target.host_id, facts, None, elapsed)


def _probe_container(
    target: Target, options: ConnectionOptions, script: str, nonce: str, start: float
) -> ProbeResult:
    """The probe in a podman/docker container or a pod, within the host's bound."""
    backend = target.host.backend
    deadline = start + options.host_limit
    bound = _bound(options)
    container = container_facts(backend)
    answer = run_container(backend, script, deadline, bound)
    if container.engine == "kubectl":
        # The pod's status says why a pod gives no answer (CrashLoopBackOff, Pending).
        container = read_pod(container, deadline, bound)
    if isinstance(answer, str):
        return ProbeResult(target.host_id, None, answer, time.monotonic() - start, container)
    result = _result(target, answer[0], answer[1], nonce, start)
    if result.facts is None:
        return dataclasses.replace(result, container=container)
    facts = dataclasses.replace(result.facts, container=container)
    return dataclasses.replace(result, facts=facts, container=container)


def _linux_script(options: ConnectionOptions, nonce: str) -> str:
    agent_tls = "LTD_AGENT_TLS=1\n" if options.agent_tls else ""
    return f"LTD_STEP={options.step_limit}\nLTD_NONCE={nonce}\n{agent_tls}{linux_probe_script()}"


def _bound(options: ConnectionOptions) -> str:
    return (
        f"{options.host_limit:.0f} s (connect {options.connect_timeout} s "
        f"+ command {options.command_timeout} s)"
    )


async def _probe_asyncssh(
    target: Target, options: ConnectionOptions, connector: Connector
) -> ProbeResult:
    """probe() for an asyncssh host: the same script and parsing, in the run's event loop."""
    from logtail_doctor.transport.asyncssh_runner import run_asyncssh  # noqa: PLC0415

    start = time.monotonic()
    nonce = new_nonce()
    answer = await run_asyncssh(
        connector,
        target.host.backend,
        _linux_script(options, nonce),
        start + options.host_limit,
        _bound(options),
    )
    if isinstance(answer, str):
        return ProbeResult(target.host_id, None, answer, time.monotonic() - start)
    stdout, stderr = answer
    return _result(target, stdout, stderr, nonce, start)


def _transport_error(exc: BaseException) -> str:
    # testinfra's ssh backend raises RuntimeError(CommandResult) on ssh's exit 255.
    arg = exc.args[0] if exc.args else None
    stderr = getattr(arg, "stderr", None)
    if isinstance(stderr, str) and stderr.strip():
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        return f"ssh failed: {lines[-1].strip()}"
    return f"{type(exc).__name__}: {one_line(exc)}" if str(exc) else type(exc).__name__


def _abort(target: Target) -> None:
    """Unblock a worker stuck in a backend we do not run ourselves (paramiko: close it)."""
    client = getattr(target.host.backend, "__dict__", {}).get("client")
    close = getattr(client, "close", None)
    if callable(close):
        with contextlib.suppress(Exception):  # best effort on an abandoned connection
            close()


class ProbeRun:
    """Every target probed in the background, concurrently, each bounded by options.host_limit.

    ``results()`` waits for all of them. A host that does not finish in time is
    reported as such and its worker is abandoned (daemon thread) and replaced, so
    one hanging host never delays the others beyond the bound; the whole run has
    a bound too.
    """

    def __init__(
        self, targets: list[Target], options: ConnectionOptions, max_connections: int
    ) -> None:
        self._targets = list(targets)
        self._options = options
        self._jobs: queue.Queue[Target] = queue.Queue()
        in_loop = [t for t in self._targets if scheme_of(t.spec, options) == ASYNCSSH_BACKEND]
        for target in self._targets:
            if scheme_of(target.spec, options) != ASYNCSSH_BACKEND:
                self._jobs.put(target)
        self._results: dict[str, ProbeResult] = {}
        self._started: dict[str, float] = {}
        self._abandoned: set[str] = set()
        self._done = threading.Condition()
        self._began = time.monotonic()
        threaded = len(self._targets) - len(in_loop)
        workers = max(1, min(max_connections, threaded or len(self._targets)))
        self._limit = options.host_limit + WATCHDOG_SLACK  # ssh backends end at host_limit
        # The whole run cannot take longer than every host's bound in sequence.
        self._deadline = time.monotonic() + self._limit * (len(self._targets) / workers + 1) + 5.0
        for _ in range(workers if threaded else 0):
            threading.Thread(target=self._work, daemon=True).start()
        if in_loop:  # one event loop for all of them, not a thread per host
            # imported here: asyncssh takes 0.2 s of CPU to import, runs without it pay nothing
            from logtail_doctor.transport.asyncssh_runner import (  # noqa: PLC0415
                Connector,
                run_in_one_loop,
            )

            connector = Connector(options)
            run_in_one_loop([self._in_loop(t, connector) for t in in_loop], max_connections)
        threading.Thread(target=self._watch, daemon=True).start()

    def progress(self) -> Progress:
        with self._done:
            return self._progress()

    def _progress(self) -> Progress:
        unreachable = sum(1 for r in self._results.values() if r.facts is None)
        elapsed = time.monotonic() - self._began
        return Progress(len(self._results), len(self._targets), unreachable, elapsed)

    def results(
        self, on_progress: Callable[[Progress], None] | None = None, every: float = 1.0
    ) -> dict[str, ProbeResult]:
        """Every host's result, once all are in; on_progress is told at most every `every` s."""
        # The watchdog settles every host by the deadline; the margin only
        # guards against a watchdog that could not run.
        until = self._deadline + 2 * WATCHDOG_SLACK
        told = time.monotonic()
        with self._done:
            while not self._all_in() and time.monotonic() < until:
                self._done.wait(timeout=min(every, max(0.0, until - time.monotonic())))
                now = time.monotonic()
                if on_progress is not None and not self._all_in() and now - told >= every:
                    told = now
                    snapshot = self._progress()
                    self._done.release()  # the callback writes to a terminal: never under the lock
                    try:
                        on_progress(snapshot)
                    finally:
                        self._done.acquire()
            return {
                t.host_id: self._results.get(t.host_id) or self._not_probed(t.host_id)
                for t in self._targets
            }

    def _all_in(self) -> bool:
        return all(t.host_id in self._results for t in self._targets)

    @staticmethod
    def _not_probed(host_id: str) -> ProbeResult:
        return ProbeResult(
            host_id, None, "not probed: the run's overall time bound was reached", 0.0
        )

    def _in_loop(self, target: Target, connector: Connector) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            try:
                result = await _probe_asyncssh(target, self._options, connector)
            except Exception as exc:  # a bug of ours, not the host's: say so, per host
                result = ProbeResult(
                    target.host_id,
                    None,
                    f"internal error while probing: {type(exc).__name__}: {one_line(str(exc))}",
                    0.0,
                )
            with self._done:
                self._results.setdefault(target.host_id, result)
                self._done.notify_all()

        return job

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
