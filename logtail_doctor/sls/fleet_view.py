"""The server's view applied to a run's fleet (``--sls``).

``apply_to_fleet`` puts each group's machine list as read from the API into
the hosts' expectations before the host checks run (the run, logtail_doctor.run,
then judges the server's heartbeat for every diagnosed host, adding it to new
diagnoses). This is the run's wiring of the view (read), so it sits above it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from logtail_doctor.sls.view import ServerView
from logtail_doctor.targets import MachineGroup

if TYPE_CHECKING:
    from logtail_doctor.fleet import FleetHost


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
