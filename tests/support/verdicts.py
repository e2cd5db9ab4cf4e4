"""A verdict from outcomes per host, as a run concludes it, for tests of what renders it.

A run builds each host's result from its Diagnosis (logtail_doctor.run); tests
that start from a host's outcomes make a Diagnosis of them (no agent, no facts,
no probe time) and conclude the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from logtail_doctor.fleet import Diagnosis
from logtail_doctor.outcome import Outcome
from logtail_doctor.run_context import RunContext
from logtail_doctor.verdict import (
    Baseline,
    HostResult,
    Judgements,
    PytestResult,
    RunVerdict,
    host_result_of,
    unprobed_host_result,
)
from logtail_doctor.verdict import conclude as conclude_hosts
from logtail_doctor.waivers import Waivers


def conclude(
    outcomes: Mapping[str, Mapping[str, Outcome]],
    tests: Mapping[tuple[str, str], PytestResult],
    *,
    run_checks: tuple[str, ...],
    waivers: Waivers,
    today: dt.date,
    fail_on: Iterable[str],
    context: Mapping[str, Any],
    baseline: Baseline | None = None,
    agents: Mapping[str, str] | None = None,
    probe_seconds: Mapping[str, float] | None = None,
) -> RunVerdict:
    """The verdict of hosts' outcomes and their tests; context as summary.json writes it."""
    judge = Judgements(waivers, today)
    tested: dict[str, dict[str, PytestResult]] = {}
    for (host_id, check_id), result in tests.items():
        tested.setdefault(host_id, {})[check_id] = result
    hosts: list[HostResult] = []
    for host_id, by_check in outcomes.items():
        seconds = (probe_seconds or {}).get(host_id)
        agent = (agents or {}).get(host_id)
        diagnosis = Diagnosis(host_id, dict(by_check), agent, seconds or 0.0)
        host = host_result_of(diagnosis, tested.get(host_id, {}), run_checks, judge)
        hosts.append(dataclasses.replace(host, probe_seconds=seconds))
    hosts += [
        unprobed_host_result(host_id, by_check, run_checks)
        for host_id, by_check in tested.items()
        if host_id not in outcomes
    ]
    return conclude_hosts(hosts, run_checks, fail_on, RunContext.from_json(context), baseline)
