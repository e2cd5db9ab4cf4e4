"""The one list of checks: each declared once, where its judge is written.

A step module declares a check with ``@check(...)`` on the function that
judges it (or ``declare(...)`` for a check judged elsewhere: the probe for
host.reachable, the SLS API for server.heartbeat). Everything else is derived
from these declarations: the catalogue's order (the order of registration,
which logtail_doctor.checks fixes by importing the step modules in the
guide's order), the tests_infra parametrization, the report's columns, the
JUnit properties and the unit tests' "every check can fail" table.

IDs are append-only: a check is never renumbered or reused; a retired check
leaves its ID unused.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, register_english
from logtail_doctor.outcome import Outcome

if TYPE_CHECKING:
    from logtail_doctor.checks.host import Host

Judge = Callable[["Host"], Outcome]

# host.reachable is judged by the probe itself, server.heartbeat from the SLS API.
STEPS = ("host", "step1", "step2", "step3", "step4", "server")
_ID_RE = re.compile(r"(host|step[1-4]|server)\.[a-z][a-z0-9_]*")
_FACTS = frozenset(f.name for f in dataclasses.fields(HostFacts))


@dataclass(frozen=True)
class CheckSpec:
    """One check: what it is, what it reads, what it says, and how it is judged."""

    check_id: str
    title: str  # English; ja/zh translate the message id title.<check_id>
    judge: Judge | None  # None: judged outside logtail_doctor.checks (see above)
    needs: tuple[str, ...]  # the HostFacts fields the judge reads
    fixes: tuple[str, ...]  # the message ids of the fixes it can give
    # The fixes safe to apply unattended on the host (start the agent, write a
    # file the guide names); the others need a person (reinstall, console, network).
    automatable: tuple[str, ...] = ()

    @property
    def step(self) -> str:
        return self.check_id.split(".", 1)[0]

    @property
    def title_key(self) -> str:
        return f"title.{self.check_id}"


_REGISTERED: dict[str, CheckSpec] = {}


def declare(
    check_id: str,
    title: str,
    *,
    needs: tuple[str, ...] = (),
    fixes: tuple[str, ...] = (),
    automatable: tuple[str, ...] = (),
    judge: Judge | None = None,
) -> CheckSpec:
    """Register one check; a mistake in a declaration stops the import, naming the check."""
    problems = []
    if not _ID_RE.fullmatch(check_id):
        problems.append("an ID is <host|step1..step4|server>.<snake_case name>")
    if check_id in _REGISTERED:
        problems.append("declared twice")
    if unknown := sorted(set(needs) - _FACTS):
        problems.append(f"needs unknown facts {unknown} (HostFacts fields: see facts.py)")
    english = CATALOGUES[DEFAULT_LANGUAGE]
    if missing := [key for key in fixes if key not in english]:
        problems.append(f"fixes without an English message: {missing}")
    if stray := sorted(set(automatable) - set(fixes)):
        problems.append(f"automatable fixes it does not declare: {stray}")
    if problems:
        raise ValueError(f"check {check_id}: {'; '.join(problems)}")
    spec = CheckSpec(check_id, title, judge, needs, fixes, automatable)
    _REGISTERED[check_id] = spec
    register_english(spec.title_key, title)
    return spec


def check(
    check_id: str,
    title: str,
    *,
    needs: tuple[str, ...],
    fixes: tuple[str, ...],
    automatable: tuple[str, ...] = (),
) -> Callable[[Judge], Judge]:
    """``@check("step1.running", "The agent is running", needs=(...), fixes=(...))``."""

    def register(judge: Judge) -> Judge:
        declare(check_id, title, needs=needs, fixes=fixes, automatable=automatable, judge=judge)
        return judge

    return register


def registered() -> tuple[CheckSpec, ...]:
    """Every declaration so far, in the order of registration."""
    return tuple(_REGISTERED.values())
