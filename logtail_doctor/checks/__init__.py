"""The checks: each declared once beside the function that judges it.

One module per step, as in tests_infra/. Importing this package registers
every check (logtail_doctor.checks.registry). The order of diagnosis is the
guide's steps in order (registry.STEPS), and within a step the order the
checks are written in their module. A host's root cause is its first failing
check in this order. To add a check, see docs/contributing.md.
"""

from __future__ import annotations

# Imported for their declarations.
from logtail_doctor.checks import reachable as _reachable
from logtail_doctor.checks import server_heartbeat as _server
from logtail_doctor.checks import step1_agent as _step1
from logtail_doctor.checks import step2_install_parameters as _step2
from logtail_doctor.checks import step3_machine_group_ip as _step3
from logtail_doctor.checks import step4_user_identifier as _step4
from logtail_doctor.checks.host import Agent, Expectation, Host, detect_agent
from logtail_doctor.checks.reachable import reachable, unreachable
from logtail_doctor.checks.registry import STEPS, CheckSpec, registered, site_check
from logtail_doctor.outcome import Outcome

CATALOGUE: tuple[CheckSpec, ...] = tuple(
    sorted(registered(), key=lambda spec: STEPS.index(spec.step))
)
del _reachable, _step1, _step2, _step3, _step4, _server


def evaluate_host(host: Host) -> dict[str, Outcome]:
    """Every host-side check on a host that answered the probe, in catalogue order."""
    answered = reachable(host.facts.hostname)
    outcomes = {answered.check_id: answered}
    for spec in CATALOGUE:
        if spec.judge is not None:
            outcomes[spec.check_id] = spec.judge(host)
    return outcomes


__all__ = [
    "CATALOGUE",
    "Agent",
    "CheckSpec",
    "Expectation",
    "Host",
    "detect_agent",
    "evaluate_host",
    "site_check",
    "unreachable",
]
