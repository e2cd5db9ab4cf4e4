"""Merge the reports of several runs (e.g. the shards of a CI matrix) into one.

    python -m logtail_doctor.merge OUT_DIR IN_DIR [IN_DIR ...]

Each IN_DIR holds a run's summary.json and junit.xml (a run's --summary-json and
--junitxml). OUT_DIR gets summary.json (hosts of all runs, counts recomputed),
junit.xml (every run's test suite under one <testsuites>) and report.html
(regenerated from the merged summary). The runs must be of the same project
and must not share a host. Exit code: 0 every host healthy, 1 some host
unhealthy or unreachable, 4 unusable input (one line naming the file).
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from logtail_doctor.html_report import render_report
from logtail_doctor.report import (
    SCHEMA_VERSION,
    CheckRecord,
    HostVerdict,
    host_order,
    host_status,
    write_json,
    write_text,
)
from logtail_doctor.server_view import merge_group_reports

MAX_INPUT_BYTES = 512 * 1024 * 1024  # a summary of 10,000 hosts is far smaller
_SUITE_COUNTERS = ("tests", "errors", "failures", "skipped")


class MergeError(ValueError):
    """Input that cannot be merged; the message is one line naming the file."""


def merge_summaries(documents: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    if not documents:
        raise MergeError("nothing to merge")
    first_path, first = documents[0]
    hosts: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    shards = []
    for path, doc in documents:
        if doc.get("project") != first.get("project"):
            raise MergeError(
                f"{path}: project {doc.get('project')} differs from {first_path}'s "
                f"{first.get('project')}"
            )
        for host_id, host in doc["hosts"].items():
            if host_id in hosts:
                raise MergeError(f"{path}: host {host_id} is also in {origin[host_id]}")
            hosts[host_id] = host
            origin[host_id] = path
        shards.append({"summary": str(path), "shard": doc.get("shard"), "hosts": len(doc["hosts"])})
    ordered = {h: hosts[h] for h in sorted(hosts, key=host_order)}
    counts = {"healthy": 0, "unhealthy": 0, "unreachable": 0}
    for host in ordered.values():
        counts[host["status"]] = counts.get(host["status"], 0) + 1
    merged: dict[str, Any] = {
        k: v for k, v in first.items() if k not in ("hosts", "counts", "shard")
    }
    merged["schema_version"] = SCHEMA_VERSION
    starts = [d["started"] for _, d in documents if isinstance(d.get("started"), str)]
    if starts:
        merged["started"] = min(starts)
    durations = [
        d["duration_seconds"]
        for _, d in documents
        if isinstance(d.get("duration_seconds"), int | float)
    ]
    if durations:
        merged["duration_seconds"] = max(durations)  # the shards ran side by side
    groups = [
        d["machine_groups"] for _, d in documents if isinstance(d.get("machine_groups"), dict)
    ]
    if groups:  # --sls: each shard read the same groups; no shard may hide another's gaps
        merged["machine_groups"] = merge_group_reports(groups)
    sls = [d["sls"] for _, d in documents if isinstance(d.get("sls"), dict)]
    if sls:
        merged["sls"] = dict(sls[0])
        errors: list[Any] = []
        for block in sls:
            for line in block.get("errors") or []:
                if line not in errors:
                    errors.append(line)
        merged["sls"]["errors"] = errors
    merged["merged_from"] = shards
    merged["counts"] = counts
    merged["hosts"] = ordered
    return merged


def merge_junit(files: list[Path]) -> ET.Element:
    root = ET.Element("testsuites", {"name": "logtail-doctor"})
    totals = dict.fromkeys(_SUITE_COUNTERS, 0)
    seconds = 0.0
    for path in files:
        tree = _parse_xml(path)
        suites = [tree] if tree.tag == "testsuite" else list(tree.iter("testsuite"))
        for suite in suites:
            for name in _SUITE_COUNTERS:
                totals[name] += _int_attr(suite, name, path)
            seconds += float(suite.get("time", "0") or 0)
            suite.set("name", f"{suite.get('name', 'logtail-doctor')} ({path.parent.name})")
            root.append(suite)
    for name, value in totals.items():
        root.set(name, str(value))
    root.set("time", f"{seconds:.3f}")
    return root


def verdicts_from_summary(summary: dict[str, Any]) -> list[HostVerdict]:
    verdicts = []
    for host_id, host in summary["hosts"].items():
        checks = {
            cid: CheckRecord(
                str(rec["outcome"]),
                str(rec["message"]),
                rec.get("remediation"),
                tuple(str(e) for e in rec.get("evidence", [])),
            )
            for cid, rec in host["checks"].items()
        }
        verdict = HostVerdict(
            host_id, checks, host.get("agent"), host.get("probe_seconds"), host.get("server")
        )
        if host_status({c: r.outcome for c, r in checks.items()}) != host["status"]:
            raise MergeError(f"host {host_id}: its status does not follow from its checks")
        verdicts.append(verdict)
    return verdicts


def merge(out_dir: Path, in_dirs: list[Path]) -> dict[str, Any]:
    documents = [(d / "summary.json", _read_summary(d / "summary.json")) for d in in_dirs]
    junit_files = [d / "junit.xml" for d in in_dirs]
    summary = merge_summaries(documents)
    junit = merge_junit(junit_files)
    verdicts = verdicts_from_summary(summary)
    page = render_report(verdicts, {k: v for k, v in summary.items() if k != "hosts"})
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / "summary.json", summary)
    ET.ElementTree(junit).write(out_dir / "junit.xml", encoding="utf-8", xml_declaration=True)
    write_text(out_dir / "report.html", page)
    return summary


def _read_summary(path: Path) -> dict[str, Any]:
    text = _read(path)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise MergeError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        raise MergeError(f"{path}: not a logtail-doctor summary (schema {SCHEMA_VERSION})")
    hosts = doc.get("hosts")
    if not isinstance(hosts, dict) or not all(
        isinstance(h, dict)
        and isinstance(h.get("checks"), dict)
        and h.get("status") in ("healthy", "unhealthy", "unreachable")
        and all(
            isinstance(c, dict) and isinstance(c.get("outcome"), str) and "message" in c
            for c in h["checks"].values()
        )
        for h in hosts.values()
    ):
        raise MergeError(f"{path}: hosts: not a logtail-doctor summary's hosts")
    return doc


def _parse_xml(path: Path) -> ET.Element:
    text = _read(path)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:  # no entity expansion from input
        raise MergeError(f"{path}: DTDs and entities are not accepted")
    try:
        return ET.fromstring(text)  # noqa: S314 - no DTD/entities (checked above)
    except ET.ParseError as exc:
        raise MergeError(f"{path}: not valid XML ({exc})") from None


def _int_attr(element: ET.Element, name: str, path: Path) -> int:
    value = element.get(name, "0") or "0"
    if not value.isdigit():
        raise MergeError(f"{path}: testsuite {name}={value!r} is not a count")
    return int(value)


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise MergeError(f"{path}: larger than {MAX_INPUT_BYTES // 1048576} MiB")
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MergeError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MergeError(f"{path}: not UTF-8 text") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m logtail_doctor.merge",
        description="Merge the summary.json and junit.xml of several runs (shards) into one.",
    )
    parser.add_argument("out_dir", type=Path, help="where the merged reports go")
    parser.add_argument("in_dirs", type=Path, nargs="+", help="a run's report folder")
    args = parser.parse_args(argv)
    try:
        summary = merge(args.out_dir, args.in_dirs)
    except MergeError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201 - a command-line tool
        return 4
    counts = summary["counts"]
    print(  # noqa: T201
        f"merged {len(args.in_dirs)} runs, {len(summary['hosts'])} hosts: "
        f"{counts['healthy']} healthy, {counts['unhealthy']} unhealthy, "
        f"{counts['unreachable']} unreachable -> {args.out_dir}/summary.json, junit.xml, "
        "report.html"
    )
    return 0 if counts["unhealthy"] == 0 and counts["unreachable"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
