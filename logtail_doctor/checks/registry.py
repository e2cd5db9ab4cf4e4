"""The one list of checks: each a unit, declared once where its judge is written.

A check is its declaration: its ID (said once), its English title and texts,
the pytest test that asserts it, the facts it reads, its fixes (each with the
kind of action the fix plan may take for it, if any) and its judge. The judge
is handed its own bound spec, ``c``, and speaks through it:
``c.passed(expected, found)``, ``c.failed(expected, found, c.fix("fix", ...))``,
``c.msg("found.none", ...)``: message keys are relative to the check, so no
judge repeats its ID. Everything else is derived from the declarations: the
catalogue's order (registration order, which logtail_doctor.checks fixes by
importing the step modules in the guide's order), the English catalogue, the
tests_infra items, the report's columns, the JUnit properties, the fix plan.

A check judged outside a step module (the host's reachability by the
probe, the server's heartbeat from the SLS API) is declared with ``declare(...)`` and
judged by a function of its own that still speaks through its spec.

IDs are append-only: a check is never renumbered or reused; a retired check
leaves its ID unused.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from logtail_doctor.actions import FixAction
from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, M, Msg, ParamValue, register_english
from logtail_doctor.outcome import Outcome, failed, passed, skipped

if TYPE_CHECKING:
    from logtail_doctor.checks.host import Host

Judge = Callable[["Host"], Outcome]
BoundJudge = Callable[["CheckSpec", "Host"], Outcome]

# "host": judged by the probe itself; "server": from the SLS API.
STEPS = ("host", "step1", "step2", "step3", "step4", "server")
_ID_RE = re.compile(r"(host|step[1-4]|server)\.[a-z][a-z0-9_]*")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")
_TEST_RE = re.compile(r"test_[a-z0-9_]+")
_FACTS = frozenset(f.name for f in dataclasses.fields(HostFacts))
# The agent's public source trees a check may cite (the revisions the mission's research read).
AGENT_SOURCES: dict[str, str] = {
    "loongcollector": "https://github.com/alibaba/loongcollector/blob/f02d9808578e/",
    "ilogtail-1.8.8": "https://github.com/alibaba/ilogtail/blob/v1.8.8/",
}
_LINES_RE = re.compile(r"[1-9][0-9]*(-[1-9][0-9]*)?")
# Where in the agent's source a check's rule comes from: (tree, path, lines "12" or "12-30").
Source = tuple[str, str, str]
ENGLISH = CATALOGUES[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Fix:
    """One fix a check can give: its English text and, if a machine may apply it, how.

    ``action``: the kind of FixAction an outcome with this fix carries; a fix
    with an action is automatable (the playbook does it), one without needs a
    person. Said here, once.
    """

    text: str  # "" for a step's shared fix (see of_step)
    action: type[FixAction] | None = None
    shared: str | None = None  # the full message id of a fix several checks of a step give

    @classmethod
    def of_step(cls, message_id: str, action: type[FixAction] | None = None) -> Fix:
        """A fix written once for several checks of a step (its text in the en catalogue)."""
        return cls("", action, message_id)


@dataclass(frozen=True)
class GivenFix:
    """A fix as a judge gives it on one host: the message and, if automatable, its action."""

    msg: Msg
    action: FixAction | None = None


@dataclass(frozen=True)
class CheckSpec:
    """One check: what it is, what it reads, what it says, how it is judged and fixed."""

    check_id: str
    title: str  # English; ja/zh translate the message id title.<check_id>
    judge: Judge | None  # None: judged outside logtail_doctor.checks (see above)
    needs: tuple[str, ...]  # the HostFacts fields the judge reads
    fixes: Mapping[str, Fix]  # relative key ("fix", "fix.reinstall") -> the fix
    texts: Mapping[str, str] = field(default_factory=dict)  # relative key -> English
    test: str | None = None  # the pytest function of tests_infra/ that asserts it
    waivable: bool = True  # False: a failure of it cannot be accepted by a waiver
    doc: str = ""  # when it passes, for the docs (the judge's docstring, or declare's doc)
    sources: tuple[Source, ...] = ()  # the agent's source that says so
    # True: its evidence is shown on every host, healthy ones too (the agent's own
    # warnings: facts to read, not a verdict); otherwise only where the host needs work.
    evidence_always: bool = False
    # A run option (ConnectionOptions field) without which the check is not part of a run,
    # as the server's checks are not without --sls (its test is deselected); None: always.
    run_option: str | None = None

    @property
    def step(self) -> str:
        return self.check_id.split(".", 1)[0]

    @property
    def title_key(self) -> str:
        return f"title.{self.check_id}"

    @property
    def fix_ids(self) -> tuple[str, ...]:
        """Every fix's message id."""
        return tuple(self.fix_key(name) for name in self.fixes)

    @property
    def automatable(self) -> tuple[str, ...]:
        """The message ids of the fixes a machine may apply (those declared with an action)."""
        return tuple(self.fix_key(name) for name, fix in self.fixes.items() if fix.action)

    def fix_key(self, relative: str) -> str:
        """The message id of one of its fixes (a step's shared one keeps its own id)."""
        return self.fixes[relative].shared or self.key(relative)

    def key(self, relative: str) -> str:
        """A message id of this check: ``c.key("found.none")`` -> "<check id>.found.none"."""
        return f"{self.check_id}.{relative}"

    # --- what a judge says, through its spec -----------------------------------------------

    def msg(self, relative: str, **params: ParamValue) -> Msg:
        """One of this check's messages, by its key relative to the check."""
        return M(self.key(relative), **params)

    def fix(self, relative: str, action: FixAction | None = None, **params: ParamValue) -> GivenFix:
        """One of this check's declared fixes, with the host's values (and its action, if any)."""
        declared = self.fixes.get(relative)
        if declared is None:
            raise KeyError(f"check {self.check_id}: {relative!r} is not among its fixes")
        if action is not None and not isinstance(action, declared.action or ()):
            raise TypeError(
                f"check {self.check_id}: fix {relative!r} takes "
                f"{declared.action.__name__ if declared.action else 'no action'}, "
                f"not {type(action).__name__}"
            )
        return GivenFix(M(self.fix_key(relative), **params), action)

    def passed(self, expected: str | Msg, found: str | Msg, *evidence: str) -> Outcome:
        return passed(self.check_id, expected, found, *evidence)

    def failed(
        self, expected: str | Msg, found: str | Msg, fix: GivenFix | Msg, *evidence: str
    ) -> Outcome:
        """A failure with its fix: a declared fix of this check, with its action if it has one."""
        given = fix if isinstance(fix, GivenFix) else GivenFix(fix)
        if given.msg.key and given.msg.key not in self.fix_ids:  # "": literal text, as given
            raise KeyError(f"check {self.check_id}: {given.msg.key!r} is not among its fixes")
        return failed(self.check_id, expected, found, given.msg, *evidence, action=given.action)

    def skipped(self, expected: str | Msg, reason: str | Msg) -> Outcome:
        return skipped(self.check_id, expected, reason)

    def not_judged(self, reason: Msg) -> Outcome:
        """Skipped before judging (the host gave no facts): the title stands for expected."""
        return skipped(self.check_id, M(self.title_key), reason)


_REGISTERED: dict[str, CheckSpec] = {}


def declare(
    check_id: str,
    title: str,
    *,
    needs: tuple[str, ...] = (),
    fixes: Mapping[str, Fix] | None = None,
    texts: Mapping[str, str] | None = None,
    test: str | None = None,
    waivable: bool = True,
    judge: BoundJudge | None = None,
    doc: str = "",
    sources: tuple[Source, ...] = (),
    evidence_always: bool = False,
    run_option: str | None = None,
) -> CheckSpec:
    """Register one check; a mistake in a declaration stops the import, naming the check."""
    fixes = dict(fixes or {})
    texts = dict(texts or {})
    problems = []
    if not _ID_RE.fullmatch(check_id):
        problems.append("an ID is <host|step1..step4|server>.<snake_case name>")
    if check_id in _REGISTERED:
        problems.append("declared twice")
    if unknown := sorted(set(needs) - _FACTS):
        problems.append(f"needs unknown facts {unknown} (HostFacts fields: see facts.py)")
    if bad := [k for k in [*fixes, *texts] if not _KEY_RE.fullmatch(k)]:
        problems.append(f"message keys are relative and dotted snake_case: {bad}")
    if both := sorted(set(fixes) & set(texts)):
        problems.append(f"keys both a fix and a text: {both}")
    if test is not None and not _TEST_RE.fullmatch(test):
        problems.append(f"test {test!r} is not a pytest function name (test_...)")
    if taken := [t for t in (test,) if t and any(s.test == t for s in _REGISTERED.values())]:
        problems.append(f"test {taken[0]} asserts another check already")
    if unknown := [f.shared for f in fixes.values() if f.shared and f.shared not in ENGLISH]:
        problems.append(f"shared fixes without an English message: {unknown}")
    for tree, path, lines in sources:
        if tree not in AGENT_SOURCES or not _LINES_RE.fullmatch(lines) or not path:
            problems.append(f"source {tree}:{path}:{lines} (trees: {', '.join(AGENT_SOURCES)})")
    if problems:
        raise ValueError(f"check {check_id}: {'; '.join(problems)}")
    spec = CheckSpec(
        check_id,
        title,
        None,
        needs,
        fixes,
        texts,
        test,
        waivable,
        doc,
        sources,
        evidence_always,
        run_option,
    )
    if judge is not None:
        spec = _bind(judge, spec)
    register_english(spec.title_key, title)
    for relative, english in texts.items():
        register_english(spec.key(relative), english)
    for relative, declared in fixes.items():
        if declared.shared is None:
            register_english(spec.key(relative), declared.text)
    _REGISTERED[check_id] = spec
    return spec


def check(
    check_id: str,
    title: str,
    *,
    test: str,
    needs: tuple[str, ...],
    fixes: Mapping[str, Fix],
    texts: Mapping[str, str] | None = None,
    sources: tuple[Source, ...] = (),
    evidence_always: bool = False,
    run_option: str | None = None,
) -> Callable[[BoundJudge], CheckSpec]:
    """``@check(ID, TITLE, test=..., needs=..., fixes=..., texts=...)`` on a judge.

    On ``def judge(c: CheckSpec, host: Host) -> Outcome``; the name it binds is the spec.
    """

    def register(judge: BoundJudge) -> CheckSpec:
        return declare(
            check_id,
            title,
            needs=needs,
            fixes=fixes,
            texts=texts,
            test=test,
            judge=judge,
            doc=" ".join((judge.__doc__ or "").split()),
            sources=sources,
            evidence_always=evidence_always,
            run_option=run_option,
        )

    return register


def _bind(judge: BoundJudge, spec: CheckSpec) -> CheckSpec:
    """The spec whose judge hands the spec itself to JUDGE."""
    bound_spec: list[CheckSpec] = []  # filled below: the judge needs the spec that holds it

    def bound(host: Host) -> Outcome:
        return judge(bound_spec[0], host)

    bound.__name__ = getattr(judge, "__name__", "judge")
    bound.__doc__ = judge.__doc__
    bound_spec.append(dataclasses.replace(spec, judge=bound))
    return bound_spec[0]


def registered() -> tuple[CheckSpec, ...]:
    """Every declaration so far, in the order of registration."""
    return tuple(_REGISTERED.values())


# --- a site's own checks ---------------------------------------------------------------------
# A user's testinfra test over the fleet (logtail_doctor.site) may declare its ID, title and
# fix here, beside the guide's checks. It is not part of the guide's catalogue (its order of
# diagnosis, its translations, its docs pages): its texts are the site's own words, and it is
# registered when pytest imports the user's test module, after the catalogue is fixed.
_SITE_ID_RE = re.compile(r"site\.[a-z][a-z0-9_]*")
SITE_ATTRIBUTE = "logtail_doctor_site_check"


@dataclass(frozen=True)
class SiteCheckSpec:
    """A site check's declaration: its ID, title and fix (plain text, the site's words)."""

    check_id: str
    title: str
    fix: str | None = None
    test: str = ""  # the qualified name of the test function it declares


_SITE_REGISTERED: dict[str, SiteCheckSpec] = {}


def site_check(
    check_id: str, title: str, *, fix: str | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``@site_check("site.chrony_running", "chrony keeps the clock", fix="...")`` on a test.

    The test stays a plain testinfra test (``def test_x(host): ...``); this names
    its result in every output. A mistake stops the import, naming the check.
    """
    problems = []
    if not _SITE_ID_RE.fullmatch(check_id):
        problems.append("a site check's ID is site.<snake_case name>")
    if not title.strip():
        problems.append("its title is empty")
    if fix is not None and not fix.strip():
        problems.append("its fix is empty (leave it out instead)")

    def register(test: Callable[..., None]) -> Callable[..., None]:
        name = f"{getattr(test, '__module__', '')}.{getattr(test, '__qualname__', '')}"
        given = _SITE_REGISTERED.get(check_id)
        if given is not None and given.test != name:
            problems.append(f"declared twice ({given.test} and {name})")
        if problems:
            raise ValueError(f"site check {check_id}: {'; '.join(problems)}")
        spec = SiteCheckSpec(check_id, " ".join(title.split()), fix, name)
        _SITE_REGISTERED[check_id] = spec
        setattr(test, SITE_ATTRIBUTE, spec)
        return test

    return register


def site_spec_of(test: object) -> SiteCheckSpec | None:
    """The declaration @site_check put on a test function, if any."""
    spec = getattr(test, SITE_ATTRIBUTE, None)
    return spec if isinstance(spec, SiteCheckSpec) else None


__all__ = [
    "STEPS",
    "CheckSpec",
    "Fix",
    "GivenFix",
    "Judge",
    "SiteCheckSpec",
    "check",
    "declare",
    "registered",
    "site_check",
    "site_spec_of",
]
