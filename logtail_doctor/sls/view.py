"""The machine groups as Log Service has them, and how a host should appear in one.

``read_server_view`` asks a MachineGroupReader about every machine group of
the targets file, once per run; ``identity_of`` is how one host should show
in its group (the agent's IP or its custom identifiers); ``group_report``
lists, per group, the entries no host of the run covers and the machines
heartbeating that the group does not list; ``merge_group_reports`` joins the
group reports of shards. Pure functions and data: judging a host is
logtail_doctor.checks.server_heartbeat's job, printing it the outputs'.

SLS has no OK/FAIL field: the console derives "no heartbeat" from
``lastHeartbeatTime``, with a threshold that is not public. We judge against
``threshold`` seconds (default 300, ``--heartbeat-threshold``).
"""

from __future__ import annotations

import dataclasses
import json
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from logtail_doctor.facts import FileState, HostFacts
from logtail_doctor.parsers import AppInfoError, is_ipv4, parse_app_info, parse_user_defined_ids
from logtail_doctor.sls.api import Machine, MachineGroupReader
from logtail_doctor.sls.errors import SlsApiError

# Imported under the name it had in server_view.py, so that the function
# bodies below stay as they were there (other branches edit them).
from logtail_doctor.sls.times import iso_utc as _iso
from logtail_doctor.targets import MachineGroup

DEFAULT_THRESHOLD = 300


@dataclass(frozen=True)
class GroupView:
    """One machine group as Log Service (or, failing that, the targets file) has it."""

    name: str
    identify_type: str  # "ip" | "userdefined"; "ip" when only the targets file is known
    source: str  # "api" | "targets"
    entries: tuple[str, ...]  # the group's machine list: IPs or custom identifiers
    machines: tuple[Machine, ...] | None  # ListMachines; None when it could not be read
    error: str | None = None  # why the API view of this group is missing
    # The collection configs applied to the group (GetAppliedConfigs); None: not read.
    # With none, the group's agents back their heartbeat off (up to 12 minutes).
    applied_configs: tuple[str, ...] | None = None
    applied_configs_error: str | None = None  # why they could not be read


@dataclass(frozen=True)
class ServerView:
    groups: dict[str, GroupView]
    error: str | None  # one line when the whole read failed (credentials, endpoint ...)
    read_at: float  # unix seconds: heartbeat ages are relative to this
    threshold: int

    def errors(self) -> list[str]:
        """Each distinct failure line once, run-wide first."""
        lines = [self.error] if self.error else []
        for group in self.groups.values():
            if group.error and group.error not in lines:
                lines.append(group.error)
        return lines


@dataclass(frozen=True)
class Identity:
    """How the host should appear in its group: the agent's IP, or its custom identifier."""

    ip: str | None
    ip_source: str  # "app_info.json" | "host address" | "none"
    custom_ids: tuple[str, ...] = ()  # /etc/ilogtail/user_defined_id: one per line

    @property
    def source_is_agent(self) -> bool:
        """The IP is the one the agent recorded (not our guess from the host's address)."""
        return self.ip_source == "app_info.json"

    def custom_id_for(self, entries: tuple[str, ...]) -> str | None:
        """The custom identifier the group lists, else the first one the host has."""
        listed = [c for c in self.custom_ids if c in entries]
        return listed[0] if listed else (self.custom_ids[0] if self.custom_ids else None)


@dataclass(frozen=True)
class Heartbeat:
    """What the server says about one host, for the report."""

    group: str
    identity: str
    last_heartbeat: int | None
    age_seconds: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "machine_group": self.group,
            "identity": self.identity,
            "last_heartbeat": _iso(self.last_heartbeat) if self.last_heartbeat else None,
            "heartbeat_age_seconds": self.age_seconds,
        }


def read_server_view(
    connect: Callable[[], MachineGroupReader],
    project: str,
    groups: Iterable[MachineGroup],
    now: Callable[[], float],
    threshold: int = DEFAULT_THRESHOLD,
) -> ServerView:
    """Every group once: GetMachineGroup, then ListMachines. Never raises SlsApiError.

    ``connect`` makes the reader, so that missing credentials become the run's
    error line rather than an exception.
    """
    targets_groups = list(groups)
    views: dict[str, GroupView] = {}
    run_error: str | None = None
    api: MachineGroupReader | None = None
    try:
        api = connect()
    except SlsApiError as exc:
        run_error = str(exc)
    for group in targets_groups:
        if group.by_custom_id:
            fallback = GroupView(
                group.name, "userdefined", "targets", group.custom_ids, None, run_error
            )
        else:
            fallback = GroupView(group.name, "ip", "targets", group.ips, None, run_error)
        if run_error is not None or api is None:
            views[group.name] = fallback
            continue
        try:
            info = api.get_group(project, group.name)
            machines = tuple(api.list_machines(project, group.name))
        except SlsApiError as exc:
            if exc.scope == "run":
                run_error = str(exc)
                views[group.name] = dataclasses.replace(fallback, error=run_error)
            else:
                views[group.name] = dataclasses.replace(fallback, error=str(exc))
            continue
        # Its own request: a key that may list machines but not configs keeps the rest.
        configs: tuple[str, ...] | None = None
        configs_error: str | None = None
        try:
            configs = tuple(api.applied_configs(project, group.name))
        except SlsApiError as exc:
            configs_error = str(exc)
        views[group.name] = GroupView(
            group.name,
            info.identify_type,
            "api",
            info.machine_list,
            machines,
            applied_configs=configs,
            applied_configs_error=configs_error,
        )
    return ServerView(views, run_error, now(), threshold)


def identity_of(facts: HostFacts | None, address: str | None) -> Identity:
    """The host's identity in its group: app_info.json's ip, else the address we reached."""
    custom_ids: tuple[str, ...] = ()
    ip = None
    if facts is not None:
        udid = facts.user_defined_id
        if udid is not None and udid.state is FileState.PRESENT:
            custom_ids = parse_user_defined_ids(udid.content)
        if facts.app_info.state is FileState.PRESENT:
            try:
                recorded = parse_app_info(facts.app_info.content).ip
            except AppInfoError:
                recorded = ""
            if recorded and is_ipv4(recorded):
                ip = recorded
    if ip is not None:
        return Identity(ip, "app_info.json", custom_ids)
    if address:
        return Identity(address, "host address", custom_ids)
    return Identity(None, "none", custom_ids)


def address_of(spec: str) -> str | None:
    """The IPv4 address in a host spec (ssh://root@10.0.0.11, root@10.0.0.11), if any."""
    netloc = urllib.parse.urlsplit(spec if "://" in spec else f"x://{spec}").hostname
    return netloc if netloc and is_ipv4(netloc) else None


def group_report(
    view: ServerView, identities: Iterable[Identity], checked_groups: Iterable[str]
) -> dict[str, dict[str, object]]:
    """Per group: where its list came from, entries no host covers, unexpected machines."""
    ids = list(identities)
    covered = {i.ip for i in ids if i.ip} | {c for i in ids for c in i.custom_ids}
    report: dict[str, dict[str, object]] = {}
    wanted = set(checked_groups)
    for name, group in view.groups.items():
        if name not in wanted:
            continue
        by_custom_id = group.identify_type == "userdefined"
        entries = set(group.entries)
        unexpected = []
        for machine in group.machines or ():
            key = machine.user_defined_id if by_custom_id else machine.ip
            if key not in entries:
                unexpected.append(
                    {
                        "ip": machine.ip,
                        "user_defined_id": machine.user_defined_id or None,
                        "last_heartbeat": _iso(machine.last_heartbeat),
                        "heartbeat_age_seconds": max(
                            0, round(view.read_at - machine.last_heartbeat)
                        ),
                    }
                )
        report[name] = {
            "identify_type": group.identify_type,
            "source": group.source,
            "entries": len(group.entries),
            "heartbeating": None if group.machines is None else len(group.machines),
            "not_checked": [e for e in group.entries if e not in covered],
            "unexpected": unexpected,
            "error": group.error,
            # None: not read (see applied_configs_error); []: none applied, a finding.
            "applied_configs": (
                None if group.applied_configs is None else list(group.applied_configs)
            ),
        }
        if group.applied_configs_error:
            report[name]["applied_configs_error"] = group.applied_configs_error
    return report


def merge_group_reports(reports: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The ``machine_groups`` of several runs (shards of one fleet) as one.

    An entry is "not checked" only if no run covered it; a machine is
    unexpected if any run saw it (each run read the same group). The first
    run that read a group from the API gives its other fields.
    """
    merged: dict[str, dict[str, Any]] = {}
    for report in reports:
        for name, group in report.items():
            if name not in merged:
                merged[name] = dict(group)
                continue
            into = merged[name]
            if into.get("source") != "api" and group.get("source") == "api":
                into.update({k: v for k, v in group.items() if k != "not_checked"})
            theirs = list(group.get("not_checked") or [])
            into["not_checked"] = [e for e in into.get("not_checked") or [] if e in theirs]
            unexpected: list[Any] = list(into.get("unexpected") or [])
            seen = {json.dumps(m, sort_keys=True) for m in unexpected}
            for machine in group.get("unexpected") or []:
                if json.dumps(machine, sort_keys=True) not in seen:
                    unexpected.append(machine)
            into["unexpected"] = unexpected
    return merged


def summary_block(view: ServerView, endpoint: str) -> dict[str, object]:
    """The run's SLS read for summary.json: where, when, the threshold and what failed."""
    return {
        "endpoint": endpoint,
        "read_at": _iso(round(view.read_at)),
        "heartbeat_threshold_seconds": view.threshold,
        "errors": view.errors(),
    }
