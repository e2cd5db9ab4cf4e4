"""The check catalogue: stable IDs, the guide step each belongs to, and titles.

IDs are append-only: a check is never renumbered or reused; a retired check
leaves its ID unused. The order below is the order of diagnosis: the root
cause of a host is its first failing check in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, M, Msg, as_msg


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
    CheckSpec("step1.instances", "step1", "Exactly one agent instance runs"),
    CheckSpec("step1.running", "step1", "The agent is running"),
    CheckSpec("step2.config_valid", "step2", "ilogtail_config.json exists and parses"),
    CheckSpec("step2.config_loaded", "step2", "The running agent has loaded its config file"),
    CheckSpec("step2.region", "step2", "The agent's region is the project's region"),
    CheckSpec("step2.network", "step2", "The agent's network type is the project's"),
    CheckSpec("step2.dns", "step2", "The config server's name resolves on the host"),
    CheckSpec("step2.endpoint", "step2", "The config server answers like SLS from the host"),
    CheckSpec("step2.https", "step2", "HTTPS (443) to the config server works"),
    CheckSpec("step2.proxy", "step2", "The agent's proxy variables are valid"),
    CheckSpec("step2.clock", "step2", "The host's clock is within 15 minutes of SLS"),
    CheckSpec("step3.ip_recorded", "step3", "app_info.json records the agent's IPv4"),
    CheckSpec("step3.custom_id", "step3", "user_defined_id holds the group's custom identifier"),
    CheckSpec("step3.ip_in_group", "step3", "The recorded IP is in the machine group"),
    CheckSpec("step3.ip_current", "step3", "The recorded IP is the one the agent would take now"),
    CheckSpec("step4.user_id", "step4", "The account ID is set as user identifier"),
    # Judged from the SLS API, only with --sls (logtail_doctor.server_view).
    CheckSpec("server.heartbeat", "server", "Log Service saw a recent heartbeat from the host"),
)

CHECK_IDS: tuple[str, ...] = tuple(spec.check_id for spec in CATALOGUE)
# Checks of the server's view: present only in runs with --sls.
SERVER_CHECK_IDS: tuple[str, ...] = tuple(s.check_id for s in CATALOGUE if s.step == "server")
HOST_CHECK_IDS: tuple[str, ...] = tuple(c for c in CHECK_IDS if c not in SERVER_CHECK_IDS)
_BY_ID = {spec.check_id: spec for spec in CATALOGUE}


def spec(check_id: str) -> CheckSpec:
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise KeyError(f"unknown check id {check_id!r}") from None


def title(check_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The check's title in a language (English: the catalogue's own; ja/zh: title.<id>)."""
    english = spec(check_id).title if check_id in _BY_ID else check_id
    key = f"title.{check_id}"
    return CATALOGUES.get(lang, {}).get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key) or english


@dataclass(frozen=True)
class OutcomeTexts:
    """An outcome's words as message ids + parameters, so any language can render them."""

    expected: Msg
    found: Msg
    remediation: Msg | None = None

    def message(self, status: Status, lang: str = DEFAULT_LANGUAGE) -> str:
        if status is Status.SKIPPED:
            return M("outcome.not_judged", found=self.found).render(lang)
        return M("outcome.message", expected=self.expected, found=self.found).render(lang)


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one host, with what a person needs to act on it."""

    check_id: str
    status: Status
    expected: str
    found: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()
    texts: OutcomeTexts | None = None  # None: the English strings above are all there is

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def message(self) -> str:
        return self.localized_texts.message(self.status)

    @property
    def localized_texts(self) -> OutcomeTexts:
        if self.texts is not None:
            return self.texts
        fix = as_msg(self.remediation) if self.remediation is not None else None
        return OutcomeTexts(as_msg(self.expected), as_msg(self.found), fix)


@dataclass(frozen=True, repr=False)
class Finding:
    """One check's outcome on one host: what a test asserts and explains."""

    host_id: str
    outcome: Outcome
    note: str | None = None  # e.g. "waiver expired on 2026-01-31: ..."

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
        if self.note:
            text += f"\nNote: {self.note}"
        return text


def _outcome(
    check_id: str,
    status: Status,
    expected: str | Msg,
    found: str | Msg,
    *,
    remediation: str | Msg | None,
    evidence: tuple[str, ...],
) -> Outcome:
    texts = OutcomeTexts(
        as_msg(expected), as_msg(found), as_msg(remediation) if remediation is not None else None
    )
    return Outcome(
        check_id,
        status,
        texts.expected.render(),
        texts.found.render(),
        texts.remediation.render() if texts.remediation else None,
        evidence,
        texts,
    )


def passed(check_id: str, expected: str | Msg, found: str | Msg, *evidence: str) -> Outcome:
    return _outcome(check_id, Status.PASSED, expected, found, remediation=None, evidence=evidence)


def failed(
    check_id: str, expected: str | Msg, found: str | Msg, remediation: str | Msg, *evidence: str
) -> Outcome:
    return _outcome(
        check_id, Status.FAILED, expected, found, remediation=remediation, evidence=evidence
    )


def skipped(check_id: str, expected: str | Msg, reason: str | Msg) -> Outcome:
    return _outcome(check_id, Status.SKIPPED, expected, reason, remediation=None, evidence=())


def root_cause(outcomes: dict[str, Outcome]) -> str | None:
    """The first failing check in catalogue order, or None."""
    return next((cid for cid in CHECK_IDS if cid in outcomes and outcomes[cid].failed), None)
