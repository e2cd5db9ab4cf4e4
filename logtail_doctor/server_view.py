"""The server's view beside the host-side diagnosis (``--sls``), as pure functions.

``read_server_view`` asks a MachineGroupReader about every machine group of
the targets file, once per run; ``judge_heartbeat`` turns that and one host's
identity into the ``server.heartbeat`` outcome; ``group_report`` lists, per
group, the entries no host of the run covers and the machines heartbeating
that the group does not list.

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
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from logtail_doctor.catalogue import root_cause
from logtail_doctor.facts import FileState, HostFacts
from logtail_doctor.i18n import M, Msg, as_msg, text
from logtail_doctor.outcome import Outcome, failed, passed, skipped
from logtail_doctor.parsers import AppInfoError, is_ipv4, parse_app_info, parse_user_defined_ids
from logtail_doctor.sls_api import Machine, MachineGroupReader, SlsApiError
from logtail_doctor.targets import MachineGroup
from logtail_doctor.text import first_items

if TYPE_CHECKING:
    from logtail_doctor.fleet import Diagnosis, FleetHost

CHECK_ID = "server.heartbeat"
DEFAULT_THRESHOLD = 300
BACKOFF_MINUTES = 12  # the agent's config-request back-off when no config is applied


@dataclass(frozen=True)
class GroupView:
    """One machine group as Log Service (or, failing that, the targets file) has it."""

    name: str
    identify_type: str  # "ip" | "userdefined"; "ip" when only the targets file is known
    source: str  # "api" | "targets"
    entries: tuple[str, ...]  # the group's machine list: IPs or custom identifiers
    machines: tuple[Machine, ...] | None  # ListMachines; None when it could not be read
    error: str | None = None  # why the API view of this group is missing


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
        views[group.name] = GroupView(
            group.name, info.identify_type, "api", info.machine_list, machines
        )
    return ServerView(views, run_error, now(), threshold)


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


def judge_heartbeat(
    identity: Identity,
    group: GroupView | None,
    view: ServerView,
    host_cause: tuple[str, str | Msg | None] | None,
) -> tuple[Outcome, Heartbeat | None]:
    """server.heartbeat for one host: a heartbeat from it within the threshold.

    host_cause: the host's first failing host-side check and its fix, if any,
    which is then the fix for a missing heartbeat too.
    """
    limit = _duration(view.threshold)
    if group is None:
        return skipped(
            CHECK_ID,
            M("server.heartbeat.expected.any", limit=limit),
            M("server.heartbeat.skip.no_group"),
        ), None
    expected = M("server.heartbeat.expected", group=group.name, limit=limit)
    if group.error or group.machines is None:
        reason: str | Msg = (
            text(group.error) if group.error else M("server.heartbeat.skip.not_read")
        )
        return skipped(CHECK_ID, expected, reason), None
    by_custom_id = group.identify_type == "userdefined"
    key = identity.custom_id_for(group.entries) if by_custom_id else identity.ip
    if key is None:
        found = (
            M("server.heartbeat.skip.no_custom_id", path="/etc/ilogtail/user_defined_id")
            if by_custom_id
            else M("server.heartbeat.skip.no_ip")
        )
        return skipped(CHECK_ID, expected, found), None
    if by_custom_id:
        shown = M("server.heartbeat.who.custom_id", ident=key)
    elif identity.ip_source:
        shown = M(
            "server.heartbeat.who.ip_from",
            ident=key,
            source=_source_msg(identity.ip_source),
        )
    else:
        shown = M("server.heartbeat.who.ip", ident=key)
    match = _latest(
        m for m in group.machines if (m.user_defined_id if by_custom_id else m.ip) == key
    )
    listed = key in group.entries
    if match is None:
        found = M(
            "server.heartbeat.found.none" if listed else "server.heartbeat.found.none_unlisted",
            who=shown,
            count=str(len(group.machines)),
            group=group.name,
        )
        return failed(
            CHECK_ID, expected, found, _fix(group, key, listed, host_cause, None)
        ), Heartbeat(group.name, key, None, None)
    age = max(0, round(view.read_at - match.last_heartbeat))
    heartbeat = Heartbeat(group.name, key, match.last_heartbeat, age)
    found = M(
        "server.heartbeat.found.last",
        who=shown,
        age=_duration(age),
        at=_iso(match.last_heartbeat),
    )
    if age <= view.threshold:
        return passed(CHECK_ID, expected, found), heartbeat
    return failed(CHECK_ID, expected, found, _fix(group, key, listed, host_cause, age)), heartbeat


def _source_msg(source: str) -> Msg:
    """Where the host's IP came from: app_info.json is a path, the rest are words."""
    if source == "host address":
        return M("server.heartbeat.source.address")
    if source == "none":
        return M("server.heartbeat.source.none")
    return text(source)


def _fix(
    group: GroupView,
    key: str,
    listed: bool,
    host_cause: tuple[str, str | Msg | None] | None,
    age: int | None,
) -> Msg:
    """The fix for a missing or stale heartbeat: the host side's if it has one (step order
    decides the root cause), else the known server-side causes, likeliest first."""
    if host_cause is not None:
        cause, fix = host_cause
        if cause == "host.reachable":
            return M(
                "server.heartbeat.fix.unreachable",
                fix=as_msg(fix) if fix else M("server.heartbeat.fix.reach_default"),
            )
        return M(
            "server.heartbeat.fix.host_side",
            cause=cause,
            fix=as_msg(fix) if fix else M("server.heartbeat.fix.see_check"),
        )
    if not listed:
        return M("server.heartbeat.fix.add", ident=key, group=group.name)
    backoff = M("server.heartbeat.fix.backoff", group=group.name, minutes=str(BACKOFF_MINUTES))
    log = M(
        "server.heartbeat.fix.log",
        path="/usr/local/ilogtail/ilogtail.LOG",
        alt="loongcollector.LOG",
    )
    clock = M("server.heartbeat.fix.clock", minutes="15")
    if age is None:
        return M(
            "server.heartbeat.fix.no_heartbeat",
            minutes="2",
            log=log,
            clock=clock,
            backoff=backoff,
        )
    if age <= (BACKOFF_MINUTES + 1) * 60:
        return M("server.heartbeat.fix.backing_off", backoff=backoff, clock=clock)
    return M(
        "server.heartbeat.fix.stopped",
        age=_duration(age),
        minutes=str(BACKOFF_MINUTES),
        log=log,
        clock=clock,
    )


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
        }
    return report


def group_lines(report: dict[str, dict[str, object]], errors: list[str]) -> list[str]:
    """The terminal's server section: each error line once, then one line per group."""
    lines = list(errors)
    for name, group in report.items():
        not_checked = group["not_checked"]
        unexpected = group["unexpected"]
        assert isinstance(not_checked, list)
        assert isinstance(unexpected, list)
        heartbeating = group["heartbeating"]
        line = (
            f"{name}: {group['identify_type']} group, {_count(group['entries'], 'entry')} "
            f"(from {group['source']})"
        )
        if heartbeating is not None:
            line += f", {heartbeating} heartbeating"
        if not_checked:
            line += f"; not checked: {first_items(not_checked, 6)}"
        if unexpected:
            shown = [str(m["user_defined_id"] or m["ip"]) for m in unexpected]
            line += f"; heartbeating but not in the group: {first_items(shown, 6)}"
        lines.append(line)
    return lines


def _count(number: object, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def _latest(machines: Iterable[Machine]) -> Machine | None:
    return max(machines, key=lambda m: m.last_heartbeat, default=None)


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def _iso(epoch: int) -> str:
    try:
        return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return str(epoch)


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
        diagnosis.outcomes[CHECK_ID] = outcome
        heartbeats[host.host_id] = heartbeat
    return heartbeats, identities


def address_of(spec: str) -> str | None:
    """The IPv4 address in a host spec (ssh://root@10.0.0.11, root@10.0.0.11), if any."""
    netloc = urllib.parse.urlsplit(spec if "://" in spec else f"x://{spec}").hostname
    return netloc if netloc and is_ipv4(netloc) else None


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


def heartbeat_note(server: dict[str, object]) -> str:
    """A host's server view in a few words, for its terminal line."""
    age = server.get("heartbeat_age_seconds")
    if not isinstance(age, int):
        return "SLS: no heartbeat"
    return f"SLS: last heartbeat {_duration(age)} ago"


def summary_block(view: ServerView, endpoint: str) -> dict[str, object]:
    """The run's SLS read for summary.json: where, when, the threshold and what failed."""
    return {
        "endpoint": endpoint,
        "read_at": _iso(round(view.read_at)),
        "heartbeat_threshold_seconds": view.threshold,
        "errors": view.errors(),
    }
