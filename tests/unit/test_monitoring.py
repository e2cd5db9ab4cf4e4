"""monitoring/: the shipped alert rules and their tests, run by Debian's promtool.

The rules and their promtool tests are generated from the check catalogue
(logtail_doctor.alert_rules); the shipped files must be that output, so a new
check cannot ship without its alert and its test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import logtail_doctor_pytest
from logtail_doctor import alert_rules, watch
from logtail_doctor.catalogue import CHECK_IDS
from logtail_doctor.doc_links import DOCS_BASE_URL, doc_url
from logtail_doctor.outputs import metrics
from logtail_doctor.outputs.summary_file import load_summary

MONITORING = Path(__file__).resolve().parents[2] / "monitoring"
DEMO_SUMMARY = Path(__file__).resolve().parents[1] / "data" / "metrics" / "demo_summary.json"


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
        assert rule["annotations"]["runbook_url"] == doc_url(cause)
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


# --- the Grafana dashboard, the systemd units, the CronJob ---------------------------------

METRIC_NAME = re.compile(r"\blogtail_doctor_[a-z_]+\b")


def _exposed_names() -> set[str]:
    """Every sample name logtail-doctor exposes: a run's metrics and the watch's own."""
    families = metrics.run_families(metrics.run_facts(load_summary(DEMO_SUMMARY)))
    state = watch.WatchState(interval_seconds=300, report=Path("report.html"))
    state.last_attempt_end, state.last_success, state.last_exit_code = 1.0, True, 0
    names = set()
    for family in [*families, *state.families()]:
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
    return names


def _dashboard_exprs() -> list[str]:
    dashboard = json.loads((MONITORING / "grafana" / "logtail-doctor.json").read_text("utf-8"))
    assert dashboard["uid"] == "logtail-doctor"
    assert "id" not in dashboard  # provisioned or imported, Grafana assigns it
    (variable,) = dashboard["templating"]["list"]
    assert (variable["type"], variable["query"]) == ("datasource", "prometheus")
    exprs = []
    for panel in dashboard["panels"]:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}"
            exprs.append(target["expr"])
    return exprs


def test_the_dashboard_queries_parse_and_name_only_exposed_metrics(tmp_path: Path) -> None:
    exprs = _dashboard_exprs()
    used = {name for expr in exprs for name in METRIC_NAME.findall(expr)}
    assert used, exprs
    assert used <= _exposed_names(), used - _exposed_names()
    # promtool parses each query as a recording rule's expression.
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:panel{i}", "expr": e} for i, e in enumerate(exprs)
                ],
            }
        ]
    }
    rule_file = tmp_path / "dashboard-queries.yml"
    rule_file.write_text(yaml.safe_dump(rules), encoding="utf-8")
    done = subprocess.run(
        [_promtool(), "check", "rules", str(rule_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_alerts_name_only_exposed_metrics() -> None:
    text = (MONITORING / "alerts.yml").read_text(encoding="utf-8")
    used = set(METRIC_NAME.findall(text)) - {"logtail_doctor_last_run_success"}  # in prose
    assert used <= _exposed_names(), used - _exposed_names()


def _our_options() -> set[str]:
    """Options a run takes: ours, and the testinfra/pytest ones the shipped files use."""
    return {name for name, _ in logtail_doctor_pytest.OPTIONS} | {
        "--ssh-config",
        "--ssh-identity-file",
        "-q",
        "--tb",
    }


def _options_of(words: list[str]) -> set[str]:
    return {w.split("=", 1)[0] for w in words if w.startswith("-")}


def _systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        pytest.fail("systemd-analyze is missing: scripts/bootstrap.sh installs systemd")
    return found


def test_the_systemd_units_verify_and_are_hardened(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    units = sorted((MONITORING / "systemd").iterdir())
    assert [u.name for u in units] == [
        "logtail-doctor-watch.service",
        "logtail-doctor.service",
        "logtail-doctor.timer",
    ]
    installed = shutil.which("logtail-doctor") or str(
        Path(sys.executable).with_name("logtail-doctor")
    )
    for unit in units:
        # Verified as installed: the command at the path the unit names (here the venv's).
        text = unit.read_text(encoding="utf-8")
        (tmp_path / unit.name).write_text(
            text.replace("/usr/local/bin/logtail-doctor", installed), encoding="utf-8"
        )
        exec_start = " ".join(
            line.strip().rstrip("\\") for line in text.split("ExecStart=", 1)[-1].splitlines()[:3]
        )
        if unit.suffix == ".service":
            words = exec_start.split()
            options = _options_of(words[2:] if words[1] == "watch" else words[1:])
            known = _our_options() | {"--interval", "--listen"}
            assert {"--targets", "--ssh-identity-file"} <= options
            assert options <= known, options - known
            assert "SuccessExitStatus=1" in text or "watch" in unit.name
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""
    for unit in units:
        if unit.suffix != ".service":
            continue
        scored = subprocess.run(
            [analyze, "security", "--offline=true", str(tmp_path / unit.name)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        exposure = re.search(r"Overall exposure level for \S+: ([\d.]+) (\w+)", scored.stdout)
        assert exposure is not None, scored.stdout[-500:] + scored.stderr
        assert float(exposure.group(1)) <= 2.0, exposure.group(0)


def test_the_cronjob_pushes_never_overlaps_and_is_bounded() -> None:
    manifest = yaml.safe_load((MONITORING / "kubernetes" / "cronjob.yaml").read_text("utf-8"))
    assert (manifest["apiVersion"], manifest["kind"]) == ("batch/v1", "CronJob")
    spec = manifest["spec"]
    assert spec["concurrencyPolicy"] == "Forbid"
    job = spec["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] > 0
    assert job["backoffLimit"] == 0
    (container,) = job["template"]["spec"]["containers"]
    options = _options_of(container["args"])
    assert {"--targets", "--pushgateway"} <= options
    assert options <= _our_options(), options - _our_options()
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    mounts = {m["name"] for m in container["volumeMounts"]}
    assert mounts == {v["name"] for v in job["template"]["spec"]["volumes"]}


def test_each_cause_alerts_runbook_is_its_checks_docs_page() -> None:
    # The page the docs site builds for the check (tests/unit/test_docs_site.py: every
    # registered check has one), at the address report.html and summary.json link to.
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text(encoding="utf-8"))
    cause_rules = [
        rule for group in rules["groups"] for rule in group["rules"] if "cause" in rule["labels"]
    ]
    assert sorted(r["labels"]["cause"] for r in cause_rules) == sorted(CHECK_IDS)
    for rule in cause_rules:
        assert rule["annotations"]["runbook_url"] == doc_url(rule["labels"]["cause"])
    assert alert_rules.DEFAULT_DOCS_URL == DOCS_BASE_URL
