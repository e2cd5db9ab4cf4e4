"""The fleet: which hosts to check, what each should match, and their diagnosis.

``plan`` joins host specs (from --hosts or the targets file) with the targets
file's expectations; ``diagnose`` probes every host concurrently, once, and
evaluates every check on the facts.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from logtail_doctor.checks import Expectation, Host, evaluate_host, unreachable
from logtail_doctor.checks.reachable import unreachable_pod, unreachable_remediation
from logtail_doctor.facts import HostFacts
from logtail_doctor.outcome import Outcome
from logtail_doctor.targets import HostEntry, MachineGroup, Targets
from logtail_doctor.transport import (
    ConnectionOptions,
    ProbeResult,
    ProbeRun,
    Progress,
    Target,
    expand_targets,
)


@dataclass(frozen=True)
class FleetHost:
    target: Target
    expectation: Expectation

    @property
    def host_id(self) -> str:
        return self.target.host_id


@dataclass(frozen=True)
class Diagnosis:
    host_id: str
    outcomes: dict[str, Outcome]
    agent: str | None
    probe_seconds: float
    facts: HostFacts | None = None  # None: unreachable (the server view reads its identity)


def plan(targets: Targets, specs: list[str] | None, options: ConnectionOptions) -> list[FleetHost]:
    """The hosts to check. specs (from --hosts) override the targets file's host list.

    Raises ValueError (one line) for a spec testinfra rejects or a duplicate host.
    """
    entries = {entry.url: entry for entry in targets.hosts}
    chosen = specs if specs is not None else [entry.url for entry in targets.hosts]
    fleet: list[FleetHost] = []
    seen: set[str] = set()
    for target in expand_targets(chosen, options):
        if target.host_id in seen:
            raise ValueError(f"host {target.host_id} is listed twice")
        seen.add(target.host_id)
        entry = entries.get(target.spec)
        fleet.append(FleetHost(target, expectation_for(targets, entry, target.spec)))
    return fleet


def expectation_for(targets: Targets, entry: HostEntry | None, spec: str) -> Expectation:
    group = targets.group(entry.machine_group) if entry and entry.machine_group else None
    if group is None:
        group = _infer_group(targets, spec)
    return Expectation(
        project=targets.project,
        account_ids=targets.account_ids,
        group=group,
        all_groups=targets.machine_groups,
        same_account_ecs=entry.same_account_ecs if entry else False,
    )


def _infer_group(targets: Targets, spec: str) -> MachineGroup | None:
    """A host without an explicit group: the only group, or the one listing its address."""
    if len(targets.machine_groups) == 1:
        return targets.machine_groups[0]
    address = _address_of(spec)
    holding = [g for g in targets.machine_groups if address and address in g.ips]
    return holding[0] if len(holding) == 1 else None


def _address_of(spec: str) -> str | None:
    netloc = urllib.parse.urlsplit(spec if "://" in spec else f"x://{spec}").hostname
    try:
        return str(ipaddress.IPv4Address(netloc or ""))
    except ValueError:
        return None


def diagnose(
    fleet: list[FleetHost],
    options: ConnectionOptions,
    max_connections: int,
    on_progress: Callable[[Progress], None] | None = None,
    every: float = 1.0,
) -> dict[str, Diagnosis]:
    """Probe and judge every host, and wait for all of them (on_progress: while waiting)."""
    run = ProbeRun([h.target for h in fleet], options, max_connections)
    results = run.results(on_progress, every)
    if on_progress is not None:
        on_progress(run.progress())  # the last word: every host done
    return {h.host_id: _judge(h, results[h.host_id], options) for h in fleet}


def _judge(fleet_host: FleetHost, result: ProbeResult, options: ConnectionOptions) -> Diagnosis:
    if result.facts is None:
        error = result.error or "no answer"
        fix = unreachable_remediation(fleet_host.host_id, error, options)
        outcomes = unreachable(error, fix)
        if result.container is not None:
            outcomes = unreachable_pod(error, result.container) or outcomes
        agent = None
    else:
        # One Host: its checks and the agent the report names share one parse.
        host = Host(result.facts, fleet_host.expectation)
        outcomes = evaluate_host(host)
        agent = host.agent.display
    return Diagnosis(fleet_host.host_id, outcomes, agent, result.seconds, result.facts)
