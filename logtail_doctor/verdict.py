"""The verdict of a run, computed once: every output only renders it.

Per host: each check's result with waivers applied, the checks that did not
run, the status and the root cause. Per run: the counts and the gate's
decision (the exit code). ``host_result_of`` builds a host's result from its
Diagnosis and what pytest ran; ``conclude`` makes the run's verdict of them.
The file summary.json is logtail_doctor.outputs.summary_file's: a merge of
shards (logtail_doctor.merge) reads the verdicts back from it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from logtail_doctor.catalogue import (
    ANSWER_CHECK,
    CHECK_IDS,
    HOST_CHECK_IDS,
    SERVER_CHECK_IDS,
    position,
    spec,
)
from logtail_doctor.fleet import Diagnosis
from logtail_doctor.i18n import M, Msg, msg_to_json
from logtail_doctor.outcome import Outcome, failed
from logtail_doctor.run_context import RunContext
from logtail_doctor.text import shorten
from logtail_doctor.waivers import WaiverNote, Waivers

# A host's status. "partial": nothing failed, but some of the run's checks were
# not run on it (a -k or -m selection): it is not known to be healthy.
STATUSES = ("healthy", "partial", "unhealthy", "unreachable")
# What fails the gate: hosts of these statuses, and with "new" a failure the baseline
# (an earlier run's summary.json) did not have: a host that broke or changed root cause.
FAIL_ON_CHOICES = ("unhealthy", "unreachable", "new")
# What pytest reports for a test that asserted a check, by the check's result.
PYTEST_OUTCOME = {"passed": "passed", "failed": "failed", "skipped": "skipped", "waived": "xfailed"}


# A check's results that make it its host's root cause: it failed, or its test broke.
FAILING_RESULTS = frozenset({"failed", "error"})


@dataclass(frozen=True)
class PytestResult:
    """What pytest concluded for the test of one check on one host."""

    test: str  # the node id
    outcome: str  # passed | failed | skipped | xfailed
    error: str | None = None  # the test broke before judging (a bug of ours): its error


@dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    result: str  # passed | failed | skipped | waived | error
    waiver: WaiverNote | None = None  # a waiver matched the failure (active or expired)
    test: str | None = None  # None: judged without a test of its own (ANSWER_CHECK)
    error: str | None = None  # result "error": what broke

    @property
    def failing(self) -> bool:
        return self.result in FAILING_RESULTS


@dataclass(frozen=True)
class HostResult:
    host_id: str
    checks: dict[str, CheckResult]  # in catalogue order
    not_run: tuple[str, ...]
    status: str
    root_cause: str | None
    agent: str | None = None
    probe_seconds: float | None = None
    server: dict[str, Any] | None = None  # --sls: the server's view of this host
    name: str | None = None  # the host's own name, as the probe read it
    group: str | None = None  # the machine group it should be in (targets file)
    # The site's own checks (logtail_doctor.site), by ID in the order they ran: judged
    # after the guide's, so a host's root cause is a site check only when the guide's pass.
    site: dict[str, CheckResult] = field(default_factory=dict)

    @property
    def waived(self) -> list[str]:
        return [cid for cid, check in self.checks.items() if check.result == "waived"]

    def result_of(self, check_id: str) -> CheckResult:
        """A check's result on this host: one of the guide's, or a site check's."""
        found = self.checks.get(check_id)
        return found if found is not None else self.site[check_id]


@dataclass(frozen=True)
class FixPlan:
    """One fix message given to several hosts: the values they share, the ones that differ."""

    fix_id: str
    hosts: tuple[str, ...]
    same: tuple[tuple[str, Msg | str], ...]  # (parameter, its one value)
    differ: tuple[str, ...]  # parameters whose value is the host's own


@dataclass(frozen=True)
class Cause:
    """One root cause across the fleet: what broke, on which hosts, and the fix for them."""

    check_id: str
    hosts: tuple[str, ...]
    short: Msg  # what was found, in short, on the first of the hosts
    fix: Msg | None  # the first host's fix (each host's own is in its checks)
    fixes: tuple[FixPlan, ...]
    automatable: bool  # every fix given is one its check declares safe to run unattended


@dataclass(frozen=True)
class HostChange:
    """A host whose verdict differs from the baseline's."""

    host_id: str
    # broke | fixed | cause_changed; site_broke: a site check fails that did not then, on a
    # host whose root cause stayed the same (a guide's check before it still fails)
    kind: str
    before: str | None  # its root cause then (None: it was not failing, or not in that run)
    after: str | None  # its root cause now (site_broke: the site check that broke)


@dataclass(frozen=True)
class Changes:
    """What changed since an earlier run (--baseline)."""

    baseline: str  # where that run's summary.json was read
    baseline_started: str | None
    hosts: tuple[HostChange, ...]

    def of(self, kind: str) -> tuple[HostChange, ...]:
        return tuple(c for c in self.hosts if c.kind == kind)

    @property
    def new_failures(self) -> tuple[str, ...]:
        return tuple(
            c.host_id for c in self.hosts if c.kind in ("broke", "cause_changed", "site_broke")
        )


@dataclass(frozen=True)
class Baseline:
    """What a comparison needs of an earlier run, and no more.

    A whole earlier verdict (every check's outcome and texts) is about 100 MiB
    at 2,000 hosts; a run only compares root causes, so it keeps these.
    """

    where: str  # where that run's summary.json was read
    started: str | None
    root_causes: Mapping[str, str | None]  # host -> its root cause then (None: passing)
    # host -> the site checks failing then (logtail_doctor.site), for hosts with any
    site_failing: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, where: str, verdict: RunVerdict) -> Baseline:
        return cls(
            where,
            verdict.run.started,
            {h.host_id: h.root_cause for h in verdict.hosts},
            {h.host_id: failing for h in verdict.hosts if (failing := failing_site_checks(h))},
        )


def failing_site_checks(host: HostResult) -> frozenset[str]:
    return frozenset(cid for cid, check in host.site.items() if check.failing)


def compare(baseline: Baseline, hosts: Iterable[HostResult]) -> Changes:
    """Each host's root cause now against the baseline's (hosts it did not check: new)."""
    before = baseline.root_causes
    changes = []
    for host in hosts:
        then, now = before.get(host.host_id), host.root_cause
        if now is not None and then is None:
            changes.append(HostChange(host.host_id, "broke", then, now))
        elif now is None and then is not None:
            changes.append(HostChange(host.host_id, "fixed", then, now))
        elif now is not None and then is not None and now != then:
            changes.append(HostChange(host.host_id, "cause_changed", then, now))
        elif now is not None and host.host_id in before:
            # The same root cause, yet a site check broke behind it: new all the same.
            was = baseline.site_failing.get(host.host_id, frozenset())
            broke = [cid for cid in failing_site_checks(host) if cid not in was]
            if broke:
                first = next(cid for cid in host.site if cid in broke)
                changes.append(HostChange(host.host_id, "site_broke", now, first))
    changes.sort(key=lambda c: host_order(c.host_id))
    return Changes(baseline.where, baseline.started, tuple(changes))


@dataclass(frozen=True)
class Gate:
    fail_on: tuple[str, ...]
    failing_hosts: tuple[str, ...]  # hosts whose status (or new failure) fail_on names
    errors: int  # tests that broke: a broken suite never passes the gate
    # Every host failed the same way before its probe ran (a wrong --ssh-config, the
    # runner's network): the run diagnosed nothing, whatever --fail-on tolerates.
    run_error: str | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failing_hosts or self.errors or self.run_error else 0


@dataclass(frozen=True)
class RunVerdict:
    hosts: tuple[HostResult, ...]  # in natural host order
    checks: tuple[str, ...]  # the checks of this run (the server's only with --sls)
    gate: Gate
    run: RunContext = field(default_factory=RunContext)  # what was run, on what, when
    changes: Changes | None = None  # since the baseline, when there was one

    @property
    def context(self) -> Mapping[str, Any]:
        """The run's context as summary.json writes it, for readers by key (remediation.yml)."""
        return self.run.as_json()

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for host in self.hosts:
            counts[host.status] += 1
        return counts

    @property
    def causes(self) -> tuple[Cause, ...]:
        """The failing hosts grouped by root cause, the most hosts first."""
        by_cause: dict[str, list[HostResult]] = {}
        for host in self.hosts:
            if host.root_cause is not None:
                by_cause.setdefault(host.root_cause, []).append(host)
        causes = [_cause(cid, hosts) for cid, hosts in by_cause.items()]
        return tuple(sorted(causes, key=lambda c: (-len(c.hosts), position(c.check_id))))

    @property
    def not_run(self) -> dict[str, int]:
        """Per check, on how many hosts it did not run (only checks that missed some)."""
        missed: dict[str, int] = {}
        for host in self.hosts:
            for cid in host.not_run:
                missed[cid] = missed.get(cid, 0) + 1
        return {cid: missed[cid] for cid in sorted(missed, key=position)}


def _cause(check_id: str, hosts: list[HostResult]) -> Cause:
    outcomes = [(h.host_id, h.result_of(check_id)) for h in hosts]
    by_fix: dict[str, list[tuple[str, Msg]]] = {}
    for host_id, check in outcomes:
        if check.outcome.fix is not None:
            by_fix.setdefault(check.outcome.fix.key, []).append((host_id, check.outcome.fix))
    plans = []
    for fix_id, given in by_fix.items():
        names = dict.fromkeys(name for _, fix in given for name, _ in fix.params)
        same: list[tuple[str, Msg | str]] = []
        differ: list[str] = []
        for name in names:
            values = [dict(fix.params).get(name) for _, fix in given]
            shown = {json.dumps(msg_to_json(v) if isinstance(v, Msg) else v) for v in values}
            if len(shown) == 1 and values[0] is not None:
                same.append((name, values[0]))
            else:
                differ.append(name)
        plans.append(FixPlan(fix_id, tuple(h for h, _ in given), tuple(same), tuple(differ)))
    first = outcomes[0][1]
    declared = spec(check_id).automatable if check_id in CHECK_IDS else ()  # a site check: none
    return Cause(
        check_id,
        tuple(h for h, _ in outcomes),
        first.outcome.short if first.error is None else M("outcome.error.found", error=first.error),
        first.outcome.fix,
        tuple(plans),
        bool(plans) and all(p.fix_id in declared for p in plans),
    )


def host_order(host_id: str) -> list[tuple[int, str]]:
    """Natural order: ssh://root@10.0.0.9 before ssh://root@10.0.0.10."""
    return [
        (int(part), "") if part.isdecimal() else (0, part) for part in re.split(r"(\d+)", host_id)
    ]


def judge_result(
    host_id: str, outcome: Outcome, waivers: Waivers, today: dt.date
) -> tuple[str, WaiverNote | None]:
    """The check's result with waivers applied: a failure an active waiver covers is waived."""
    if not outcome.failed:
        return outcome.status.value, None
    note = waivers.lookup(host_id, outcome.check_id, today)
    return ("waived" if note is not None and not note.expired else "failed"), note


class Judgements:
    """Each check's result with waivers applied, judged once per host and check.

    The test of a check asks first (a waived failure is xfailed, not failed);
    the verdict reads the same judgement at the run's end, or judges a check
    no test asked about (the probe's own check's, a skipped one's) the same way.
    """

    def __init__(self, waivers: Waivers, today: dt.date) -> None:
        self.waivers = waivers
        self.today = today
        self._judged: dict[tuple[str, str], tuple[str, WaiverNote | None]] = {}

    def __call__(self, host_id: str, outcome: Outcome) -> tuple[str, WaiverNote | None]:
        key = (host_id, outcome.check_id)
        judged = self._judged.get(key)
        if judged is None:
            judged = self._judged[key] = judge_result(host_id, outcome, self.waivers, self.today)
        return judged


def host_result(
    host_id: str,
    checks: Mapping[str, CheckResult],
    run_checks: Iterable[str],
    *,
    agent: str | None = None,
    probe_seconds: float | None = None,
    server: dict[str, Any] | None = None,
    name: str | None = None,
    group: str | None = None,
    site: Mapping[str, CheckResult] | None = None,
) -> HostResult:
    ordered = {cid: checks[cid] for cid in sorted(checks, key=position)}
    not_run = tuple(cid for cid in run_checks if cid not in ordered)
    site = dict(site or {})
    status, root_cause = judge_host(
        {cid: c.result for cid, c in ordered.items()},
        not_run,
        {cid: c.result for cid, c in site.items()},
    )
    return HostResult(
        host_id,
        ordered,
        not_run,
        status,
        root_cause,
        agent,
        probe_seconds,
        server,
        name,
        group,
        site,
    )


def judge_host(
    results: Mapping[str, str], not_run: tuple[str, ...], site: Mapping[str, str] | None = None
) -> tuple[str, str | None]:
    """A host's status and root cause from its checks' results, in catalogue order.

    The root cause is the first check in the guide's order that failed (or
    broke), else the first site check that did (site: in the order they ran);
    the host is unreachable when the probe did not answer at all.
    """
    in_order = [*results.items(), *(site or {}).items()]
    root_cause = next((cid for cid, r in in_order if r in FAILING_RESULTS), None)
    if results.get(ANSWER_CHECK) == "failed":
        status = "unreachable"
    elif root_cause is not None:
        status = "unhealthy"
    elif not_run:
        status = "partial"
    else:
        status = "healthy"
    return status, root_cause


def assemble(
    hosts: Iterable[HostResult],
    run_checks: tuple[str, ...],
    fail_on: Iterable[str],
    run: RunContext,
    changes: Changes | None = None,
) -> RunVerdict:
    """The run's verdict from its hosts': counts and the gate.

    With "new" in fail_on, a failing host fails the gate only when it is a new
    failure; without a baseline every failure is new.
    """
    ordered = tuple(sorted(hosts, key=lambda h: host_order(h.host_id)))
    chosen = tuple(s for s in FAIL_ON_CHOICES if s in set(fail_on))
    if changes is not None:
        new = set(changes.new_failures)
    else:
        new = {h.host_id for h in ordered if h.root_cause is not None}
    failing = tuple(
        h.host_id for h in ordered if h.status in chosen or ("new" in chosen and h.host_id in new)
    )
    errors = sum(
        1 for h in ordered for c in [*h.checks.values(), *h.site.values()] if c.result == "error"
    )
    gate = Gate(chosen, failing, errors, run_error(ordered))
    return RunVerdict(ordered, run_checks, gate, run, changes)


def run_error(hosts: Sequence[HostResult]) -> str | None:
    """One line when every host (two or more) was unreachable for the same reason.

    The reason is compared with each host's own name taken out ("connect to host
    10.0.0.1 port 22: ..." is the same failure on every host). Then the run itself
    is at fault (a path, a key, the runner's network), not N hosts.
    """
    if len(hosts) < 2 or any(h.status != "unreachable" for h in hosts):
        return None
    reasons = set()
    for host in hosts:
        check = host.checks.get("host.reachable")
        if check is None:
            return None
        reason = check.outcome.found_text
        for name in _names_of(host.host_id):
            reason = reason.replace(name, "<host>")
        reasons.add(reason)
    if len(reasons) != 1:
        return None
    return (
        f"every host ({len(hosts)}) failed the same way before its probe ran: "
        f"{shorten(reasons.pop())}"
    )


def _names_of(host_id: str) -> list[str]:
    """The ways a host's id may appear in an error: the id, user@host, the host (longest first)."""
    rest = host_id.split("://", 1)[-1]
    address = rest.rsplit("@", 1)[-1]
    bare = address.rsplit(":", 1)[0] if address.count(":") == 1 else address
    return sorted({host_id, rest, address, bare} - {""}, key=len, reverse=True)


def host_result_of(
    diagnosis: Diagnosis,
    tests: Mapping[str, PytestResult],
    run_checks: tuple[str, ...],
    judge: Judgements,
    *,
    group: str | None = None,
    server: dict[str, Any] | None = None,
    site: Mapping[str, CheckResult] | None = None,
) -> HostResult:
    """A probed host's result: its Diagnosis, judged with waivers, and its tests by check.

    A check whose test did not run is "not run" on that host, whatever the probe
    found; ANSWER_CHECK is judged for every probed host (it is the probe's own).
    A test whose result contradicts its check's (it broke) is an "error".
    """
    checks: dict[str, CheckResult] = {}
    for cid, outcome in diagnosis.outcomes.items():
        ran = tests.get(cid)
        if ran is None and cid != ANSWER_CHECK:
            continue
        result, note = judge(diagnosis.host_id, outcome)
        checks[cid] = _checked(outcome, result, note, ran)
    return host_result(
        diagnosis.host_id,
        {**checks, **_untested(checks, tests)},
        run_checks,
        agent=diagnosis.agent,
        probe_seconds=diagnosis.probe_seconds,
        server=server,
        name=diagnosis.facts.hostname if diagnosis.facts is not None else None,
        group=group,
        site=site,
    )


def unprobed_host_result(
    host_id: str,
    tests: Mapping[str, PytestResult],
    run_checks: tuple[str, ...],
    site: Mapping[str, CheckResult] | None = None,
) -> HostResult:
    """A host whose tests ran but that has no Diagnosis (the probe broke): each test an error."""
    return host_result(host_id, _untested({}, tests), run_checks, site=site)


def _untested(
    checks: Mapping[str, CheckResult], tests: Mapping[str, PytestResult]
) -> dict[str, CheckResult]:
    """The tests whose check has no outcome: each is an error."""
    return {
        cid: _broken(cid, run, run.error or "no outcome for this check")
        for cid, run in tests.items()
        if cid not in checks
    }


def conclude(
    hosts: Iterable[HostResult],
    run_checks: tuple[str, ...],
    fail_on: Iterable[str],
    run: RunContext,
    baseline: Baseline | None = None,
) -> RunVerdict:
    """The verdict of a run from its hosts' results: changes since the baseline, the gate."""
    results = list(hosts)
    changes = compare(baseline, results) if baseline is not None else None
    return assemble(results, run_checks, fail_on, run, changes)


def _checked(
    outcome: Outcome, result: str, note: WaiverNote | None, run: PytestResult | None
) -> CheckResult:
    if run is None or run.outcome == PYTEST_OUTCOME[result]:
        return CheckResult(outcome, result, note, run.test if run else None)
    error = run.error or f"pytest says {run.outcome}, the check says {result}"
    return CheckResult(outcome, "error", note, run.test, error)


def _broken(check_id: str, run: PytestResult, error: str) -> CheckResult:
    outcome = failed(
        check_id,
        M(spec(check_id).title_key),
        M("outcome.error.found", error=error),
        M("outcome.error.fix"),
    )
    return CheckResult(outcome, "error", None, run.test, error)


def run_checks_of(sls: bool, options_on: Iterable[str] = ()) -> tuple[str, ...]:
    """The checks a run has: the host's, and the server's view with --sls.

    A check declared with a run_option is among them only when that option is
    in options_on (step 2's TLS check with --agent-tls).
    """
    on = set(options_on)
    host = tuple(c for c in HOST_CHECK_IDS if spec(c).run_option in (None, *on))
    return host + (SERVER_CHECK_IDS if sls else ())


__all__ = [
    "Baseline",
    "CheckResult",
    "Gate",
    "HostResult",
    "Judgements",
    "PytestResult",
    "RunVerdict",
    "assemble",
    "conclude",
    "host_order",
    "host_result_of",
    "run_checks_of",
    "run_error",
    "unprobed_host_result",
]
