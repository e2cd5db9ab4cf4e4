"""What one check concluded on one host: message ids and parameters, never finished sentences.

An Outcome holds ``Msg`` values only (logtail_doctor.i18n), so every output
(terminal, summary.json, report.html, a merge of shards) renders it in the
language it is asked for. The ``*_text`` properties are its English words,
for pytest's assertion messages and for code that only ever speaks English.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from logtail_doctor.actions import FixAction
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, M, Msg, as_msg, shared


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # could not be judged because an earlier fact is missing


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check on one host, with what a person needs to act on it."""

    check_id: str
    status: Status
    expected: Msg
    found: Msg
    fix: Msg | None = None
    evidence: tuple[str, ...] = ()
    action: FixAction | None = None  # what a machine may do to apply the fix (the playbook)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Expected vs. found in one sentence (a skip: why it was not judged)."""
        if self.status is Status.SKIPPED:
            return M("outcome.not_judged", found=self.found).render(lang)
        return M("outcome.message", expected=self.expected, found=self.found).render(lang)

    @property
    def short(self) -> Msg:
        """What was found, in a few words: "<found id>.short" with the found's own values.

        A found message without a short form (a literal reason, say) is its own short.
        """
        key = f"{self.found.key}.short"
        return Msg(key, self.found.params) if key in CATALOGUES[DEFAULT_LANGUAGE] else self.found

    def remediation(self, lang: str = DEFAULT_LANGUAGE) -> str | None:
        return self.fix.render(lang) if self.fix is not None else None

    @property
    def expected_text(self) -> str:
        return self.expected.render()

    @property
    def found_text(self) -> str:
        return self.found.render()

    @property
    def fix_text(self) -> str | None:
        return self.remediation()


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
        text = f"{self.host_id}: {self.outcome.check_id}: {self.outcome.message()}"
        if self.outcome.fix is not None:
            text += f"\nFix: {self.outcome.fix_text}"
        if self.note:
            text += f"\nNote: {self.note}"
        return text


def passed(check_id: str, expected: str | Msg, found: str | Msg, *evidence: str) -> Outcome:
    return shared(Outcome(check_id, Status.PASSED, as_msg(expected), as_msg(found), None, evidence))


def failed(
    check_id: str,
    expected: str | Msg,
    found: str | Msg,
    fix: str | Msg,
    *evidence: str,
    action: FixAction | None = None,
) -> Outcome:
    return shared(
        Outcome(
            check_id,
            Status.FAILED,
            as_msg(expected),
            as_msg(found),
            as_msg(fix),
            evidence,
            action,
        )
    )


def skipped(check_id: str, expected: str | Msg, reason: str | Msg) -> Outcome:
    return shared(Outcome(check_id, Status.SKIPPED, as_msg(expected), as_msg(reason)))
