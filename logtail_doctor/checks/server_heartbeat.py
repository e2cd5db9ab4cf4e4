"""Beyond the host: Log Service itself saw a recent heartbeat (only with --sls).

Judged from the SLS API by logtail_doctor.server_view.judge_heartbeat, which
needs the whole fleet's view of the machine groups, not one host's facts.
"""

from __future__ import annotations

from logtail_doctor.checks.registry import Fix, declare

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
)
