"""The server's view applied to a run's fleet (``--sls``).

``apply_to_fleet`` puts each group's machine list as read from the API into
the hosts' expectations before the host checks run; ``add_heartbeats``
judges ``server.heartbeat`` for every diagnosed host afterwards. This is the
run's wiring of the view (read) and the judge, so it sits above both.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from logtail_doctor.catalogue import root_cause
from logtail_doctor.checks.server_heartbeat import HEARTBEAT, judge_heartbeat
from logtail_doctor.sls.view import Heartbeat, Identity, ServerView, address_of, identity_of
from logtail_doctor.targets import MachineGroup

if TYPE_CHECKING:
    from logtail_doctor.fleet import Diagnosis, FleetHost


def apply_to_fleet(fleet: list[FleetHost], view: ServerView) -> list[FleetHost]:
    """The fleet with each group's machine list taken from the API where it was read.

    An IP group's list becomes its ``ips``; a custom-identifier group's list
    becomes its ``custom_ids``, so the host checks judge what SLS really holds.
    """
    from_api = {name: v for name, v in view.groups.items() if v.source == "api"}
    if not from_api:
        return fleet

    def merged(group: MachineGroup | None) -> MachineGroup | None:
        if group is None or group.name not in from_api:
            return group
        api_view = from_api[group.name]
        if api_view.identify_type == "userdefined":
            return MachineGroup(group.name, (), api_view.entries)
        return MachineGroup(group.name, api_view.entries)

    result = []
    for host in fleet:
        expect = host.expectation
        new_expect = dataclasses.replace(
            expect,
            group=merged(expect.group),
            all_groups=tuple(g for g in (merged(g) for g in expect.all_groups) if g),
        )
        result.append(dataclasses.replace(host, expectation=new_expect))
    return result


def add_heartbeats(
    fleet: list[FleetHost], diagnoses: dict[str, Diagnosis], view: ServerView
) -> tuple[dict[str, Heartbeat | None], list[Identity]]:
    """Put server.heartbeat into each diagnosed host's outcomes; the heartbeats seen."""
    heartbeats: dict[str, Heartbeat | None] = {}
    identities = []
    for host in fleet:
        diagnosis = diagnoses.get(host.host_id)
        if diagnosis is None:
            continue
        identity = identity_of(diagnosis.facts, address_of(host.target.spec))
        identities.append(identity)
        expected_group = host.expectation.group
        group = view.groups.get(expected_group.name) if expected_group else None
        cause = root_cause(diagnosis.outcomes)
        host_cause = (cause, diagnosis.outcomes[cause].fix) if cause else None
        outcome, heartbeat = judge_heartbeat(identity, group, view, host_cause)
        diagnosis.outcomes[HEARTBEAT.check_id] = outcome
        heartbeats[host.host_id] = heartbeat
    return heartbeats, identities
