"""The machine-group plan: per group, what to add and what is stale, and the full new list.

For each machine group the run's hosts should be in: the IPs their agents
recorded that the group lacks (to add), likewise the custom identifiers of a
custom-identifier group, and the group entries that belong to hosts of this
run but that no agent records any more (stale: the host's agent reports
another IP now). The group is the targets file's, or with --sls the one Log
Service has (logtail_doctor.sls.fleet_view.apply_to_fleet). Only the hosts of
this run are judged: entries of other machines are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from logtail_doctor.checks.step3_machine_group_ip import check_custom_id
from logtail_doctor.sls.view import Identity
from logtail_doctor.targets import MachineGroup
from logtail_doctor.text import first_items
from logtail_doctor.verdict import host_order


@dataclass(frozen=True)
class Member:
    """One host of the run: the group it should be in, and how its agent identifies it."""

    host_id: str
    group: MachineGroup
    identity: Identity
    addresses: tuple[str, ...]  # the host's own IPv4 addresses (its spec's, its NICs')


def plan_groups(members: Iterable[Member]) -> dict[str, dict[str, Any]]:
    """group name -> its plan (JSON-ready), in the order the groups first appear."""
    by_group: dict[str, tuple[MachineGroup, list[Member]]] = {}
    for member in members:
        by_group.setdefault(member.group.name, (member.group, []))[1].append(member)
    return {name: _plan(group, hosts) for name, (group, hosts) in by_group.items()}


def _plan(group: MachineGroup, hosts: list[Member]) -> dict[str, Any]:
    fix_on_host: list[str] = []
    if group.by_custom_id:
        entries = list(group.custom_ids)
        # The one rule (MachineGroup.identifier_for): a host that holds none of the
        # group's identifiers is fixed on the host (check_custom_id's fix), so nothing is
        # added to the group for what it happens to hold.
        add = []
        stale: list[str] = []  # an identifier says nothing of the host it came from
        missing = [m.host_id for m in hosts if not m.identity.custom_ids]
        fix_on_host = [
            m.host_id
            for m in hosts
            if m.identity.custom_ids and not group.identifier_for(m.identity.custom_ids)[1]
        ]
        kind = "userdefined"
    else:
        entries = list(group.ips)
        recorded = [(m.host_id, m.identity.ip) for m in hosts if m.identity.source_is_agent]
        add = _unique(ip for _, ip in recorded if ip and ip not in entries)
        now = {ip for _, ip in recorded if ip}
        owned = {a for m in hosts if m.identity.source_is_agent for a in m.addresses}
        stale = [e for e in entries if e in owned and e not in now]
        missing = [m.host_id for m in hosts if not m.identity.source_is_agent]
        kind = "ip"
    # Natural order, so that shards merged give the whole run's plan (merge_plans).
    add, missing = sorted(add, key=host_order), sorted(missing, key=host_order)
    stale_set = set(stale)
    new_entries = [e for e in entries if e not in stale_set] + add
    return {
        "identify_type": kind,
        "entries_count": len(entries),
        **_lists(entries, new_entries),
        "add": add,
        "stale": stale,
        "changed": bool(add or stale),
        "hosts": len(hosts),
        "unknown": missing,  # hosts whose agent recorded nothing to compare
        # Custom-identifier groups: hosts whose identifier the group does not list,
        # to fix on the host (check_custom_id's fix); the group stays as it is.
        **({"fix_on_host": sorted(fix_on_host, key=host_order)} if fix_on_host else {}),
    }


# A group's full lists ("entries", "new_entries", the list to paste) are written
# only up to this many entries: summary.json's size follows the hosts checked,
# not a group of a million IPs (issue 36: 38 MB for 22 hosts).
LIST_LIMIT = 1000


def _lists(entries: list[str], new_entries: list[str]) -> dict[str, list[str]]:
    if len(entries) > LIST_LIMIT or len(new_entries) > LIST_LIMIT:
        return {}
    return {"entries": entries, "new_entries": new_entries}


def _unique(values: Iterable[str | None]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def merge_plans(plans: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The plans of several runs (shards): adds and stale entries of all, the list recomputed."""
    merged: dict[str, dict[str, Any]] = {}
    for plan in plans:
        for name, group in plan.items():
            first = {k: v for k, v in group.items() if k != "fix_on_host"}
            into = merged.setdefault(
                name, {**first, "add": [], "stale": [], "unknown": [], "hosts": 0}
            )
            into["add"] = sorted(_unique([*into["add"], *group["add"]]), key=host_order)
            stale = {*into["stale"], *group["stale"]}
            if "entries" in into:  # in the group's own order
                into["stale"] = [e for e in into["entries"] if e in stale]
            else:
                into["stale"] = sorted(stale, key=host_order)
            into["unknown"] = sorted([*into["unknown"], *group["unknown"]], key=host_order)
            on_host = [*into.get("fix_on_host", []), *group.get("fix_on_host", [])]
            if on_host:
                into["fix_on_host"] = sorted(on_host, key=host_order)
            into["hosts"] += group["hosts"]
    for group in merged.values():
        if "entries" in group:
            new_entries = [e for e in group["entries"] if e not in group["stale"]]
            new_entries += [a for a in group["add"] if a not in new_entries]
            group.pop("new_entries", None)
            group.update(_lists(group["entries"], new_entries))
            if "new_entries" not in group:
                del group["entries"]
        group["changed"] = bool(group["add"] or group["stale"])
    return merged


def plan_lines(plans: dict[str, dict[str, Any]], project: str) -> list[str]:
    """The console action per group that needs one, with the full new list to paste."""
    lines = []
    for name, plan in plans.items():
        if plan.get("fix_on_host"):
            hosts = plan["fix_on_host"]
            lines.append(
                f"machine group {name} (project {project}): no change; {len(hosts)} host(s) "
                f"hold an identifier it does not list, to fix on the host "
                f"({check_custom_id.check_id}): {first_items(hosts, 5)}"
            )
        if not plan["changed"]:
            continue
        what = "IPs" if plan["identify_type"] == "ip" else "custom identifiers"
        lines.append(
            f"machine group {name} (project {project}): add {', '.join(plan['add']) or '-'}; "
            f"remove (stale) {', '.join(plan['stale']) or '-'}"
        )
        if "new_entries" in plan:
            lines.append(
                f"  SLS console > project {project} > Machine Groups > {name} > Modify: set the "
                f"{what} to: {','.join(plan['new_entries'])}"
            )
        else:  # too long a list to paste (LIST_LIMIT): the changes alone
            lines.append(
                f"  SLS console > project {project} > Machine Groups > {name} > Modify: the "
                f"group lists {plan.get('entries_count', '?')} {what}, too many to paste here: "
                "add and remove the ones above"
            )
    return lines
