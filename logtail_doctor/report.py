"""Per-host verdicts and the machine-readable summary (reports/summary.json).

Built from what the tests concluded, so the summary, JUnit XML and the HTML
report always agree with the exit code.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from logtail_doctor.catalogue import CHECK_IDS, Outcome, OutcomeTexts
from logtail_doctor.server_view import heartbeat_note
from logtail_doctor.waivers import WaiverNote

SCHEMA_VERSION = 1


@dataclass
class CheckRecord:
    outcome: str  # passed | failed | skipped | waived (a failure a valid waiver covers)
    message: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()
    expected: str = ""
    found: str = ""
    texts: OutcomeTexts | None = None  # the same words as message ids, for other languages
    waiver: WaiverNote | None = None  # a waiver matched this failure (active or expired)

    @classmethod
    def of(cls, outcome: Outcome, result: str, waiver: WaiverNote | None = None) -> CheckRecord:
        """The record of one check's outcome; result is what the test concluded."""
        return cls(
            result,
            outcome.message,
            outcome.remediation,
            outcome.evidence,
            expected=outcome.expected,
            found=outcome.found,
            texts=outcome.localized_texts,
            waiver=waiver,
        )


@dataclass
class HostVerdict:
    host_id: str
    checks: dict[str, CheckRecord] = field(default_factory=dict)
    agent: str | None = None
    probe_seconds: float | None = None
    server: dict[str, object] | None = None  # --sls: the server's view of this host

    @property
    def status(self) -> str:
        return host_status({cid: rec.outcome for cid, rec in self.checks.items()})

    @property
    def waived(self) -> list[str]:
        """Checks whose failure a valid waiver covers (the host may still be healthy)."""
        return [cid for cid, rec in self.ordered_checks() if rec.outcome == "waived"]

    @property
    def root_cause(self) -> str | None:
        ordered = sorted(self.checks, key=_catalogue_position)
        return next((cid for cid in ordered if self.checks[cid].outcome == "failed"), None)

    def ordered_checks(self) -> list[tuple[str, CheckRecord]]:
        return [(cid, self.checks[cid]) for cid in sorted(self.checks, key=_catalogue_position)]


def host_status(outcomes: Mapping[str, str]) -> str:
    """unreachable, unhealthy (a failure; a waived one does not count) or healthy."""
    if outcomes.get("host.reachable") == "failed":
        return "unreachable"
    if any(outcome == "failed" for outcome in outcomes.values()):
        return "unhealthy"
    return "healthy"


def host_order(host_id: str) -> list[tuple[int, str]]:
    """Natural order: ssh://root@10.0.0.9 before ssh://root@10.0.0.10."""
    return [
        (int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", host_id)
    ]


def _catalogue_position(check_id: str) -> int:
    return CHECK_IDS.index(check_id) if check_id in CHECK_IDS else len(CHECK_IDS)


def build_summary(verdicts: list[HostVerdict], context: dict[str, object]) -> dict[str, object]:
    counts = {"healthy": 0, "unhealthy": 0, "unreachable": 0}
    hosts: dict[str, object] = {}
    for verdict in sorted(verdicts, key=lambda v: host_order(v.host_id)):
        counts[verdict.status] += 1
        hosts[verdict.host_id] = {
            "status": verdict.status,
            "root_cause": verdict.root_cause,
            "agent": verdict.agent,
            "probe_seconds": (
                round(verdict.probe_seconds, 3) if verdict.probe_seconds is not None else None
            ),
            "checks": {
                cid: {
                    "outcome": rec.outcome,
                    "message": rec.message,
                    "remediation": rec.remediation,
                    "evidence": list(rec.evidence),
                }
                for cid, rec in verdict.ordered_checks()
            },
        }
        for cid, rec in verdict.ordered_checks():
            if rec.waiver is not None:
                hosts[verdict.host_id]["checks"][cid]["waiver"] = rec.waiver.as_dict()  # type: ignore[index]
        if verdict.server is not None:
            hosts[verdict.host_id]["server"] = verdict.server  # type: ignore[index]
    return {"schema_version": SCHEMA_VERSION, **context, "counts": counts, "hosts": hosts}


def write_json(path: Path, document: dict[str, object]) -> None:
    """Write atomically, so a reader never sees half a summary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def write_text(path: Path, text: str) -> None:
    """Write atomically, so a browser never opens half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def terminal_lines(verdicts: list[HostVerdict]) -> list[str]:
    """One line per host, the ones that need work last: status, root cause, the first step.

    A healthy host's line names the checks waived on it; an unhealthy host's line
    ends with the first step of the fix (see first_step) and any expired waiver.
    """
    width = max((len(v.host_id) for v in verdicts), default=0)
    lines = []
    ordered = sorted(verdicts, key=lambda v: (v.status != "healthy", host_order(v.host_id)))
    for verdict in ordered:
        line = f"{verdict.host_id:<{width}}  {verdict.status:<11}"
        cause = verdict.root_cause
        if verdict.server is not None and cause != "server.heartbeat":  # --sls
            line += f"  [{heartbeat_note(verdict.server)}]"
        if cause:
            record = verdict.checks[cause]
            line += f"  {cause}: {record.found or record.message}"
            if record.remediation:
                line += f"  -> {first_step(record.remediation)}"
            if record.waiver is not None and record.waiver.expired:
                line += f"  [waiver expired on {record.waiver.expires}]"
        elif verdict.waived:
            line += f"  (waived: {', '.join(verdict.waived)})"
        lines.append(line.rstrip())
    return lines


def first_step(remediation: str) -> str:
    """The fix up to its first step boundary ('; ' or '. '), outside `code` spans and (...)."""
    in_code = False
    depth = 0
    for i, char in enumerate(remediation):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ";." and remediation[i + 1 : i + 2] == " ":
            return remediation[:i]
    return remediation
