"""junit.xml annotated with the verdict: read and written a testcase at a time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from logtail_doctor.outputs.junit import annotate, annotate_file
from tests.unit.test_report import OK_HOST, SICK_HOST, _fleet_verdict, fleet

# As pytest's junitxml writes it (one line), for the node ids test_report gives the
# tests ("tests_infra/x.py::CHECK[HOST]"), with one test that is not a check's.
PYTEST_JUNIT = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<testsuites name="pytest tests"><testsuite name="logtail-doctor" errors="0" '
    'failures="1" skipped="0" tests="3" time="1.0" hostname="vm">'
    '<testcase classname="{prefix}tests_infra.x" name="step1.running[{ok}]" time="0.1" />'
    '<testcase classname="{prefix}tests_infra.x" name="step1.running[{sick}]" time="0.1">'
    '<failure message="stopped">stopped &lt;here&gt;</failure></testcase>'
    '<testcase classname="{prefix}tests_infra.other" name="test_not_a_check" time="0.1" />'
    "</testsuite></testsuites>"
)


def _props(case: ET.Element) -> dict[str | None, str | None]:
    return {p.get("name"): p.get("value") for p in case.iter("property")}


def _write(tmp_path: Path, prefix: str = "") -> Path:
    path = tmp_path / "junit.xml"
    path.write_text(PYTEST_JUNIT.format(prefix=prefix, ok=OK_HOST, sick=SICK_HOST))
    return path


def test_each_testcase_gets_its_check_host_status_and_root_cause(tmp_path: Path) -> None:
    path = _write(tmp_path)
    annotate_file(path, _fleet_verdict(fleet()))
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    ok, sick, other = suite.findall("testcase")
    assert _props(ok) == {
        "check_id": "step1.running",
        "host": OK_HOST,
        "status": "healthy",
        "root_cause": "",
    }
    assert _props(sick)["status"] == "unhealthy"
    assert _props(sick)["root_cause"] == "step1.running"
    failure = sick.find("failure")
    assert failure is not None
    assert failure.text == "stopped <here>"
    assert _props(other) == {}  # not a check's test: left alone
    suite_props = suite.findall("properties")
    assert len(suite_props) == 1  # the suite's, before its testcases
    assert next(iter(suite)) is suite_props[0]
    assert _props(suite_props[0])["logtail_doctor.exit_code"] == "1"


def test_annotating_twice_replaces_and_never_duplicates(tmp_path: Path) -> None:
    path = _write(tmp_path)
    verdict = _fleet_verdict(fleet())
    annotate_file(path, verdict)
    once = path.read_bytes()
    annotate_file(path, verdict)
    assert path.read_bytes() == once
    assert list(tmp_path.iterdir()) == [path]  # no temp file left


def test_a_junit_prefix_still_finds_the_check(tmp_path: Path) -> None:
    path = _write(tmp_path, prefix="fleet.")
    annotate_file(path, _fleet_verdict(fleet()))
    first = ET.parse(path).getroot().find("testsuite/testcase")
    assert first is not None
    assert _props(first)["host"] == OK_HOST


def test_the_file_and_the_tree_are_annotated_alike(tmp_path: Path) -> None:
    path = _write(tmp_path)
    verdict = _fleet_verdict(fleet())
    tree = annotate(ET.parse(path).getroot(), verdict)
    annotate_file(path, verdict)
    streamed = ET.parse(path).getroot()
    assert [_props(c) for c in streamed.iter("testcase")] == [
        _props(c) for c in tree.iter("testcase")
    ]
    assert _props(streamed.find("testsuite/properties")) == _props(  # type: ignore[arg-type]
        tree.find("testsuite/properties")  # type: ignore[arg-type]
    )
