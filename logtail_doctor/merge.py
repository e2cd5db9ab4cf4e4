"""Merge the reports of several runs (e.g. the shards of a CI matrix) into one.

    python -m logtail_doctor.merge OUT_DIR IN_DIR [IN_DIR ...] [--report-lang ja]

Each IN_DIR holds a run's summary.json and junit.xml (a run's --summary-json and
--junitxml). Each summary is read back into its run's verdict
(logtail_doctor.outputs.summary_file.from_json); the hosts of all runs make one verdict,
its counts and gate worked out as for a single run, and it is rendered by the
same code as a single run: summary.json, report.html (in --report-lang),
junit.xml (every run's test suite under one <testsuites>, annotated with the
merged verdict) and the fix plan remediation.yml with its inventory
(logtail_doctor.outputs.playbook). The runs must be of the same project and must not share a
host. Exit code: the merged gate's (0 or 1, as --fail-on decides; by default
the shards' own --fail-on), 4 unusable input (one line naming the file).
"""

from __future__ import annotations

import dataclasses
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from logtail_doctor.arguments import OneLineParser
from logtail_doctor.group_plan import merge_plans
from logtail_doctor.i18n import DEFAULT_LANGUAGE, LANGUAGES
from logtail_doctor.outputs.summary_file import MAX_SUMMARY_BYTES, SummaryError, load_summary
from logtail_doctor.outputs.write import Destinations, parse_fail_on, write_outputs
from logtail_doctor.run_context import MergedRun, RunContext
from logtail_doctor.sls.view import merge_group_reports
from logtail_doctor.verdict import (
    Changes,
    HostResult,
    RunVerdict,
    assemble,
    host_order,
)

MAX_INPUT_BYTES = MAX_SUMMARY_BYTES  # a junit.xml, as a summary: far smaller
_SUITE_COUNTERS = ("tests", "errors", "failures", "skipped")


class MergeError(ValueError):
    """Input that cannot be merged; the message is one line naming the file."""


def merge_verdicts(
    runs: list[tuple[Path, RunVerdict]], fail_on: list[str] | None = None
) -> RunVerdict:
    """One verdict of every run's hosts; fail_on None: the runs' own (they must agree)."""
    if not runs:
        raise MergeError("nothing to merge")
    first_path, first = runs[0]
    hosts: dict[str, HostResult] = {}
    origin: dict[str, Path] = {}
    for path, run in runs:
        for key in ("project", "account_ids", "targets_file"):
            if run.context.get(key) != first.context.get(key):  # as summary.json writes them
                raise MergeError(
                    f"{path}: {key} {run.context.get(key)} differs from {first_path}'s "
                    f"{first.context.get(key)}"
                )
        if run.checks != first.checks:
            raise MergeError(f"{path}: its checks differ from {first_path}'s (--sls in one only?)")
        for host in run.hosts:
            if host.host_id in hosts:
                raise MergeError(f"{path}: host {host.host_id} is also in {origin[host.host_id]}")
            hosts[host.host_id] = host
            origin[host.host_id] = path
    if fail_on is None:
        gates = {run.gate.fail_on for _, run in runs}
        if len(gates) > 1:
            raise MergeError("the runs were gated with different --fail-on: give --fail-on")
        fail_on = list(first.gate.fail_on)
    return assemble(
        hosts.values(), first.checks, fail_on, _merged_context(runs), _merged_changes(runs)
    )


def _merged_changes(runs: list[tuple[Path, RunVerdict]]) -> Changes | None:
    """The shards' changes since their baselines, together (None: no shard had one)."""
    given = [run.changes for _, run in runs if run.changes is not None]
    if not given:
        return None
    baselines = ", ".join(dict.fromkeys(c.baseline for c in given))
    hosts = sorted((h for c in given for h in c.hosts), key=lambda h: host_order(h.host_id))
    return Changes(baselines, given[0].baseline_started, tuple(hosts))


def _merged_context(runs: list[tuple[Path, RunVerdict]]) -> RunContext:
    """The first run's context, with what differs per shard merged by a rule of its own."""
    contexts = [run.run for _, run in runs]
    first = contexts[0]
    starts = [c.started for c in contexts if c.started is not None]
    durations = [c.duration_seconds for c in contexts if c.duration_seconds is not None]
    groups = [c.machine_groups for c in contexts if c.machine_groups is not None]
    sls = [c.sls for c in contexts if c.sls is not None]
    sls_block: dict[str, Any] | None = None
    if sls:
        sls_block = dict(sls[0])
        errors: list[Any] = []
        for block in sls:
            for line in block.get("errors") or []:
                if line not in errors:
                    errors.append(line)
        sls_block["errors"] = errors
    probes = [c.probe for c in contexts if c.probe is not None]
    probe: dict[str, Any] | None = None
    if probes:  # the shards probed side by side: their hosts add up, their time does not
        hosts = sum(int(p.get("hosts", 0)) for p in probes)
        seconds = max(float(p.get("seconds", 0)) for p in probes)
        probe = {
            "hosts": hosts,
            "unreachable": sum(int(p.get("unreachable", 0)) for p in probes),
            "seconds": seconds,
            "hosts_per_second": round(hosts / seconds, 2) if seconds > 0 else 0.0,
        }
    plans = [c.group_plan for c in contexts if c.group_plan]
    return dataclasses.replace(
        first,
        started=min(starts) if starts else None,
        duration_seconds=max(durations) if durations else None,  # the shards ran side by side
        shard=None,
        # --sls: each shard read the same groups; no shard may hide another's gaps
        machine_groups=merge_group_reports(groups) if groups else None,
        sls=sls_block,
        probe=probe,
        group_plan=merge_plans(plans) if plans else {},
        merged_from=tuple(
            MergedRun(str(path), run.run.shard, len(run.hosts)) for path, run in runs
        ),
    )


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


def merge(
    out_dir: Path,
    in_dirs: list[Path],
    lang: str = DEFAULT_LANGUAGE,
    fail_on: list[str] | None = None,
    metrics: Path | None = None,
) -> RunVerdict:
    runs = [(d / "summary.json", _read_verdict(d / "summary.json")) for d in in_dirs]
    verdict = merge_verdicts(runs, fail_on)
    junit = merge_junit([d / "junit.xml" for d in in_dirs])
    out_dir.mkdir(parents=True, exist_ok=True)
    # The shards' test cases, then every output of the merged verdict as a run writes them.
    ET.ElementTree(junit).write(out_dir / "junit.xml", encoding="utf-8", xml_declaration=True)
    write_outputs(
        verdict,
        Destinations(
            summary=out_dir / "summary.json",
            report=out_dir / "report.html",
            remediation=out_dir / "remediation.yml",
            junit=out_dir / "junit.xml",
            lang=lang,
            metrics=metrics or out_dir / "metrics.prom",
        ),
    )
    return verdict


def _read_verdict(path: Path) -> RunVerdict:
    try:
        return load_summary(path)
    except SummaryError as exc:
        raise MergeError(str(exc)) from None


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


def main(argv: list[str] | None = None, prog: str = "python -m logtail_doctor.merge") -> int:
    parser = OneLineParser(
        prog=prog,
        description="Merge the summary.json and junit.xml of several runs (shards) into one.",
    )
    parser.add_argument("out_dir", type=Path, help="where the merged reports go")
    parser.add_argument("in_dirs", type=Path, nargs="+", help="a run's report folder")
    parser.add_argument(
        "--report-lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="report.html's language"
    )
    parser.add_argument(
        "--fail-on",
        default=None,
        help="statuses that fail the merged gate, comma-separated (default: the runs' own)",
    )
    parser.add_argument(
        "--metrics",
        type=Path,
        default=None,
        metavar="PATH",
        help="where to write the merged run's metrics (default: OUT_DIR/metrics.prom)",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad argument (4, already said in one line)
        return int(exc.code or 0)
    fail_on = None
    if args.fail_on is not None:
        try:
            fail_on = list(parse_fail_on(args.fail_on))
        except ValueError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201 - a command-line tool
            return 4
    try:
        verdict = merge(args.out_dir, args.in_dirs, args.report_lang, fail_on, args.metrics)
    except MergeError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201 - a command-line tool
        return 4
    counts = ", ".join(f"{n} {status}" for status, n in verdict.counts.items())
    print(  # noqa: T201
        f"merged {len(args.in_dirs)} runs, {len(verdict.hosts)} hosts: {counts} -> "
        f"{args.out_dir}/summary.json, junit.xml, report.html, remediation.yml, metrics.prom; "
        f"exit {verdict.gate.exit_code}"
    )
    return verdict.gate.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
