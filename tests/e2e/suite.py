"""Running the diagnosis suite as a user would, and reading what it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
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
    def html(self) -> str:
        return (self.out_dir / "report.html").read_text(encoding="utf-8")


def run_suite(out_dir: Path, *args: str, timeout: float = 300) -> SuiteRun:
    """Run the diagnosis suite from the repo root, reports into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--html={out_dir / 'report.html'}",
        f"--junitxml={out_dir / 'junit.xml'}",
        f"--summary-json={out_dir / 'summary.json'}",
        "-q",
        "--tb=line",
        *args,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    return SuiteRun(done.returncode, done.stdout, done.stderr, out_dir)


@dataclass(frozen=True)
class DemoRun:
    run: SuiteRun
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]
