"""Per-host verdicts and the machine-readable summary (reports/summary.json).

Built from what the tests concluded, so the summary, JUnit XML and the HTML
report always agree with the exit code.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from logtail_doctor.catalogue import CHECK_IDS

SCHEMA_VERSION = 1


@dataclass
class CheckRecord:
    outcome: str  # passed | failed | skipped
    message: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()
    expected: str = ""
    found: str = ""


@dataclass
class HostVerdict:
    host_id: str
    checks: dict[str, CheckRecord] = field(default_factory=dict)
    agent: str | None = None
    probe_seconds: float | None = None

    @property
    def status(self) -> str:
        reach = self.checks.get("host.reachable")
        if reach is not None and reach.outcome == "failed":
            return "unreachable"
        if any(c.outcome == "failed" for c in self.checks.values()):
            return "unhealthy"
        return "healthy"

    @property
    def root_cause(self) -> str | None:
        ordered = sorted(self.checks, key=_catalogue_position)
        return next((cid for cid in ordered if self.checks[cid].outcome == "failed"), None)

    def ordered_checks(self) -> list[tuple[str, CheckRecord]]:
        return [(cid, self.checks[cid]) for cid in sorted(self.checks, key=_catalogue_position)]


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
    return {"schema_version": SCHEMA_VERSION, **context, "counts": counts, "hosts": hosts}


def write_json(path: Path, document: dict[str, object]) -> None:
    """Write atomically, so a reader never sees half a summary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def terminal_lines(verdicts: list[HostVerdict]) -> list[str]:
    """One line per host, healthy ones last: status, root cause, what was found, the fix."""
    width = max((len(v.host_id) for v in verdicts), default=0)
    lines = []
    ordered = sorted(verdicts, key=lambda v: (v.status == "healthy", host_order(v.host_id)))
    for verdict in ordered:
        line = f"{verdict.host_id:<{width}}  {verdict.status:<11}"
        cause = verdict.root_cause
        if cause:
            record = verdict.checks[cause]
            line += f"  {cause}: {record.found or record.message}"
            if record.remediation:
                line += f"  -> {record.remediation}"
        lines.append(line.rstrip())
    return lines
