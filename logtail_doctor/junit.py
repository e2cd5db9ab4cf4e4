"""The verdict in junit.xml: pytest writes the testcases, we add what the run concluded.

pytest's junitxml plugin writes one testcase per test (pass/fail/skip as pytest
saw it) with the properties check_id and host set at collection. Once it has
written the file, ``annotate`` adds the verdict: per testcase the host's
status and root cause, per testsuite the counts and the exit code. A merge of
shards annotates the merged file the same way.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from logtail_doctor.verdict import RunVerdict

# What we add; replaced, never duplicated, when a file is annotated again.
_OURS = ("status", "root_cause")
_SUITE_PREFIX = "logtail_doctor."


def annotate(root: ET.Element, verdict: RunVerdict) -> ET.Element:
    hosts = {host.host_id: host for host in verdict.hosts}
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        _set_suite_properties(suite, verdict)
        for case in suite.iter("testcase"):
            props = case.find("properties")
            if props is None:
                continue
            values = {p.get("name"): p.get("value") for p in props.findall("property")}
            host = hosts.get(str(values.get("host")))
            if host is None:
                continue
            for prop in [p for p in props.findall("property") if p.get("name") in _OURS]:
                props.remove(prop)
            ET.SubElement(props, "property", {"name": "status", "value": host.status})
            ET.SubElement(props, "property", {"name": "root_cause", "value": host.root_cause or ""})
    return root


def _set_suite_properties(suite: ET.Element, verdict: RunVerdict) -> None:
    props = suite.find("properties")
    if props is None:
        props = ET.Element("properties")
        suite.insert(0, props)
    for prop in [
        p for p in props.findall("property") if (p.get("name") or "").startswith(_SUITE_PREFIX)
    ]:
        props.remove(prop)
    values = {f"count.{status}": str(n) for status, n in verdict.counts.items()}
    values["exit_code"] = str(verdict.gate.exit_code)
    values["fail_on"] = ",".join(verdict.gate.fail_on)
    values["not_run"] = ",".join(f"{cid}:{n}" for cid, n in verdict.not_run.items())
    for name, value in values.items():
        ET.SubElement(props, "property", {"name": _SUITE_PREFIX + name, "value": value})


def annotate_file(path: Path, verdict: RunVerdict) -> None:
    """Annotate a junit.xml in place, atomically; a file that is not there is left alone."""
    if not path.is_file():
        return
    tree = ET.parse(path)  # noqa: S314 - the file pytest's junitxml just wrote
    annotate(tree.getroot(), verdict)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(path)
