"""The guide's four steps as pure functions: HostFacts x Expectation -> Outcome.

One module per step, as in tests_infra/. Each check states what it expected
and what it found, and when it fails, the exact command or console action
that fixes it, with the host's real values. CHECKS lists them in the
catalogue's order.
"""

from __future__ import annotations

from collections.abc import Callable

from logtail_doctor.catalogue import CATALOGUE, Outcome, failed, passed, skipped
from logtail_doctor.checks.host import (
    APP_INFO_PATH,
    CONFIG_PATH,
    USERS_DIR,
    Agent,
    Expectation,
    Host,
    describe_agent,
    detect_agent,
    title_msg,
)
from logtail_doctor.checks.step1_agent import check_installed, check_instances, check_running
from logtail_doctor.checks.step2_install_parameters import (
    check_clock,
    check_config_loaded,
    check_config_valid,
    check_dns,
    check_endpoint,
    check_https,
    check_network,
    check_proxy,
    check_region,
    redact_proxy,
    valid_proxy,
)
from logtail_doctor.checks.step3_machine_group_ip import (
    check_custom_id,
    check_ip_current,
    check_ip_in_group,
    check_ip_recorded,
)
from logtail_doctor.checks.step4_user_identifier import check_user_id
from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import M, Msg

CHECKS: dict[str, Callable[[Host], Outcome]] = {
    "step1.installed": check_installed,
    "step1.instances": check_instances,
    "step1.running": check_running,
    "step2.config_valid": check_config_valid,
    "step2.config_loaded": check_config_loaded,
    "step2.region": check_region,
    "step2.network": check_network,
    "step2.dns": check_dns,
    "step2.endpoint": check_endpoint,
    "step2.https": check_https,
    "step2.proxy": check_proxy,
    "step2.clock": check_clock,
    "step3.ip_recorded": check_ip_recorded,
    "step3.custom_id": check_custom_id,
    "step3.ip_in_group": check_ip_in_group,
    "step3.ip_current": check_ip_current,
    "step4.user_id": check_user_id,
}
assert set(CHECKS) == {s.check_id for s in CATALOGUE if s.step not in ("host", "server")}, (
    "catalogue drift"
)


def evaluate(facts: HostFacts, expectation: Expectation) -> dict[str, Outcome]:
    """Every check on one reachable host, in catalogue order."""
    return evaluate_host(Host(facts, expectation))


def evaluate_host(host: Host) -> dict[str, Outcome]:
    """Every check on a Host already built (its agent is then known too)."""
    outcomes = {
        "host.reachable": passed(
            "host.reachable",
            M("host.reachable.expected"),
            M("host.reachable.found.ok", hostname=host.facts.hostname),
        )
    }
    for check_id, check in CHECKS.items():
        outcomes[check_id] = check(host)
    return outcomes


def unreachable(reason: str, remediation: str | Msg) -> dict[str, Outcome]:
    """The outcomes of a host the probe could not reach: one failure, the rest skipped."""
    outcomes = {
        "host.reachable": failed(
            "host.reachable", M("host.reachable.expected"), reason, remediation
        )
    }
    for spec in CATALOGUE[1:]:
        if spec.step == "server":  # judged from the SLS API, not from the host
            continue
        outcomes[spec.check_id] = skipped(
            spec.check_id, title_msg(spec.check_id), M("host.skip.unreachable")
        )
    return outcomes


__all__ = [
    "APP_INFO_PATH",
    "CHECKS",
    "CONFIG_PATH",
    "USERS_DIR",
    "Agent",
    "Expectation",
    "Host",
    "describe_agent",
    "detect_agent",
    "evaluate",
    "evaluate_host",
    "redact_proxy",
    "unreachable",
    "valid_proxy",
]
