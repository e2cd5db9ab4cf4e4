"""The ``server.heartbeat`` check: Log Service saw a recent heartbeat from the host.

Judged on the server's view of the host's machine group (logtail_doctor.sls.view),
not on the host's facts; a host-side cause found first becomes this check's fix.
Kept in a module of its own so that it can join the other checks in
logtail_doctor/checks/.
"""

from __future__ import annotations

from collections.abc import Iterable

from logtail_doctor.i18n import M, Msg, as_msg, text
from logtail_doctor.outcome import Outcome, failed, passed, skipped
from logtail_doctor.sls.api import Machine

# Imported under the names they had in server_view.py, so that the function
# bodies below stay as they were there (other branches edit them).
from logtail_doctor.sls.times import duration_text as _duration
from logtail_doctor.sls.times import iso_utc as _iso
from logtail_doctor.sls.view import GroupView, Heartbeat, Identity, ServerView

CHECK_ID = "server.heartbeat"
BACKOFF_MINUTES = 12  # the agent's config-request back-off when no config is applied


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


def _latest(machines: Iterable[Machine]) -> Machine | None:
    return max(machines, key=lambda m: m.last_heartbeat, default=None)
