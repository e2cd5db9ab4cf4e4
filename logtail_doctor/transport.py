"""Our one seam to pytest-testinfra: host specs in, probe output out.

testinfra is frozen upstream, so everything we need from it goes through
here: building a Host from a spec (ssh, paramiko, ansible, ...), running the
probe once, and turning every transport failure into one line of text.
Nothing else in the project imports testinfra.
"""

from __future__ import annotations

import queue
import re
import shlex
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import testinfra

from logtail_doctor.facts import HostFacts
from logtail_doctor.probe import ProbeError, linux_probe_script, parse_linux_probe

DEFAULT_CONNECTION = "ssh"


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
        kwargs = _backend_kwargs(spec, options)
        try:
            hosts = testinfra.get_hosts([spec], **kwargs)
        except Exception as exc:  # testinfra raises bare RuntimeError/KeyError for bad specs
            raise ValueError(f"host {redact(spec)}: {_one_line(exc)}") from None
        if len(hosts) == 1 and not spec.startswith("ansible://"):
            targets.append(Target(redact(spec), spec, hosts[0]))
        else:
            targets.extend(Target(h.backend.get_pytest_id(), spec, h) for h in hosts)
    return targets


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
    """Run the probe on one host; never raises."""
    start = time.monotonic()
    script = linux_probe_script()
    try:
        result = target.host.run("sh -c %s", script)
    except Exception as exc:  # the transport's failures are many and untyped: ssh rc 255,
        # paramiko socket errors, ansible errors. Each means "no answer" to us.
        return ProbeResult(target.host_id, None, _transport_error(exc), time.monotonic() - start)
    elapsed = time.monotonic() - start
    try:
        facts = parse_linux_probe(result.stdout)
    except ProbeError as exc:
        detail = _one_line(result.stderr)[:200]
        return ProbeResult(
            target.host_id,
            None,
            f"the probe's output is unusable: {exc}" + (f" (stderr: {detail})" if detail else ""),
            elapsed,
        )
    return ProbeResult(target.host_id, facts, None, elapsed)


def probe_all(
    targets: list[Target], options: ConnectionOptions, max_connections: int
) -> dict[str, ProbeResult]:
    """Probe every target concurrently, each bounded by options.host_limit.

    A host that does not finish in time is reported as such and its worker is
    abandoned (daemon thread) and replaced, so one hanging host never delays
    the others beyond the bound.
    """
    jobs: queue.Queue[Target] = queue.Queue()
    for target in targets:
        jobs.put(target)
    results: dict[str, ProbeResult] = {}
    started: dict[str, float] = {}
    lock = threading.Lock()

    def worker() -> None:
        while True:
            try:
                target = jobs.get_nowait()
            except queue.Empty:
                return
            with lock:
                started[target.host_id] = time.monotonic()
            result = probe(target, options)
            with lock:
                results.setdefault(target.host_id, result)
                started.pop(target.host_id, None)
                if target.host_id in abandoned:
                    return  # a replacement worker took this one's place

    abandoned: set[str] = set()
    workers = max(1, min(max_connections, len(targets)))
    for _ in range(workers):
        threading.Thread(target=worker, daemon=True).start()
    limit = options.host_limit + 5.0  # slack for the local ssh process itself
    # The whole run cannot take longer than every host's bound in sequence.
    deadline = time.monotonic() + limit * (len(targets) / workers + 1) + 5.0
    while time.monotonic() < deadline:
        with lock:
            if len(results) == len(targets):
                break
            now = time.monotonic()
            for host_id, since in list(started.items()):
                if now - since > limit:
                    results[host_id] = ProbeResult(
                        host_id,
                        None,
                        f"no answer within {limit:.0f} s (connect "
                        f"{options.connect_timeout} s + command {options.command_timeout} s)",
                        now - since,
                    )
                    started.pop(host_id)
                    abandoned.add(host_id)
                    threading.Thread(target=worker, daemon=True).start()
        time.sleep(0.05)
    for target in targets:
        results.setdefault(
            target.host_id,
            ProbeResult(
                target.host_id, None, "not probed: the run's overall time bound was reached", 0.0
            ),
        )
    return results


def unreachable_remediation(target_id: str, error: str) -> str:
    if "Permission denied" in error or "Authentication" in error:
        return (
            f"Check the SSH user and key for {target_id} (--ssh-identity-file, "
            "--ssh-config); the suite logs in non-interactively (BatchMode)"
        )
    return (
        f"Check that {target_id} is up and that its SSH port is reachable from this "
        f"runner (try: ssh {shlex.quote(_plain_host(target_id))} true)"
    )


def _plain_host(target_id: str) -> str:
    return target_id.split("://", 1)[-1]


def _transport_error(exc: BaseException) -> str:
    # testinfra's ssh backend raises RuntimeError(CommandResult) on ssh's exit 255.
    arg = exc.args[0] if exc.args else None
    stderr = getattr(arg, "stderr", None)
    if isinstance(stderr, str) and stderr.strip():
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        return f"ssh failed: {lines[-1].strip()}"
    return f"{type(exc).__name__}: {_one_line(exc)}" if str(exc) else type(exc).__name__


def _one_line(value: object) -> str:
    return " ".join(str(value).split())
