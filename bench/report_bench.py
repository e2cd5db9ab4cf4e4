"""Benchmark: how fast the HTML report of a large fleet opens and reacts in a real browser.

Builds N host verdicts without a lab (a recorded healthy probe output, varied
per host into every fault class the checks know, evaluated by the real
checks), renders reports/report.html's page for them, then opens it in
headless Chromium (Debian's, through Debian's chromedriver) several times and
prints: render seconds, file size, navigation start -> load event, and the
time of one status-filter click and one host-details open. Nothing is
asserted: read the figures.

Run from the repo root:  .venv/bin/python bench/report_bench.py --hosts 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from logtail_doctor.catalogue import HOST_CHECK_IDS  # noqa: E402
from logtail_doctor.checks import Expectation, Host, evaluate_host, unreachable  # noqa: E402
from logtail_doctor.checks.reachable import unreachable_remediation  # noqa: E402
from logtail_doctor.facts import FileFact, FileState, HostFacts  # noqa: E402
from logtail_doctor.i18n import LANGUAGES  # noqa: E402
from logtail_doctor.outcome import Outcome  # noqa: E402
from logtail_doctor.outputs.html import render_report  # noqa: E402
from logtail_doctor.probe import parse_linux_probe  # noqa: E402
from logtail_doctor.run_context import RunContext  # noqa: E402
from logtail_doctor.targets import MachineGroup, Project  # noqa: E402
from logtail_doctor.verdict import (  # noqa: E402
    CheckResult,
    HostResult,
    RunVerdict,
    assemble,
    host_result,
)
from tests.browser import chromium  # noqa: E402
from tests.support.scripts import load_script  # noqa: E402

RECORDED = REPO / "tests" / "data" / "probe" / "logtail_healthy.txt"
# The nonce the recorded probe outputs are framed with (make_cases.NONCE).
RECORDED_NONCE: str = load_script(RECORDED.parent / "make_cases.py", "make_cases").NONCE
PROJECT = Project("web-logs", "cn-hangzhou", "intranet")
ACCOUNT = "1234567890123456"


def synthetic_fleet(count: int) -> RunVerdict:
    """count hosts: 70 % healthy, the rest spread over five fault classes."""
    base = dataclasses.replace(
        parse_linux_probe(RECORDED.read_bytes(), RECORDED_NONCE), user_ids=(ACCOUNT,)
    )
    recorded_ip = "192.0.2.2"  # the recorded host's app_info ip
    faults: list[Callable[[HostFacts], HostFacts] | None] = [
        lambda f: dataclasses.replace(f, status={}, processes=()),  # agent stopped
        lambda f: dataclasses.replace(f, user_ids=()),  # no user identifier
        lambda f: dataclasses.replace(f, config=FileFact(f.config.path, FileState.ABSENT, "")),
        lambda f: f,  # its IP is not in the machine group (below)
        None,  # unreachable
    ]
    hosts = []
    for i in range(count):
        address = f"10.1.{i // 250}.{i % 250 + 1}"
        host_id = f"ssh://root@{address}"
        kind = i % len(faults) if i % 10 >= 7 else -1
        fault = faults[kind] if kind >= 0 else (lambda f: f)
        ips = ("10.9.9.9",) if kind == 3 else ("10.9.9.9", recorded_ip)
        group = MachineGroup("web-servers", ips)
        expectation = Expectation(PROJECT, (ACCOUNT,), group, (group,))
        if fault is None:
            error = f"ssh: connect to host {address} port 22: Connection refused"
            outcomes = unreachable(error, unreachable_remediation(host_id, error))
        else:
            outcomes = evaluate_host(Host(fault(base), expectation))
        hosts.append(_host(host_id, outcomes))
    return assemble(
        hosts, HOST_CHECK_IDS, ("unhealthy", "unreachable"), RunContext.from_json(CONTEXT)
    )


def _host(host_id: str, outcomes: dict[str, Outcome]) -> HostResult:
    checks = {cid: CheckResult(o, o.status.value) for cid, o in outcomes.items()}
    return host_result(host_id, checks, HOST_CHECK_IDS, agent="Logtail", probe_seconds=0.4)


CONTEXT: dict[str, object] = {
    "tool": {"name": "logtail-doctor", "version": "bench", "revision": None},
    "targets_file": "bench/fleet.yaml",
    "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
    "account_ids": [ACCOUNT],
    "started": "2026-01-01T00:00:00+00:00",
    "duration_seconds": 0.0,
}

TIMING_JS = """
const t = performance.getEntriesByType('navigation')[0];
return t.loadEventEnd;
"""
CLICK_JS = """
const t0 = performance.now();
document.querySelector('input[name=status][value=healthy]').click();
const hidden = document.querySelectorAll('tr.host[hidden]').length;
void document.body.offsetHeight;  // include the layout the click causes
const t1 = performance.now();
document.querySelector('tr.host[data-status=unhealthy]').click();
const opened = document.querySelectorAll('tr.details').length;
void document.body.offsetHeight;
const t2 = performance.now();
return [t1 - t0, t2 - t1, hidden, opened];
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    args = parser.parse_args()
    verdict = synthetic_fleet(args.hosts)
    statuses = verdict.counts
    start = time.perf_counter()
    page = render_report(verdict, args.lang)
    render_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="ltd-bench-") as tmp:
        path = Path(tmp) / "report.html"
        path.write_text(page, encoding="utf-8")
        loads, ready, filters, opens = [], [], [], []
        with chromium() as browser:
            for _ in range(args.runs):
                browser.get("about:blank")
                begin = time.perf_counter()
                browser.get(path.as_uri())  # returns after the load event
                loads.append(time.perf_counter() - begin)
                load = browser.execute_script(TIMING_JS)
                ready.append(load / 1000)
                filter_ms, open_ms, hidden, opened = browser.execute_script(CLICK_JS)
                filters.append(filter_ms)
                opens.append(open_ms)
                if (hidden, opened) != (statuses["healthy"], 1):
                    raise RuntimeError(f"the page did not react: {hidden} hidden, {opened} open")
    print(f"hosts: {args.hosts} {statuses}  language: {args.lang}")
    print(f"render (python): {render_s:.2f} s   file: {len(page.encode()) / 1e6:.2f} MB")
    print(
        f"open in headless Chromium, navigation start -> load event: median "
        f"{statistics.median(ready):.2f} s (max {max(ready):.2f} s; wall incl. WebDriver "
        f"{statistics.median(loads):.2f} s) over {args.runs} runs"
    )
    print(
        f"hide healthy hosts (filter click): median {statistics.median(filters):.0f} ms; "
        f"open one host's details: median {statistics.median(opens):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
