"""The one writer: every output of a verdict, for a run and for a merge of runs.

summary.json (the previous one kept as summary.previous.json when asked),
report.html, remediation.yml with its inventory (logtail_doctor.outputs.playbook),
the verdict added to junit.xml, which pytest (or a merge) wrote first, and the
run's metrics for Prometheus (a file, and a push with --pushgateway).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from logtail_doctor.i18n import DEFAULT_LANGUAGE
from logtail_doctor.outputs.files import write_json, write_text
from logtail_doctor.outputs.html import render_report
from logtail_doctor.outputs.junit import annotate_file
from logtail_doctor.outputs.metrics import publish as publish_metrics
from logtail_doctor.outputs.playbook import write_remediation
from logtail_doctor.outputs.summary_file import to_json
from logtail_doctor.verdict import FAIL_ON_CHOICES, RunVerdict


@dataclass(frozen=True)
class Destinations:
    """Where a verdict's outputs go."""

    summary: Path
    report: Path
    remediation: Path
    junit: Path | None = None  # a junit.xml already written, to annotate; None: none
    lang: str = DEFAULT_LANGUAGE  # report.html's
    keep_previous: bool = False  # an existing summary.json becomes summary.previous.json
    metrics: Path | None = None  # metrics.prom; None: none (--metrics=)
    pushgateway: str | None = None  # --pushgateway URL


def write_outputs(verdict: RunVerdict, to: Destinations) -> None:
    """Write every output of the verdict; each file is replaced whole (atomically)."""
    summary = to.summary
    if to.keep_previous and summary.is_file():  # the previous run's, for a comparison by hand
        summary.replace(summary.with_name("summary.previous.json"))
    # streamed: each host's JSON is made as its line is written (a large fleet's peak).
    write_json(summary, to_json(verdict, streamed=True))
    write_text(to.report, render_report(verdict, to.lang))
    write_remediation(verdict, to.remediation)
    if to.junit is not None:
        annotate_file(to.junit, verdict)
    if to.metrics is not None or to.pushgateway:
        publish_metrics(verdict, to.metrics, to.pushgateway)


def parse_fail_on(given: str) -> tuple[str, ...]:
    """--fail-on's value: statuses, comma-separated; ValueError (one line) otherwise."""
    chosen = tuple(dict.fromkeys(s.strip() for s in given.split(",") if s.strip()))
    if not chosen or not set(chosen) <= set(FAIL_ON_CHOICES):
        raise ValueError(
            f"--fail-on={given}: expected {', '.join(FAIL_ON_CHOICES)} (comma-separated)"
        )
    return chosen
