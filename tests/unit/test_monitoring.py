"""monitoring/: the shipped alert rules and their tests, run by Debian's promtool.

The rules and their promtool tests are generated from the check catalogue
(logtail_doctor.alert_rules); the shipped files must be that output, so a new
check cannot ship without its alert and its test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from logtail_doctor import alert_rules
from logtail_doctor.catalogue import CHECK_IDS

MONITORING = Path(__file__).resolve().parents[2] / "monitoring"


def _promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is missing: scripts/bootstrap.sh installs Debian's prometheus")
    return found


def test_the_shipped_rules_are_the_generated_ones() -> None:
    assert (MONITORING / "alerts.yml").read_text(encoding="utf-8") == alert_rules.dump(
        alert_rules.rules_document()
    ), "regenerate: python -m logtail_doctor.alert_rules monitoring/"
    assert (MONITORING / "alerts.test.yml").read_text(encoding="utf-8") == alert_rules.dump(
        alert_rules.promtool_tests_document()
    ), "regenerate: python -m logtail_doctor.alert_rules monitoring/"


def test_every_check_has_an_alert_with_its_fix_and_link() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text(encoding="utf-8"))
    (group,) = rules["groups"]
    causes = [r for r in group["rules"] if r.get("alert") == alert_rules.CAUSE_ALERT]
    assert [r["labels"]["cause"] for r in causes] == list(CHECK_IDS)
    for rule in causes:
        cause = rule["labels"]["cause"]
        assert f'cause="{cause}"' in rule["expr"]
        assert rule["for"] == "10m"
        assert rule["annotations"]["runbook_url"].endswith(f"#{cause}")
        assert rule["annotations"]["fix"]
        assert "{" not in rule["annotations"]["fix"]  # no raw placeholder left for the template


def test_promtool_checks_the_rules() -> None:
    done = subprocess.run(
        [_promtool(), "check", "rules", str(MONITORING / "alerts.yml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(CHECK_IDS) + 3} rules found" in done.stdout


def test_promtool_runs_the_rules_tests() -> None:
    done = subprocess.run(
        [_promtool(), "test", "rules", "alerts.test.yml"],
        cwd=MONITORING,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_promtool_tests_fail_when_the_alert_fires_too_early(tmp_path: Path) -> None:
    # The tests can fail: the same tests against rules whose `for:` is 5m instead of 10m.
    rules = (MONITORING / "alerts.yml").read_text(encoding="utf-8")
    (tmp_path / "alerts.yml").write_text(rules.replace("for: 10m", "for: 5m"), encoding="utf-8")
    shutil.copy(MONITORING / "alerts.test.yml", tmp_path / "alerts.test.yml")
    done = subprocess.run(
        [_promtool(), "test", "rules", "alerts.test.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout.count("FAILED") + done.stderr.count("FAILED") >= 1
