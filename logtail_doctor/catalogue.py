"""The check catalogue: stable IDs, the guide step each belongs to, and titles.

IDs are append-only: a check is never renumbered or reused; a retired check
leaves its ID unused. The order below is the order of diagnosis: the root
cause of a host is its first failing check in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # could not be judged because an earlier fact is missing


@dataclass(frozen=True)
class CheckSpec:
    check_id: str
    step: str  # "host", "step1" ... "step4"
    title: str


CATALOGUE: tuple[CheckSpec, ...] = (
    CheckSpec("host.reachable", "host", "The host answers over its connection"),
    CheckSpec("step1.installed", "step1", "The agent is installed"),
    CheckSpec("step1.running", "step1", "The agent is running"),
    CheckSpec("step2.config_valid", "step2", "ilogtail_config.json exists and parses"),
    CheckSpec("step2.region", "step2", "The agent's region is the project's region"),
    CheckSpec("step2.network", "step2", "The agent's network type is the project's"),
    CheckSpec("step2.endpoint", "step2", "The config server answers like SLS from the host"),
    CheckSpec("step3.ip_recorded", "step3", "app_info.json records the agent's IPv4"),
    CheckSpec("step3.ip_in_group", "step3", "The recorded IP is in the machine group"),
    CheckSpec("step3.ip_current", "step3", "The recorded IP is the one the agent would take now"),
    CheckSpec("step4.user_id", "step4", "The account ID is set as user identifier"),
)

CHECK_IDS: tuple[str, ...] = tuple(spec.check_id for spec in CATALOGUE)
_BY_ID = {spec.check_id: spec for spec in CATALOGUE}


def spec(check_id: str) -> CheckSpec:
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise KeyError(f"unknown check id {check_id!r}") from None


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one host, with what a person needs to act on it."""

    check_id: str
    status: Status
    expected: str
    found: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def message(self) -> str:
        if self.status is Status.SKIPPED:
            return f"not judged: {self.found}"
        return f"expected {self.expected}; found {self.found}"


@dataclass(frozen=True, repr=False)
class Finding:
    """One check's outcome on one host: what a test asserts and explains."""

    host_id: str
    outcome: Outcome

    def __repr__(self) -> str:
        # pytest prints this under a failed assert; the explanation says the rest.
        return f"<{self.outcome.check_id} on {self.host_id}: {self.outcome.status.value}>"

    @property
    def passed(self) -> bool:
        return self.outcome.passed

    def explain(self) -> str:
        text = f"{self.host_id}: {self.outcome.check_id}: {self.outcome.message}"
        if self.outcome.remediation:
            text += f"\nFix: {self.outcome.remediation}"
        return text


def passed(check_id: str, expected: str, found: str, *evidence: str) -> Outcome:
    return Outcome(check_id, Status.PASSED, expected, found, None, evidence)


def failed(check_id: str, expected: str, found: str, remediation: str, *evidence: str) -> Outcome:
    return Outcome(check_id, Status.FAILED, expected, found, remediation, evidence)


def skipped(check_id: str, expected: str, reason: str) -> Outcome:
    return Outcome(check_id, Status.SKIPPED, expected, reason)


def root_cause(outcomes: dict[str, Outcome]) -> str | None:
    """The first failing check in catalogue order, or None."""
    return next((cid for cid in CHECK_IDS if cid in outcomes and outcomes[cid].failed), None)
