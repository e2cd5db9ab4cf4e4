"""Beyond the host: Log Service itself saw a recent heartbeat (only with --sls).

Judged on the server's view of the host's machine group (logtail_doctor.sls.view,
read once per run from the SLS API), not on the host's facts; a host-side cause
found first becomes this check's fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from logtail_doctor.checks.reachable import REACHABLE
from logtail_doctor.checks.registry import Fix, declare
from logtail_doctor.i18n import Msg, as_msg, text
from logtail_doctor.outcome import Outcome
from logtail_doctor.sls.api import Machine
from logtail_doctor.sls.times import duration_text as _duration
from logtail_doctor.sls.times import iso_utc as _iso
from logtail_doctor.sls.view import GroupView, Heartbeat, Identity, ServerView

BACKOFF_MINUTES = 12  # the agent's config-request back-off when no config is applied

HEARTBEAT = declare(
    "server.heartbeat",
    "Log Service saw a recent heartbeat from the host",
    test="test_log_service_sees_a_recent_heartbeat",
    fixes={
        "fix.unreachable": Fix(
            "The host could not be checked over SSH, so the host-side steps cannot say why: {fix}",
        ),
        "fix.host_side": Fix(
            "The host-side diagnosis explains it ({cause}): {fix}",
        ),
        "fix.see_check": Fix(
            "see that check",
        ),
        "fix.add": Fix(
            "Add {ident} to machine group {group} in the SLS console, then check the "
            "heartbeat again after about a minute"
        ),
        "fix.no_heartbeat": Fix(
            "The host-side checks pass but Log Service lists no heartbeat from it: a new "
            "agent's first heartbeat takes about {minutes} minutes; else {log}; {clock}; "
            "{backoff}"
        ),
        "fix.backing_off": Fix(
            "The host-side checks pass: {backoff}; {clock}",
        ),
        "fix.no_configs": Fix(
            "Machine group {group} has no collection config applied (Log Service lists "
            "none), so the agent slows its heartbeat to up to {minutes} minutes: apply a "
            "collection config to the group (SLS console > Logtail Configurations > Apply to "
            "Machine Group), then restart the agent"
        ),
        "fix.stopped": Fix(
            "The host-side checks pass now, but the heartbeats stopped {age} ago (longer "
            "than the {minutes}-minute back-off): {log}; {clock}"
        ),
    },
    texts={
        "expected.any": "a heartbeat within {limit}",
        "expected": "a heartbeat to machine group {group} within the last {limit}",
        "skip.no_group": (
            "the host's machine group is unknown (give machine_group in the targets file)"
        ),
        "skip.not_read": "ListMachines was not read",
        "skip.no_custom_id": "the host has no {path} to match",
        "skip.no_ip": (
            "no IP to match (app_info.json records none and the host spec has no address)"
        ),
        "who.custom_id": "custom identifier {ident}",
        "who.ip": "IP {ident}",
        "who.ip_from": "IP {ident} ({source})",
        "source.address": "host address",
        "source.none": "none",
        "found.none": (
            "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}"
        ),
        "found.none_unlisted": (
            "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}, "
            "and {group} does not list it"
        ),
        "found.last": "last heartbeat from {who} {age} ago ({at})",
        "fix.reach_default": "make it reachable and run again",
        "fix.backoff": (
            "with no collection config applied to machine group {group} the agent slows its "
            "heartbeat to up to {minutes} minutes: apply a config to the group, or restart the "
            "agent"
        ),
        "fix.log": (
            "read the agent's log ({path}, or {alt}) for errors talking to the config server"
        ),
        "fix.clock": "the host's clock must be within {minutes} minutes of the real time",
        "found.none.short": "no heartbeat in {group}",
        "found.none_unlisted.short": "no heartbeat, not listed in {group}",
        "found.last.short": "last heartbeat {age} ago",
    },
    doc=(
        "Only with `--sls`: Log Service lists a heartbeat from the host in its machine "
        "group within the threshold (`--heartbeat-threshold`, 300 s). It comes last, so a "
        "host-side failure stays the root cause."
    ),
)


def judge_heartbeat(
    identity: Identity,
    group: GroupView | None,
    view: ServerView,
    host_cause: tuple[str, str | Msg | None] | None,
) -> tuple[Outcome, Heartbeat | None]:
    """The heartbeat for one host: a heartbeat from it within the threshold.

    host_cause: the host's first failing host-side check and its fix, if any,
    which is then the fix for a missing heartbeat too.
    """
    limit = _duration(view.threshold)
    if group is None:
        return HEARTBEAT.skipped(
            HEARTBEAT.msg("expected.any", limit=limit),
            HEARTBEAT.msg("skip.no_group"),
        ), None
    expected = HEARTBEAT.msg("expected", group=group.name, limit=limit)
    if group.error or group.machines is None:
        reason: str | Msg = text(group.error) if group.error else HEARTBEAT.msg("skip.not_read")
        return HEARTBEAT.skipped(expected, reason), None
    by_custom_id = group.identify_type == "userdefined"
    key = identity.custom_id_for(group.entries) if by_custom_id else identity.ip
    if key is None:
        found = (
            HEARTBEAT.msg("skip.no_custom_id", path="/etc/ilogtail/user_defined_id")
            if by_custom_id
            else HEARTBEAT.msg("skip.no_ip")
        )
        return HEARTBEAT.skipped(expected, found), None
    if by_custom_id:
        shown = HEARTBEAT.msg("who.custom_id", ident=key)
    elif identity.ip_source:
        shown = HEARTBEAT.msg(
            "who.ip_from",
            ident=key,
            source=_source_msg(identity.ip_source),
        )
    else:
        shown = HEARTBEAT.msg("who.ip", ident=key)
    match = _latest(
        m for m in group.machines if (m.user_defined_id if by_custom_id else m.ip) == key
    )
    listed = key in group.entries
    if match is None:
        found = HEARTBEAT.msg(
            "found.none" if listed else "found.none_unlisted",
            who=shown,
            count=str(len(group.machines)),
            group=group.name,
        )
        return HEARTBEAT.failed(
            expected, found, _fix(group, key, listed, host_cause, None)
        ), Heartbeat(group.name, key, None, None)
    age = max(0, round(view.read_at - match.last_heartbeat))
    heartbeat = Heartbeat(group.name, key, match.last_heartbeat, age)
    found = HEARTBEAT.msg(
        "found.last",
        who=shown,
        age=_duration(age),
        at=_iso(match.last_heartbeat),
    )
    if age <= view.threshold:
        return HEARTBEAT.passed(expected, found), heartbeat
    return HEARTBEAT.failed(expected, found, _fix(group, key, listed, host_cause, age)), heartbeat


def _source_msg(source: str) -> Msg:
    """Where the host's IP came from: app_info.json is a path, the rest are words."""
    if source == "host address":
        return HEARTBEAT.msg("source.address")
    if source == "none":
        return HEARTBEAT.msg("source.none")
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
        if cause == REACHABLE.check_id:
            return HEARTBEAT.msg(
                "fix.unreachable",
                fix=as_msg(fix) if fix else HEARTBEAT.msg("fix.reach_default"),
            )
        return HEARTBEAT.msg(
            "fix.host_side",
            cause=cause,
            fix=as_msg(fix) if fix else HEARTBEAT.msg("fix.see_check"),
        )
    if not listed:
        return HEARTBEAT.msg("fix.add", ident=key, group=group.name)
    if group.applied_configs == ():  # known to be none (None: not read)
        return HEARTBEAT.msg("fix.no_configs", group=group.name, minutes=str(BACKOFF_MINUTES))
    backoff = HEARTBEAT.msg("fix.backoff", group=group.name, minutes=str(BACKOFF_MINUTES))
    log = HEARTBEAT.msg(
        "fix.log",
        path="/usr/local/ilogtail/ilogtail.LOG",
        alt="loongcollector.LOG",
    )
    clock = HEARTBEAT.msg("fix.clock", minutes="15")
    if age is None:
        return HEARTBEAT.msg(
            "fix.no_heartbeat",
            minutes="2",
            log=log,
            clock=clock,
            backoff=backoff,
        )
    if age <= (BACKOFF_MINUTES + 1) * 60:
        return HEARTBEAT.msg("fix.backing_off", backoff=backoff, clock=clock)
    return HEARTBEAT.msg(
        "fix.stopped",
        age=_duration(age),
        minutes=str(BACKOFF_MINUTES),
        log=log,
        clock=clock,
    )


def _latest(machines: Iterable[Machine]) -> Machine | None:
    return max(machines, key=lambda m: m.last_heartbeat, default=None)
