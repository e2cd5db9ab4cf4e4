"""A site's own checks: users' testinfra tests over the fleet, judged beside the guide's.

A site check is a user's test (a plain testinfra test, or one declared with
``@site_check``, logtail_doctor.checks.registry) that pytest ran on one host of
the run. What pytest concluded of it is a ``SiteRecord``; ``site_result`` makes
it a ``CheckResult`` like the guide's checks', with the site's own words as its
texts (literal messages: they are not translated). The verdict orders them
after the guide's checks (logtail_doctor.verdict.judge_host).

No pytest here: conftest.py reads pytest's report into a SiteRecord.
"""

from __future__ import annotations

from dataclasses import dataclass

from logtail_doctor.checks.host import Expectation
from logtail_doctor.i18n import as_msg
from logtail_doctor.outcome import Outcome, Status
from logtail_doctor.verdict import CheckResult

# pytest's outcome of a site test -> its result in the verdict. A test that failed in
# its own body failed its check (whatever it raised: an assertion, a command cut at its
# bound); one that could not even be set up (a fixture of its own broke) is an error.
_STATUS = {"passed": Status.PASSED, "failed": Status.FAILED, "skipped": Status.SKIPPED}
MESSAGE_LIMIT = 500  # characters of a finding kept: the first lines of an assertion's


@dataclass(frozen=True)
class SiteRecord:
    """What pytest concluded of one site test on one host."""

    check_id: str  # @site_check's ID, else the test's pytest id without its host
    title: str  # @site_check's title, else the test's docstring's first line or its name
    test: str  # the pytest node id
    outcome: str  # passed | failed | skipped | error
    message: str  # the finding: the assertion's message, the skip's reason, the error
    fix: str | None = None  # @site_check's fix (shown when it failed)


@dataclass(frozen=True)
class HostTargets:
    """The `targets` fixture: what the targets file expects of this host."""

    project: str
    region: str
    network: str
    group: str | None  # its machine group's name (None: the file names none for it)
    group_ips: tuple[str, ...]  # the IPs its machine group lists (empty: an ID group)
    group_custom_ids: tuple[str, ...]  # a custom-identifier group's identifiers
    account_ids: tuple[str, ...]

    @classmethod
    def of(cls, expectation: Expectation) -> HostTargets:
        group = expectation.group
        return cls(
            project=expectation.project.name,
            region=expectation.project.region,
            network=expectation.project.network,
            group=group.name if group is not None else None,
            group_ips=tuple(group.ips) if group is not None else (),
            group_custom_ids=tuple(group.custom_ids) if group is not None else (),
            account_ids=tuple(expectation.account_ids),
        )


def site_result(record: SiteRecord) -> CheckResult:
    """A site test's result as the verdict holds every check's."""
    status = _STATUS.get(record.outcome, Status.FAILED)
    message = short_message(record.message) or record.outcome
    fix = record.fix if status is Status.FAILED or record.outcome == "error" else None
    outcome = Outcome(
        record.check_id,
        status,
        as_msg(record.title),
        as_msg(message),
        as_msg(fix) if fix else None,
    )
    error = message if record.outcome == "error" else None
    return CheckResult(outcome, record.outcome, None, record.test, error)


def assertion_finding(text: str) -> str:
    """An assertion's finding: its own message; without one, pytest's `assert ...` line.

    pytest's rewritten assertion says "<message>\nassert <expression>\n + where ...":
    the expression is for the test's author, the message for the report.
    """
    lines = text.strip().splitlines()
    if not lines:
        return "assertion failed"
    if lines[0].startswith("assert "):
        return lines[0]
    cut = next((i for i, line in enumerate(lines) if line.startswith("assert ")), len(lines))
    return "\n".join(lines[:cut])


def short_message(text: str) -> str:
    """A finding as one line: its first non-empty lines joined, within MESSAGE_LIMIT."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = " ".join(lines[:3])
    return joined if len(joined) <= MESSAGE_LIMIT else joined[: MESSAGE_LIMIT - 3] + "..."


__all__ = [
    "MESSAGE_LIMIT",
    "HostTargets",
    "SiteRecord",
    "assertion_finding",
    "short_message",
    "site_result",
]
