"""Running the diagnosis suite as a user would, and reading what it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "lab" / "scenarios"


@dataclass(frozen=True)
class SuiteRun:
    """One run of the diagnosis suite: what a user or a CI job would see."""

    exit_code: int
    stdout: str
    stderr: str
    out_dir: Path

    @property
    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out_dir / "summary.json").read_text())
        return data

    @property
    def junit(self) -> ET.Element:
        return ET.parse(self.out_dir / "junit.xml").getroot()

    @property
    def report_path(self) -> Path:
        """Our HTML report (pytest-html's per-test page is tests.html beside it)."""
        return self.out_dir / "report.html"

    @property
    def html(self) -> str:
        return self.report_path.read_text(encoding="utf-8")

    def junit_cases(self) -> list[dict[str, str]]:
        """Each test case's properties, plus its name and result (passed/failed/skipped)."""
        cases = []
        for case in self.junit.iter("testcase"):
            props = {p.get("name", ""): p.get("value", "") for p in case.iter("property")}
            result = "passed"
            for tag in ("failure", "error", "skipped"):
                found = case.find(tag)
                if found is not None:
                    result = tag
                    props["message"] = found.get("message", "")
            props["name"] = case.get("name", "")
            props["result"] = result
            cases.append(props)
        return cases


def run_suite(
    out_dir: Path,
    *args: str,
    timeout: float = 300,
    env: dict[str, str] | None = None,
    html: bool = True,
) -> SuiteRun:
    """Run the diagnosis suite from the repo root, reports into out_dir.

    env: extra environment variables; Alibaba Cloud credentials are never
    inherited from the caller, only given here. html=False: no --html (the
    run then writes pytest-html's page to its default, unless args block it).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pytest",
        *([f"--html={out_dir / 'tests.html'}"] if html else []),
        f"--report={out_dir / 'report.html'}",
        f"--junitxml={out_dir / 'junit.xml'}",
        f"--summary-json={out_dir / 'summary.json'}",
        f"--remediation={out_dir / 'remediation.yml'}",
        f"--metrics={out_dir / 'metrics.prom'}",
        "-q",
        "--tb=line",
        *args,
    ]
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "ALIBABA_CLOUD_", "ALICLOUD_"))
    }
    # Nor the caller's credentials file: a test that wants one names it.
    environ["ALIBABA_CLOUD_CREDENTIALS_FILE"] = str(out_dir / "no-such-credentials-file")
    environ.update(env or {})
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=environ, check=False
    )
    return SuiteRun(done.returncode, done.stdout, done.stderr, out_dir)


@dataclass(frozen=True)
class DemoRun:
    run: SuiteRun
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]


def verdict_mismatches(lab_hosts: Iterable[Any], summary: dict[str, Any]) -> list[str]:
    """One line per lab host whose status or root cause is not its scenario's `expect:`."""
    wrong = []
    for lab_host in lab_hosts:
        expect = lab_host.expect
        got = summary["hosts"][lab_host.url]
        cause = got["root_cause"]
        if (got["status"], cause) != (expect["status"], expect["root_cause"]):
            wrong.append(
                f"{lab_host.name} ({lab_host.url}): expected {expect['status']}/"
                f"{expect['root_cause']}, got {got['status']}/{cause}: "
                + (got["checks"].get(cause, {}).get("message", "") if cause else "")
            )
    return wrong


def changed_files(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """Per lab host, the (path, sha256) entries that differ between two snapshots."""
    return {
        host: sorted(set(files.items()) ^ set(after.get(host, {}).items()))
        for host, files in before.items()
        if files != after.get(host)
    }
