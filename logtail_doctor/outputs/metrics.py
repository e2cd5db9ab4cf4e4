"""A run's verdict as Prometheus metrics: reports/metrics.prom, `watch`'s /metrics, the push.

Pure rendering, like the other outputs: ``run_facts`` reads what the metrics
need from a RunVerdict (the one place that knows the verdict's shape),
``run_families`` turns those facts into metric families, and ``exposition``
renders them in the classic text format (0.0.4) through prometheus_client with
a registry of its own (the global one carries this process's own metrics).
That format, without timestamps, is the one node_exporter's textfile
collector and the Pushgateway accept (both reject OpenMetrics).

Every family is a gauge about the last completed run: a host that left the
fleet simply is not in the next file. Labels are bounded: check IDs, machine
groups and hosts from the targets file, statuses; never free text.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import push_to_gateway
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from logtail_doctor.verdict import STATUSES, RunVerdict

PREFIX = "logtail_doctor"
PUSH_JOB = "logtail_doctor"
PUSH_TIMEOUT_SECONDS = 10.0
# Hosts without a machine group in the targets file: the label is present, and empty.
NO_GROUP = ""


@dataclass(frozen=True)
class HostFacts:
    host: str  # the host's spec in the targets file (its ID in summary.json)
    machine_group: str
    status: str
    root_cause: str | None
    last_heartbeat_timestamp: float | None  # --sls: the server's last heartbeat from it
    heartbeat_age_seconds: float | None  # --sls: its age when the run read it


@dataclass(frozen=True)
class RunFacts:
    """What the metrics say about one run, read from its verdict once."""

    hosts: tuple[HostFacts, ...]
    checks: tuple[str, ...]  # the run's checks: the possible causes
    finished_timestamp: float | None  # unix seconds
    duration_seconds: float | None
    version: str
    revision: str


def run_facts(verdict: RunVerdict) -> RunFacts:
    """The one reader of the verdict (its hosts and context) for the metrics."""
    context = verdict.context
    tool = context.get("tool") if isinstance(context.get("tool"), dict) else {}
    started = _timestamp(context.get("started"))
    duration = context.get("duration_seconds")
    duration = float(duration) if isinstance(duration, int | float) else None
    finished = started + duration if started is not None and duration is not None else started
    hosts = tuple(
        HostFacts(
            host=host.host_id,
            machine_group=host.group or NO_GROUP,
            status=host.status,
            root_cause=host.root_cause,
            last_heartbeat_timestamp=_timestamp((host.server or {}).get("last_heartbeat")),
            heartbeat_age_seconds=_number((host.server or {}).get("heartbeat_age_seconds")),
        )
        for host in verdict.hosts
    )
    return RunFacts(
        hosts=hosts,
        checks=tuple(verdict.checks),
        finished_timestamp=finished,
        duration_seconds=duration,
        version=str((tool or {}).get("version") or "unknown"),
        revision=str((tool or {}).get("revision") or ""),
    )


def _timestamp(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp()


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _name(suffix: str) -> str:
    return f"{PREFIX}_{suffix}"


def run_families(facts: RunFacts) -> list[Metric]:
    """The run's metric families, in the order of the docs' metric table."""
    groups = sorted({h.machine_group for h in facts.hosts})
    by_status = dict.fromkeys(STATUSES, 0)
    by_cause = {(cid, group): 0 for cid in facts.checks for group in groups}
    for host in facts.hosts:
        by_status[host.status] = by_status.get(host.status, 0) + 1
        if host.root_cause is not None:
            key = (host.root_cause, host.machine_group)
            by_cause[key] = by_cause.get(key, 0) + 1

    hosts = GaugeMetricFamily(
        _name("hosts"), "Hosts of the last completed run, by status.", labels=["status"]
    )
    for status, count in by_status.items():
        hosts.add_metric([status], count)

    cause_hosts = GaugeMetricFamily(
        _name("cause_hosts"),
        "Hosts of the last completed run whose root cause is the check <cause>, per machine "
        "group (0 for every other check of the run).",
        labels=["cause", "machine_group"],
    )
    for (cause, group), count in by_cause.items():
        cause_hosts.add_metric([cause, group], count)

    host_status = GaugeMetricFamily(
        _name("host_status"),
        "1 for the host's status in the last completed run, 0 for the other statuses.",
        labels=["host", "machine_group", "status"],
    )
    host_cause = GaugeMetricFamily(
        _name("host_root_cause"),
        "1 for a failing host's root cause (the first failing check) in the last completed run.",
        labels=["host", "machine_group", "cause"],
    )
    heartbeat = GaugeMetricFamily(
        _name("host_last_heartbeat_timestamp_seconds"),
        "--sls: the host's last heartbeat as the SLS API listed it (ListMachines).",
        labels=["host", "machine_group"],
    )
    heartbeat_age = GaugeMetricFamily(
        _name("host_heartbeat_age_seconds"),
        "--sls: the age of the host's last heartbeat when the run read the SLS API.",
        labels=["host", "machine_group"],
    )
    for host in facts.hosts:
        for status in STATUSES:
            host_status.add_metric(
                [host.host, host.machine_group, status], 1 if host.status == status else 0
            )
        if host.root_cause is not None:
            host_cause.add_metric([host.host, host.machine_group, host.root_cause], 1)
        if host.last_heartbeat_timestamp is not None:
            heartbeat.add_metric([host.host, host.machine_group], host.last_heartbeat_timestamp)
        if host.heartbeat_age_seconds is not None:
            heartbeat_age.add_metric([host.host, host.machine_group], host.heartbeat_age_seconds)

    families: list[Metric] = [hosts, cause_hosts, host_status, host_cause, heartbeat, heartbeat_age]
    if facts.finished_timestamp is not None:
        families.append(
            GaugeMetricFamily(
                _name("last_run_timestamp_seconds"),
                "When the last run ended (unix seconds), whatever its result.",
                value=facts.finished_timestamp,
            )
        )
        families.append(
            GaugeMetricFamily(
                _name("last_success_timestamp_seconds"),
                "When the last run that produced a verdict ended (unix seconds).",
                value=facts.finished_timestamp,
            )
        )
    if facts.duration_seconds is not None:
        families.append(
            GaugeMetricFamily(
                _name("last_run_duration_seconds"),
                "Wall time of the last completed run.",
                value=facts.duration_seconds,
            )
        )
    build = GaugeMetricFamily(
        _name("build_info"),
        "Always 1; the version of logtail-doctor that made the run.",
        labels=["version", "revision"],
    )
    build.add_metric([facts.version, facts.revision], 1)
    families.append(build)
    return families


class _Families(Collector):
    """Hands fixed families to a registry: a fresh registry per exposition, nothing kept."""

    def __init__(self, families: Sequence[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        yield from self.families


def registry_of(families: Iterable[Metric]) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(list(families)))
    return registry


def exposition(families: Iterable[Metric]) -> bytes:
    """The classic text exposition format (text/plain; version=0.0.4), no timestamps."""
    return generate_latest(registry_of(families))


def verdict_metrics(verdict: RunVerdict) -> bytes:
    return exposition(run_families(run_facts(verdict)))


def write_atomically(path: Path, data: bytes) -> None:
    """Write so a reader (node_exporter) sees the old file or the new one, never half of one.

    The temporary file is in the same folder (a rename within one file system
    is atomic) and its name does not end in .prom (the textfile collector
    reads only *.prom). Mode 0644: node_exporter runs as another user.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def push(url: str, data_families: Sequence[Metric], grouping_key: dict[str, str]) -> None:
    """PUT the run's metrics to a Pushgateway: the group's previous metrics are replaced whole.

    PUT (not POST): a host that left the fleet leaves the group with the next
    push, instead of lingering with its last value.
    """
    push_to_gateway(
        url,
        job=PUSH_JOB,
        registry=registry_of(data_families),
        grouping_key=grouping_key,
        timeout=PUSH_TIMEOUT_SECONDS,
    )


def push_grouping_key(verdict: RunVerdict) -> dict[str, str]:
    """One group per project and shard: shards of one run push side by side."""
    project = verdict.context.get("project")
    name = project.get("name") if isinstance(project, dict) else project
    key = {"project": str(name or "unknown")}
    shard = verdict.context.get("shard")
    if shard:
        key["shard"] = str(shard)  # "2/4": prometheus_client base64-encodes it in the URL
    return key


def publish(verdict: RunVerdict, path: Path | str | None, pushgateway: str | None = None) -> None:
    """Write the metrics file, and push with --pushgateway; failures are one line on stderr.

    path "" or None: no file (`--metrics=`).

    A run whose metrics cannot be written or pushed still has its verdict and
    its exit code: the monitoring sees the missing update as a stale timestamp.
    """
    families = run_families(run_facts(verdict))
    if path:
        try:
            write_atomically(Path(path), exposition(families))
        except OSError as exc:
            print(f"ERROR: --metrics {path}: cannot write: {exc.strerror}", file=sys.stderr)  # noqa: T201
    if pushgateway:
        try:
            push(pushgateway, families, push_grouping_key(verdict))
        except (OSError, ValueError) as exc:
            print(f"ERROR: --pushgateway {pushgateway}: push failed: {exc}", file=sys.stderr)  # noqa: T201
