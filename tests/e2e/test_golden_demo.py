"""The demo lab's outputs equal the stored golden ones, times and versions aside.

tests/data/golden/demo/ holds summary.json, junit.xml, report.html and
remediation.yml of the
demo lab as main wrote them before issue 29's refactor (schema 2). A refactor
that changes what a user reads in any of them, beyond what an issue says it
changes, turns this red and names the place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lab import Lab
from tests.e2e.golden import (
    comparable_html,
    comparable_junit,
    comparable_lines,
    comparable_summary,
    differences,
)
from tests.e2e.suite import REPO, SuiteRun, run_suite

pytestmark = pytest.mark.e2e

GOLDEN = REPO / "tests" / "data" / "golden" / "demo"


@pytest.fixture(scope="module")
def golden_run(demo_lab: Lab, workdir: Path) -> SuiteRun:
    """The demo run with the options the golden files were written with."""
    return run_suite(
        workdir / "golden-run",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        "--tb=no",
        "-p",
        "no:html",
        html=False,
    )


def _compare(
    name: str, reduce: Callable[[str, str], dict[str, Any]], run: SuiteRun, lab: Lab
) -> list[str]:
    lab_dir = str(lab.targets_file.parent)
    expected = reduce((GOLDEN / name).read_text(encoding="utf-8"), lab_dir)
    got = reduce((run.out_dir / name).read_text(encoding="utf-8"), lab_dir)
    return differences(expected, got)


def _summary(text: str, lab_dir: str) -> dict[str, Any]:
    return comparable_summary(json.loads(text), lab_dir)


def test_the_run_ends_as_the_golden_run_did(golden_run: SuiteRun) -> None:
    assert golden_run.exit_code == 1, golden_run.stdout[-3000:] + golden_run.stderr


def test_summary_json_equals_the_golden_one(demo_lab: Lab, golden_run: SuiteRun) -> None:
    wrong = _compare("summary.json", _summary, golden_run, demo_lab)
    assert not wrong, "\n".join(wrong[:40])


def test_junit_xml_equals_the_golden_one(demo_lab: Lab, golden_run: SuiteRun) -> None:
    wrong = _compare("junit.xml", comparable_junit, golden_run, demo_lab)
    assert not wrong, "\n".join(wrong[:40])


def test_report_html_equals_the_golden_one(demo_lab: Lab, golden_run: SuiteRun) -> None:
    wrong = _compare("report.html", comparable_html, golden_run, demo_lab)
    assert not wrong, "\n".join(wrong[:40])


def test_remediation_yml_equals_the_golden_one(demo_lab: Lab, golden_run: SuiteRun) -> None:
    wrong = _compare("remediation.yml", comparable_lines, golden_run, demo_lab)
    assert not wrong, "\n".join(wrong[:40])
