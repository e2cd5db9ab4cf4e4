"""Beyond the host: Log Service itself saw a recent heartbeat (only with --sls).

Judged from the SLS API by logtail_doctor.server_view.judge_heartbeat, which
needs the whole fleet's view of the machine groups, not one host's facts.
"""

from __future__ import annotations

from logtail_doctor.checks.registry import declare

HEARTBEAT = declare(
    "server.heartbeat",
    "Log Service saw a recent heartbeat from the host",
    fixes=(
        "server.heartbeat.fix.unreachable",
        "server.heartbeat.fix.host_side",
        "server.heartbeat.fix.see_check",
        "server.heartbeat.fix.add",
        "server.heartbeat.fix.no_heartbeat",
        "server.heartbeat.fix.backing_off",
        "server.heartbeat.fix.stopped",
    ),
)
