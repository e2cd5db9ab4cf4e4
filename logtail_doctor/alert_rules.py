"""monitoring/alerts.yml and monitoring/alerts.test.yml, generated from the check catalogue.

    python -m logtail_doctor.alert_rules monitoring/ [--docs-url URL]

One alerting rule per check, all named LogtailHostsWithoutHeartbeat: an alert
per (cause, machine group) whose annotations carry that check's fix (its
first fix message, with the per-host values left as <placeholders>: the exact
command per host is in report.html and remediation.yml) and a link to the
check's documentation. Then the meta-monitoring: no successful run for two
intervals, no logtail-doctor metrics at all, the textfile collector's error.

The rules and their promtool tests are written from the catalogue so a new
check gets its alert and its test; tests/unit/test_monitoring.py keeps the
shipped files equal to this output and runs `promtool check rules` / `test rules`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from logtail_doctor.arguments import OneLineParser
from logtail_doctor.catalogue import CATALOGUE, CheckSpec
from logtail_doctor.doc_links import DOCS_BASE_URL, doc_url
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE

CAUSE_ALERT = "LogtailHostsWithoutHeartbeat"
# The run's interval the shipped rules assume (the systemd timer's and watch's default).
INTERVAL_SECONDS = 300
# Hosts per cause must stay above 0 this long before the page: two 5-minute runs.
CAUSE_FOR = "10m"
# Where the docs site is: each alert's runbook_url is its check's page there
# (logtail_doctor.doc_links). Regenerate with --docs-url https://<your docs>/ for a site
# published elsewhere.
DEFAULT_DOCS_URL = DOCS_BASE_URL
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def generic_fix(check: CheckSpec) -> str:
    """The check's first fix, its per-host values shown as <name>."""
    if not check.fixes:
        return "See the report: each failing host's fix is in report.html and remediation.yml."
    text = CATALOGUES[DEFAULT_LANGUAGE][check.fix_ids[0]]
    return _PLACEHOLDER.sub(lambda m: f"<{m.group(1)}>", text)


def _cause_rule(check: CheckSpec, docs_url: str) -> dict[str, Any]:
    return {
        "alert": CAUSE_ALERT,
        # Summed per source (shards pushed side by side add up), then the largest source:
        # a fleet seen twice (watch scraped and its textfile read) is not counted twice.
        "expr": (
            "max by (cause, machine_group) (sum by (cause, machine_group, job, instance) "
            f'(logtail_doctor_cause_hosts{{cause="{check.check_id}"}})) > 0'
        ),
        "for": CAUSE_FOR,
        # The expression's own cause label, repeated: rules that differ only in their
        # expression are "duplicate rules" to promtool's lint.
        "labels": {"severity": "warning", "cause": check.check_id},
        "annotations": {
            "summary": (
                "{{ $value }} host(s) in machine group {{ $labels.machine_group }} lost their "
                "heartbeat: {{ $labels.cause }}"
            ),
            "description": f"{check.title}: fails on these hosts (their root cause).",
            "fix": generic_fix(check),
            "runbook_url": doc_url(check.check_id, base=docs_url),
        },
    }


def rules_document(docs_url: str = DEFAULT_DOCS_URL) -> dict[str, Any]:
    stale_after = 2 * INTERVAL_SECONDS
    meta = [
        {
            "alert": "LogtailDoctorNotReporting",
            "expr": f"time() - logtail_doctor_last_success_timestamp_seconds > {stale_after}",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": (
                    "logtail-doctor has not completed a run for {{ $value | humanizeDuration }} "
                    f"(more than two {INTERVAL_SECONDS // 60}-minute intervals): "
                    "its verdict is stale"
                ),
                "description": (
                    "The timer, the watch or the CronJob stopped, or every run fails "
                    "(logtail_doctor_last_run_success 0 with watch): read its log."
                ),
            },
        },
        {
            "alert": "LogtailDoctorAbsent",
            "expr": "absent(logtail_doctor_last_success_timestamp_seconds)",
            "for": "15m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "No logtail-doctor metrics at all: no run wrote or served them",
            },
        },
        {
            "alert": "LogtailDoctorTextfileScrapeError",
            "expr": "node_textfile_scrape_error == 1",
            "for": "5m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": (
                    "node_exporter on {{ $labels.instance }} cannot read a *.prom file of its "
                    "textfile directory: logtail-doctor's metrics may be stale or missing"
                ),
            },
        },
    ]
    return {
        "groups": [
            {
                "name": "logtail-doctor",
                "rules": [_cause_rule(check, docs_url) for check in CATALOGUE] + meta,
            }
        ]
    }


def _cause_tests(docs_url: str) -> list[dict[str, Any]]:
    """Per check: pending at 8 minutes, firing at 12 with its labels and fix; the others silent."""
    tests = []
    for check in CATALOGUE:
        series = (
            f'logtail_doctor_cause_hosts{{cause="{check.check_id}",machine_group="web-servers"}}'
        )
        annotations = _cause_rule(check, docs_url)["annotations"]
        expected = {
            **annotations,
            "summary": (
                f"3 host(s) in machine group web-servers lost their heartbeat: {check.check_id}"
            ),
        }
        tests.append(
            {
                "interval": "1m",
                "input_series": [
                    # 0 for 2 minutes, then 3 hosts; another group stays at 0 throughout.
                    {"series": series, "values": "0 0 3x20"},
                    {
                        "series": series.replace("web-servers", "app-servers"),
                        "values": "0x22",
                    },
                ],
                "alert_rule_test": [
                    {"eval_time": "1m", "alertname": CAUSE_ALERT, "exp_alerts": []},
                    {"eval_time": "8m", "alertname": CAUSE_ALERT, "exp_alerts": []},
                    {
                        "eval_time": "12m",
                        "alertname": CAUSE_ALERT,
                        "exp_alerts": [
                            {
                                "exp_labels": {
                                    "severity": "warning",
                                    "cause": check.check_id,
                                    "machine_group": "web-servers",
                                },
                                "exp_annotations": expected,
                            }
                        ],
                    },
                ],
            }
        )
    return tests


def _sources_test(docs_url: str) -> dict[str, Any]:
    """One fleet seen by two sources counts once; two shards pushed side by side add up."""
    check = CATALOGUE[0]  # any cause will do: the rule is the same for each
    labels = f'cause="{check.check_id}",machine_group="web"'
    series = "logtail_doctor_cause_hosts{{" + labels + ",{}}}"  # {} for .format below
    return {
        "interval": "1m",
        "input_series": [
            {"series": series.format('job="watch",instance="ctl:9847"'), "values": "3x15"},
            {"series": series.format('job="node",instance="ctl:9100"'), "values": "3x15"},
            {
                "series": series.format('job="logtail_doctor",instance="",shard="1/2"'),
                "values": "1x15",
            },
            {
                "series": series.format('job="logtail_doctor",instance="",shard="2/2"'),
                "values": "3x15",
            },
        ],
        "alert_rule_test": [
            {
                "eval_time": "11m",
                "alertname": CAUSE_ALERT,
                "exp_alerts": [
                    {
                        "exp_labels": {
                            "severity": "warning",
                            "cause": check.check_id,
                            "machine_group": "web",
                        },
                        "exp_annotations": {
                            **_cause_rule(check, docs_url)["annotations"],
                            "summary": (
                                "4 host(s) in machine group web lost their heartbeat: "
                                f"{check.check_id}"
                            ),
                        },
                    }
                ],
            }
        ],
    }


def _meta_tests() -> list[dict[str, Any]]:
    return [
        {
            # A run every 5 minutes, then none after minute 10: stale after 20 minutes.
            "interval": "1m",
            "input_series": [
                {
                    "series": "logtail_doctor_last_success_timestamp_seconds",
                    "values": "0x4 300x5 600x30",
                }
            ],
            "alert_rule_test": [
                {"eval_time": "9m", "alertname": "LogtailDoctorNotReporting", "exp_alerts": []},
                {"eval_time": "20m", "alertname": "LogtailDoctorNotReporting", "exp_alerts": []},
                {
                    "eval_time": "21m",
                    "alertname": "LogtailDoctorNotReporting",
                    "exp_alerts": [
                        {
                            "exp_labels": {"severity": "warning"},
                            "exp_annotations": {
                                "summary": (
                                    "logtail-doctor has not completed a run for 11m 0s (more "
                                    "than two 5-minute intervals): its verdict is stale"
                                ),
                                "description": (
                                    "The timer, the watch or the CronJob stopped, or every run "
                                    "fails (logtail_doctor_last_run_success 0 with watch): read "
                                    "its log."
                                ),
                            },
                        }
                    ],
                },
                {"eval_time": "20m", "alertname": "LogtailDoctorAbsent", "exp_alerts": []},
            ],
        },
        {
            "interval": "1m",
            "input_series": [{"series": "up", "values": "1x30"}],
            "alert_rule_test": [
                {"eval_time": "14m", "alertname": "LogtailDoctorAbsent", "exp_alerts": []},
                {
                    "eval_time": "16m",
                    "alertname": "LogtailDoctorAbsent",
                    "exp_alerts": [
                        {
                            "exp_labels": {"severity": "warning"},
                            "exp_annotations": {
                                "summary": (
                                    "No logtail-doctor metrics at all: no run wrote or served them"
                                )
                            },
                        }
                    ],
                },
            ],
        },
        {
            "interval": "1m",
            "input_series": [
                {
                    "series": 'node_textfile_scrape_error{instance="db1:9100",job="node"}',
                    "values": "0x5 1x10",
                },
                {
                    "series": 'node_textfile_scrape_error{instance="web1:9100",job="node"}',
                    "values": "0x15",
                },
            ],
            "alert_rule_test": [
                {
                    "eval_time": "8m",
                    "alertname": "LogtailDoctorTextfileScrapeError",
                    "exp_alerts": [],
                },
                {
                    "eval_time": "12m",
                    "alertname": "LogtailDoctorTextfileScrapeError",
                    "exp_alerts": [
                        {
                            "exp_labels": {
                                "severity": "warning",
                                "instance": "db1:9100",
                                "job": "node",
                            },
                            "exp_annotations": {
                                "summary": (
                                    "node_exporter on db1:9100 cannot read a *.prom file of its "
                                    "textfile directory: logtail-doctor's metrics may be stale "
                                    "or missing"
                                )
                            },
                        }
                    ],
                },
            ],
        },
    ]


def promtool_tests_document(docs_url: str = DEFAULT_DOCS_URL) -> dict[str, Any]:
    return {
        "rule_files": ["alerts.yml"],
        "evaluation_interval": "1m",
        "tests": [*_cause_tests(docs_url), _sources_test(docs_url), *_meta_tests()],
    }


HEADER = (
    "# Generated by `python -m logtail_doctor.alert_rules monitoring/` from the check\n"
    "# catalogue: edit that module, not this file (tests/unit/test_monitoring.py checks it).\n"
)


def dump(document: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(document, sort_keys=False, width=100, allow_unicode=True)


def write(folder: Path, docs_url: str = DEFAULT_DOCS_URL) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alerts.yml").write_text(dump(rules_document(docs_url)), encoding="utf-8")
    (folder / "alerts.test.yml").write_text(
        dump(promtool_tests_document(docs_url)), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(
        prog="python -m logtail_doctor.alert_rules",
        description="Write alerts.yml and alerts.test.yml (Prometheus rules and their tests).",
    )
    parser.add_argument("folder", type=Path, help="where to write them (monitoring/)")
    parser.add_argument(
        "--docs-url",
        default=DEFAULT_DOCS_URL,
        help="the page documenting the checks; each alert links <URL>#<check> (default: "
        "%(default)s)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        write(args.folder, args.docs_url)
    except OSError as exc:
        print(f"ERROR: {args.folder}: cannot write: {exc.strerror}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
