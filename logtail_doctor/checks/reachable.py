"""Before the guide's steps: the host answers over its connection.

Judged by the probe itself (logtail_doctor.transport): a host that answered
passes; one that did not fails once, and its other checks are skipped, so the
report shows one clear cause.
"""

from __future__ import annotations

from logtail_doctor.checks.registry import declare, registered
from logtail_doctor.i18n import M, Msg
from logtail_doctor.outcome import Outcome, failed, passed, skipped

REACHABLE = declare(
    "host.reachable",
    "The host answers over its connection",
    fixes=(
        "host.reachable.fix.auth",
        "host.reachable.fix.network",
        "host.reachable.fix.auth.winrm",
        "host.reachable.fix.network.winrm",
    ),
)


def reachable(hostname: str) -> Outcome:
    return passed(
        REACHABLE.check_id,
        M("host.reachable.expected"),
        M("host.reachable.found.ok", hostname=hostname),
    )


def unreachable(reason: str, fix: Msg) -> dict[str, Outcome]:
    """The outcomes of a host the probe could not reach: one failure, the rest skipped."""
    outcomes = {
        REACHABLE.check_id: failed(REACHABLE.check_id, M("host.reachable.expected"), reason, fix)
    }
    for spec in registered():
        if spec.judge is not None:  # the host-side checks; the server's view has its own
            outcomes[spec.check_id] = skipped(
                spec.check_id, M(spec.title_key), M("host.skip.unreachable")
            )
    return outcomes
