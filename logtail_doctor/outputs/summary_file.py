"""summary.json, the file: the verdict and the run's context written, and read back.

Schema 3 (this version) holds the run's context under "run" (logtail_doctor.
run_context); schema 2, the context's keys at the top level, is still read, for
--baseline and for merging the shards of older runs. ``from_json`` rebuilds the
verdict a file holds (a merge renders it with the same code as a single run);
``baseline_from_json`` reads only what a comparison needs. The verdict itself
(judging hosts, causes, the gate, changes) is logtail_doctor.verdict's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from logtail_doctor.actions import action_from_json, action_json
from logtail_doctor.catalogue import CHECK_IDS, position, spec
from logtail_doctor.doc_links import doc_url
from logtail_doctor.i18n import M, Msg, msg_from_json, msg_to_json
from logtail_doctor.outcome import Outcome, Status
from logtail_doctor.run_context import RunContext
from logtail_doctor.site import SiteRecord, site_result
from logtail_doctor.verdict import (
    FAILING_RESULTS,
    Baseline,
    Cause,
    Changes,
    CheckResult,
    HostChange,
    HostResult,
    RunVerdict,
    assemble,
    host_order,
    host_result,
    judge_host,
)
from logtail_doctor.waivers import WaiverNote

# 3: the run's context under "run" (it was at the top level in 2).
SCHEMA_VERSION = 3
READABLE_SCHEMAS = (2, 3)
MAX_SUMMARY_BYTES = 512 * 1024 * 1024  # a summary of 10,000 hosts is far smaller


class SummaryError(ValueError):
    """A summary that is not one this version wrote or reads; one line naming what is wrong."""


def baseline_from_json(document: Mapping[str, Any], where: str) -> Baseline:
    """What a comparison needs of a summary.json's document, without building its verdict.

    Each host's root cause is judged again from its checks' results by the
    rule every verdict uses (judge_host), and must give the status written,
    as load_summary demands; the texts are not read, which at 2,000 hosts
    was most of a second of each run's start (bench/runner_bench.py).
    """
    schema = _check_schema(document, where)
    root_causes: dict[str, str | None] = {}
    site_failing: dict[str, frozenset[str]] = {}
    judged: list[tuple[str, object, str]] = []  # host, status written, status judged
    try:
        run_checks = tuple(str(c) for c in document["checks"])
        for host_id, host in dict(document["hosts"]).items():
            checks = dict(host["checks"])
            for cid in checks:
                spec(cid)  # KeyError: a check this version does not know
            results = {cid: str(checks[cid]["outcome"]) for cid in sorted(checks, key=position)}
            not_run = tuple(cid for cid in run_checks if cid not in results)
            site = {str(cid): str(c["outcome"]) for cid, c in dict(host.get("site") or {}).items()}
            status, root_causes[str(host_id)] = judge_host(results, not_run, site)
            failing = frozenset(cid for cid, r in site.items() if r in FAILING_RESULTS)
            if failing:
                site_failing[str(host_id)] = failing
            judged.append((str(host_id), host.get("status"), status))
        started = (document["run"] if schema == SCHEMA_VERSION else document).get("started")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SummaryError(f"{where}: not a summary.json of logtail-doctor: {exc}") from None
    for host_id, written, status in judged:
        if written != status:
            raise SummaryError(_status_mismatch(where, host_id, written, status))
    return Baseline(where, None if started is None else str(started), root_causes, site_failing)


def to_json(verdict: RunVerdict, *, streamed: bool = False) -> dict[str, Any]:
    """summary.json: the run's context under "run", then the verdict (from_json reads it back).

    streamed: "hosts" is an iterator of (host, its JSON) pairs, made one at a
    time as report.write_json writes them, instead of a dict of them all: the
    dict of 2,000 hosts was a 130 MiB peak of the run (bench/runner_bench.py).
    """
    gate = verdict.gate
    site_titles = _site_titles(verdict)
    return {
        "schema_version": SCHEMA_VERSION,
        "run": verdict.run.as_json(),
        "checks": list(verdict.checks),
        "counts": verdict.counts,
        "not_run": verdict.not_run,
        "causes": [_cause_json(cause, site_titles) for cause in verdict.causes],
        "changes": _changes_json(verdict.changes),
        "gate": {
            "fail_on": list(gate.fail_on),
            "failing_hosts": len(gate.failing_hosts),
            "errors": gate.errors,
            "exit_code": gate.exit_code,
            # Only when every host failed alike before its probe (verdict.run_error).
            **({"run_error": gate.run_error} if gate.run_error else {}),
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
    document: dict[str, Any] = {
        "baseline": changes.baseline,
        "baseline_started": changes.baseline_started,
        "broke": [{"host": c.host_id, "root_cause": c.after} for c in changes.of("broke")],
        "fixed": [{"host": c.host_id, "root_cause": c.before} for c in changes.of("fixed")],
        "cause_changed": [
            {"host": c.host_id, "before": c.before, "after": c.after}
            for c in changes.of("cause_changed")
        ],
    }
    site_broke = changes.of("site_broke")
    if site_broke:  # only with site checks (logtail_doctor.site): other files stay as they were
        document["site_broke"] = [
            {"host": c.host_id, "root_cause": c.before, "check": c.after} for c in site_broke
        ]
    return document


def _changes_from_json(document: Any) -> Changes | None:
    if document is None:
        return None
    hosts = [HostChange(str(c["host"]), "broke", None, c["root_cause"]) for c in document["broke"]]
    hosts += [HostChange(str(c["host"]), "fixed", c["root_cause"], None) for c in document["fixed"]]
    hosts += [
        HostChange(str(c["host"]), "cause_changed", c["before"], c["after"])
        for c in document["cause_changed"]
    ]
    hosts += [  # a summary written before site checks has none
        HostChange(str(c["host"]), "site_broke", c["root_cause"], c["check"])
        for c in document.get("site_broke") or []
    ]
    hosts.sort(key=lambda c: host_order(c.host_id))
    return Changes(str(document["baseline"]), document.get("baseline_started"), tuple(hosts))


def _cause_json(cause: Cause, site_titles: Mapping[str, str]) -> dict[str, Any]:
    guide = cause.check_id in CHECK_IDS  # else a site check: its title is the site's words
    return {
        "check": cause.check_id,
        "title": M(spec(cause.check_id).title_key).render()
        if guide
        else site_titles.get(cause.check_id, cause.check_id),
        "count": len(cause.hosts),
        "hosts": list(cause.hosts),
        "found": cause.short.render(),
        "fix": cause.fix.render() if cause.fix is not None else None,
        "automatable": cause.automatable,
        "doc_url": doc_url(cause.check_id) if guide else None,
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


def _site_titles(verdict: RunVerdict) -> dict[str, str]:
    return {
        cid: check.outcome.expected_text
        for host in verdict.hosts
        for cid, check in host.site.items()
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
    if host.site:  # the site's own checks, in the order they ran (logtail_doctor.site)
        document["site"] = {cid: _site_json(check) for cid, check in host.site.items()}
    return document


def _site_json(check: CheckResult) -> dict[str, Any]:
    outcome = check.outcome
    return {
        "outcome": check.result,
        "title": outcome.expected_text,
        "message": outcome.found_text,
        "fix": outcome.fix_text,
        "test": check.test,
    }


def _site_from_json(document: Mapping[str, Any]) -> dict[str, CheckResult]:
    return {
        str(cid): site_result(
            SiteRecord(
                str(cid),
                str(check["title"]),
                str(check.get("test") or ""),
                str(check["outcome"]),
                str(check.get("message") or ""),
                check.get("fix"),
            )
        )
        for cid, check in dict(document).items()
    }


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


def from_json(document: Mapping[str, Any], where: str = "summary") -> RunVerdict:
    """The verdict a summary.json holds; SummaryError (one line, naming where) otherwise."""
    schema = _check_schema(document, where)
    try:
        run = RunContext.from_json(document["run"] if schema == SCHEMA_VERSION else document)
        run_checks = tuple(str(c) for c in document["checks"])
        hosts = [
            _host_from_json(host_id, host, run_checks)
            for host_id, host in dict(document["hosts"]).items()
        ]
        fail_on = [str(s) for s in document["gate"]["fail_on"]]
        changes = _changes_from_json(document.get("changes"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SummaryError(f"{where}: not a summary.json of logtail-doctor: {exc}") from None
    for host in hosts:
        written = document["hosts"][host.host_id].get("status")
        if written != host.status:
            raise SummaryError(_status_mismatch(where, host.host_id, written, host.status))
    return assemble(hosts, run_checks, fail_on, run, changes)


def _check_schema(document: Mapping[str, Any], where: str) -> int:
    """The document's schema: this version's, or one it still reads."""
    schema = document.get("schema_version")
    if schema not in READABLE_SCHEMAS or isinstance(schema, bool):
        raise SummaryError(
            f"{where}: schema_version {schema!r}, "
            f"expected {SCHEMA_VERSION} (written by another version of logtail-doctor)"
        )
    return int(schema)


def _status_mismatch(where: str, host_id: object, written: object, status: str) -> str:
    # A status written that the checks do not give: edited, or another tool's.
    return f"{where}: host {host_id}: status {written!r} does not follow from its checks ({status})"


def load_baseline(path: Path) -> Baseline:
    """The baseline a summary.json file holds; SummaryError (one line, naming the file)."""
    return baseline_from_json(_read_document(path), str(path))


def load_summary(path: Path) -> RunVerdict:
    """The verdict a summary.json file holds; SummaryError (one line, naming the file)."""
    return from_json(_read_document(path), str(path))


def _read_document(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_SUMMARY_BYTES:
            raise SummaryError(f"{path}: larger than {MAX_SUMMARY_BYTES // 1048576} MiB")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SummaryError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SummaryError(f"{path}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise SummaryError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise SummaryError(f"{path}: not a summary.json of logtail-doctor")
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
        site=_site_from_json(host.get("site") or {}),
    )


__all__ = [
    "MAX_SUMMARY_BYTES",
    "READABLE_SCHEMAS",
    "SCHEMA_VERSION",
    "SummaryError",
    "baseline_from_json",
    "from_json",
    "load_baseline",
    "load_summary",
    "to_json",
]
