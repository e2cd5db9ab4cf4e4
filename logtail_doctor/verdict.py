"""The verdict of a run, computed once: every output only renders it.

Per host: each check's result with waivers applied, the checks that did not
run, the status and the root cause. Per run: the counts and the gate's
decision (the exit code). ``conclude`` builds it from what the probe found and
what pytest ran; ``to_json`` / ``from_json`` are summary.json, so a merge of
shards (logtail_doctor.merge) rebuilds the same verdict its shards wrote and
renders it with the same code as a single run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from logtail_doctor.actions import action_from_json, action_json
from logtail_doctor.catalogue import HOST_CHECK_IDS, position, spec
from logtail_doctor.doc_links import doc_url
from logtail_doctor.i18n import M, Msg, msg_from_json, msg_to_json
from logtail_doctor.outcome import Outcome, Status, failed
from logtail_doctor.waivers import WaiverNote, Waivers

SCHEMA_VERSION = 2
# A host's status. "partial": nothing failed, but some of the run's checks were
# not run on it (a -k or -m selection): it is not known to be healthy.
STATUSES = ("healthy", "partial", "unhealthy", "unreachable")
# What fails the gate: hosts of these statuses, and with "new" a failure the baseline
# (an earlier run's summary.json) did not have: a host that broke or changed root cause.
FAIL_ON_CHOICES = ("unhealthy", "unreachable", "new")
# What pytest reports for a test that asserted a check, by the check's result.
PYTEST_OUTCOME = {"passed": "passed", "failed": "failed", "skipped": "skipped", "waived": "xfailed"}


MAX_SUMMARY_BYTES = 512 * 1024 * 1024  # a summary of 10,000 hosts is far smaller


class VerdictError(ValueError):
    """A summary that is not one this version wrote; one line naming what is wrong."""


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
    test: str | None = None  # None: judged without a test of its own (host.reachable)
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

    @property
    def waived(self) -> list[str]:
        return [cid for cid, check in self.checks.items() if check.result == "waived"]


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
    kind: str  # broke | fixed | cause_changed
    before: str | None  # its root cause then (None: it was not failing, or not in that run)
    after: str | None  # its root cause now


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
        return tuple(c.host_id for c in self.hosts if c.kind in ("broke", "cause_changed"))


@dataclass(frozen=True)
class Baseline:
    """What a comparison needs of an earlier run, and no more.

    A whole earlier verdict (every check's outcome and texts) is about 100 MiB
    at 2,000 hosts; a run only compares root causes, so it keeps these.
    """

    where: str  # where that run's summary.json was read
    started: str | None
    root_causes: Mapping[str, str | None]  # host -> its root cause then (None: passing)

    @classmethod
    def from_json(cls, document: Mapping[str, Any], where: str) -> Baseline:
        """Read from a summary.json's document without building its whole verdict.

        Each host's root cause is judged again from its checks' results by the
        rule every verdict uses (judge_host), and must give the status written,
        as load_summary demands; the texts are not read, which at 2,000 hosts
        was most of a second of each run's start (bench/runner_bench.py).
        """
        _check_schema(document, where)
        root_causes: dict[str, str | None] = {}
        judged: list[tuple[str, object, str]] = []  # host, status written, status judged
        try:
            run_checks = tuple(str(c) for c in document["checks"])
            for host_id, host in dict(document["hosts"]).items():
                checks = dict(host["checks"])
                for cid in checks:
                    spec(cid)  # KeyError: a check this version does not know
                results = {cid: str(checks[cid]["outcome"]) for cid in sorted(checks, key=position)}
                not_run = tuple(cid for cid in run_checks if cid not in results)
                status, root_causes[str(host_id)] = judge_host(results, not_run)
                judged.append((str(host_id), host.get("status"), status))
            started = document.get("started")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise VerdictError(f"{where}: not a summary.json of logtail-doctor: {exc}") from None
        for host_id, written, status in judged:
            if written != status:
                raise VerdictError(_status_mismatch(where, host_id, written, status))
        return cls(where, None if started is None else str(started), root_causes)

    @classmethod
    def of(cls, where: str, verdict: RunVerdict) -> Baseline:
        started = verdict.context.get("started")
        return cls(
            where,
            None if started is None else str(started),
            {h.host_id: h.root_cause for h in verdict.hosts},
        )


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
    changes.sort(key=lambda c: host_order(c.host_id))
    return Changes(baseline.where, baseline.started, tuple(changes))


@dataclass(frozen=True)
class Gate:
    fail_on: tuple[str, ...]
    failing_hosts: tuple[str, ...]  # hosts whose status (or new failure) fail_on names
    errors: int  # tests that broke: a broken suite never passes the gate

    @property
    def exit_code(self) -> int:
        return 1 if self.failing_hosts or self.errors else 0


@dataclass(frozen=True)
class RunVerdict:
    hosts: tuple[HostResult, ...]  # in natural host order
    checks: tuple[str, ...]  # the checks of this run (the server's only with --sls)
    gate: Gate
    context: dict[str, Any] = field(default_factory=dict)  # run metadata, rendered as given
    changes: Changes | None = None  # since the baseline, when there was one

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
    outcomes = [(h.host_id, h.checks[check_id]) for h in hosts]
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
    declared = spec(check_id).automatable
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
) -> HostResult:
    ordered = {cid: checks[cid] for cid in sorted(checks, key=position)}
    not_run = tuple(cid for cid in run_checks if cid not in ordered)
    status, root_cause = judge_host({cid: c.result for cid, c in ordered.items()}, not_run)
    return HostResult(
        host_id, ordered, not_run, status, root_cause, agent, probe_seconds, server, name, group
    )


def judge_host(results: Mapping[str, str], not_run: tuple[str, ...]) -> tuple[str, str | None]:
    """A host's status and root cause from its checks' results, in catalogue order.

    The root cause is the first check in the guide's order that failed (or
    broke); the host is unreachable when the probe did not answer at all.
    """
    root_cause = next((cid for cid, r in results.items() if r in FAILING_RESULTS), None)
    if results.get("host.reachable") == "failed":
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
    context: dict[str, Any],
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
    errors = sum(1 for h in ordered for c in h.checks.values() if c.result == "error")
    return RunVerdict(ordered, run_checks, Gate(chosen, failing, errors), context, changes)


def conclude(
    outcomes: Mapping[str, Mapping[str, Outcome]],
    tests: Mapping[tuple[str, str], PytestResult],
    *,
    run_checks: tuple[str, ...],
    waivers: Waivers,
    today: dt.date,
    fail_on: Iterable[str],
    context: dict[str, Any],
    agents: Mapping[str, str | None] | None = None,
    probe_seconds: Mapping[str, float] | None = None,
    servers: Mapping[str, dict[str, Any]] | None = None,
    names: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
    baseline: Baseline | None = None,
) -> RunVerdict:
    """The verdict of a run: outcomes per probed host, and the tests pytest ran on them.

    A check whose test did not run is "not run" on that host, whatever the probe
    found; host.reachable is judged for every probed host (it is the probe's own).
    A test whose result contradicts its check's (it broke) is an "error".
    """
    hosts = []
    # The tests per host, grouped once: a scan of all tests per host would cost
    # hosts x tests (2,000 hosts: 76 million steps, 14 s; bench/runner_bench.py).
    tested: dict[str, dict[str, PytestResult]] = {}
    for (test_host, cid), run in tests.items():
        tested.setdefault(test_host, {})[cid] = run
    for host_id in dict.fromkeys([*outcomes, *tested]):
        by_check = outcomes.get(host_id, {})
        runs = tested.get(host_id, {})
        checks: dict[str, CheckResult] = {}
        for cid, outcome in by_check.items():
            ran = runs.get(cid)
            if ran is None and cid != "host.reachable":
                continue
            result, note = judge_result(host_id, outcome, waivers, today)
            checks[cid] = _checked(outcome, result, note, ran)
        for cid, run in runs.items():  # a test whose check has no outcome
            if cid not in checks:
                checks[cid] = _broken(cid, run, run.error or "no outcome for this check")
        hosts.append(
            host_result(
                host_id,
                checks,
                run_checks,
                agent=(agents or {}).get(host_id),
                probe_seconds=(probe_seconds or {}).get(host_id),
                server=(servers or {}).get(host_id),
                name=(names or {}).get(host_id),
                group=(groups or {}).get(host_id),
            )
        )
    changes = compare(baseline, hosts) if baseline is not None else None
    return assemble(hosts, run_checks, fail_on, context, changes)


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


def run_checks_of(sls: bool) -> tuple[str, ...]:
    """The checks a run has: the host's, and the server's view with --sls."""
    return HOST_CHECK_IDS + (("server.heartbeat",) if sls else ())


# --- summary.json ------------------------------------------------------------------------


def to_json(verdict: RunVerdict, *, streamed: bool = False) -> dict[str, Any]:
    """summary.json: the run's metadata, then the verdict (lossless: from_json reads it back).

    streamed: "hosts" is an iterator of (host, its JSON) pairs, made one at a
    time as report.write_json writes them, instead of a dict of them all: the
    dict of 2,000 hosts was a 130 MiB peak of the run (bench/runner_bench.py).
    """
    gate = verdict.gate
    return {
        "schema_version": SCHEMA_VERSION,
        **verdict.context,
        "checks": list(verdict.checks),
        "counts": verdict.counts,
        "not_run": verdict.not_run,
        "causes": [_cause_json(cause) for cause in verdict.causes],
        "changes": _changes_json(verdict.changes),
        "gate": {
            "fail_on": list(gate.fail_on),
            "failing_hosts": len(gate.failing_hosts),
            "errors": gate.errors,
            "exit_code": gate.exit_code,
        },
        "hosts": (
            ((host.host_id, _host_json(host)) for host in verdict.hosts)
            if streamed
            else {host.host_id: _host_json(host) for host in verdict.hosts}
        ),
    }


def _changes_json(changes: Changes | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    return {
        "baseline": changes.baseline,
        "baseline_started": changes.baseline_started,
        "broke": [{"host": c.host_id, "root_cause": c.after} for c in changes.of("broke")],
        "fixed": [{"host": c.host_id, "root_cause": c.before} for c in changes.of("fixed")],
        "cause_changed": [
            {"host": c.host_id, "before": c.before, "after": c.after}
            for c in changes.of("cause_changed")
        ],
    }


def _changes_from_json(document: Any) -> Changes | None:
    if document is None:
        return None
    hosts = [HostChange(str(c["host"]), "broke", None, c["root_cause"]) for c in document["broke"]]
    hosts += [HostChange(str(c["host"]), "fixed", c["root_cause"], None) for c in document["fixed"]]
    hosts += [
        HostChange(str(c["host"]), "cause_changed", c["before"], c["after"])
        for c in document["cause_changed"]
    ]
    hosts.sort(key=lambda c: host_order(c.host_id))
    return Changes(str(document["baseline"]), document.get("baseline_started"), tuple(hosts))


def _cause_json(cause: Cause) -> dict[str, Any]:
    return {
        "check": cause.check_id,
        "title": M(spec(cause.check_id).title_key).render(),
        "count": len(cause.hosts),
        "hosts": list(cause.hosts),
        "found": cause.short.render(),
        "fix": cause.fix.render() if cause.fix is not None else None,
        "automatable": cause.automatable,
        "doc_url": doc_url(cause.check_id),
        "fixes": [
            {
                "id": plan.fix_id,
                "hosts": len(plan.hosts),
                "same": {
                    name: value.render() if isinstance(value, Msg) else value
                    for name, value in plan.same
                },
                "differ": list(plan.differ),
            }
            for plan in cause.fixes
        ],
    }


def _host_json(host: HostResult) -> dict[str, Any]:
    document: dict[str, Any] = {
        "status": host.status,
        "root_cause": host.root_cause,
        "name": host.name,
        "group": host.group,
        "agent": host.agent,
        "probe_seconds": round(host.probe_seconds, 3) if host.probe_seconds is not None else None,
        "not_run": list(host.not_run),
        "checks": {cid: _check_json(check) for cid, check in host.checks.items()},
    }
    if host.server is not None:
        document["server"] = host.server
    return document


def _check_json(check: CheckResult) -> dict[str, Any]:
    outcome = check.outcome
    document: dict[str, Any] = {
        "outcome": check.result,
        # English, for readers of the file; the message ids below render any language.
        "message": outcome.message(),
        "remediation": outcome.remediation(),
        "evidence": list(outcome.evidence),
        "expected": msg_to_json(outcome.expected),
        "found": msg_to_json(outcome.found),
        "fix": msg_to_json(outcome.fix) if outcome.fix is not None else None,
        "test": check.test,
    }
    if outcome.action is not None:  # what the fix plan does (its playbook, also after a merge)
        document["action"] = action_json(outcome.action)
    if check.waiver is not None:
        document["waiver"] = check.waiver.as_dict()
    if check.error is not None:
        document["error"] = check.error
    if check.failing:  # where a person reads about this check and its fixes
        document["doc_url"] = doc_url(outcome.check_id)
    return document


_RESULT_STATUS = {"passed": Status.PASSED, "skipped": Status.SKIPPED}
_CONTEXT_SKIP = {
    "schema_version",
    "checks",
    "counts",
    "not_run",
    "causes",
    "changes",
    "gate",
    "hosts",
}


def from_json(document: Mapping[str, Any], where: str = "summary") -> RunVerdict:
    """The verdict a summary.json holds; VerdictError (one line, naming where) otherwise."""
    _check_schema(document, where)
    try:
        run_checks = tuple(str(c) for c in document["checks"])
        hosts = [
            _host_from_json(host_id, host, run_checks)
            for host_id, host in dict(document["hosts"]).items()
        ]
        fail_on = [str(s) for s in document["gate"]["fail_on"]]
        changes = _changes_from_json(document.get("changes"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise VerdictError(f"{where}: not a summary.json of logtail-doctor: {exc}") from None
    for host in hosts:
        written = document["hosts"][host.host_id].get("status")
        if written != host.status:
            raise VerdictError(_status_mismatch(where, host.host_id, written, host.status))
    context = {k: v for k, v in document.items() if k not in _CONTEXT_SKIP}
    return assemble(hosts, run_checks, fail_on, context, changes)


def _check_schema(document: Mapping[str, Any], where: str) -> None:
    if document.get("schema_version") != SCHEMA_VERSION:
        raise VerdictError(
            f"{where}: schema_version {document.get('schema_version')!r}, "
            f"expected {SCHEMA_VERSION} (written by another version of logtail-doctor)"
        )


def _status_mismatch(where: str, host_id: object, written: object, status: str) -> str:
    # A status written that the checks do not give: edited, or another tool's.
    return f"{where}: host {host_id}: status {written!r} does not follow from its checks ({status})"


def load_baseline(path: Path) -> Baseline:
    """The baseline a summary.json file holds; VerdictError (one line, naming the file)."""
    return Baseline.from_json(_read_document(path), str(path))


def load_summary(path: Path) -> RunVerdict:
    """The verdict a summary.json file holds; VerdictError (one line, naming the file)."""
    return from_json(_read_document(path), str(path))


def _read_document(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_SUMMARY_BYTES:
            raise VerdictError(f"{path}: larger than {MAX_SUMMARY_BYTES // 1048576} MiB")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VerdictError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise VerdictError(f"{path}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise VerdictError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise VerdictError(f"{path}: not a summary.json of logtail-doctor")
    return document


def _host_from_json(
    host_id: str, host: Mapping[str, Any], run_checks: tuple[str, ...]
) -> HostResult:
    checks = {}
    for cid, check in dict(host["checks"]).items():
        spec(cid)  # KeyError: a check this version does not know
        result = str(check["outcome"])
        fix = check.get("fix")
        outcome = Outcome(
            cid,
            _RESULT_STATUS.get(result, Status.FAILED),
            msg_from_json(check["expected"]),
            msg_from_json(check["found"]),
            msg_from_json(fix) if fix is not None else None,
            tuple(str(e) for e in check.get("evidence") or ()),
            action_from_json(check["action"]) if "action" in check else None,
        )
        waiver = check.get("waiver")
        note = WaiverNote(**waiver) if isinstance(waiver, dict) else None
        checks[cid] = CheckResult(outcome, result, note, check.get("test"), check.get("error"))
    seconds = host.get("probe_seconds")
    return host_result(
        host_id,
        checks,
        run_checks,
        agent=host.get("agent"),
        probe_seconds=float(seconds) if seconds is not None else None,
        server=host.get("server"),
        name=host.get("name"),
        group=host.get("group"),
    )


__all__ = [
    "SCHEMA_VERSION",
    "Baseline",
    "CheckResult",
    "Gate",
    "HostResult",
    "PytestResult",
    "RunVerdict",
    "VerdictError",
    "assemble",
    "conclude",
    "from_json",
    "host_order",
    "run_checks_of",
    "to_json",
]
