"""The verdict in junit.xml: pytest writes the testcases, we add what the run concluded.

pytest's junitxml plugin writes one testcase per test (pass/fail/skip as pytest
saw it). Once it has written the file, ``annotate_file`` adds the verdict: per
testcase the check and host it judged and the host's status and root cause,
per testsuite the counts and the exit code. A merge of shards annotates the
merged tree the same way (``annotate``).

The check and host of a testcase come from the verdict (each check's result
names its test's node id), not from properties set at collection: those were
an XML element per property and test that pytest keeps until the end of the
run, about 40 MiB at 2,000 hosts (bench/runner_bench.py).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from logtail_doctor.verdict import HostResult, RunVerdict

# What we add; replaced, never duplicated, when a file is annotated again.
_OURS = ("check_id", "host", "status", "root_cause")
_SUITE_PREFIX = "logtail_doctor."
# (testcase classname, name) -> (host, check)
_Cases = dict[tuple[str, str], tuple[str, str]]


def annotate(root: ET.Element, verdict: RunVerdict) -> ET.Element:
    """Annotate a junit tree in memory (the merge's, built from several files)."""
    hosts = {host.host_id: host for host in verdict.hosts}
    cases = _cases(verdict)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        props = suite.find("properties")
        if props is None:
            props = ET.Element("properties")
            suite.insert(0, props)
        _set_suite_properties(props, verdict)
        for case in suite.iter("testcase"):
            _annotate_case(case, cases, hosts)
    return root


def annotate_file(path: Path, verdict: RunVerdict) -> None:
    """Annotate a junit.xml in place, atomically; a file that is not there is left alone.

    Read and written a testcase at a time: the whole tree of a 2,000-host run
    was a 60 MiB peak at the end of the run (bench/runner_bench.py).
    """
    if not path.is_file():
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='utf-8'?>\n")
        _stream(path, verdict, out)
    tmp.replace(path)


def _stream(path: Path, verdict: RunVerdict, out: TextIO) -> None:
    hosts = {host.host_id: host for host in verdict.hosts}
    cases = _cases(verdict)
    # Each open element, and whether it streams (its tags written apart, each
    # child written whole when it ends, then dropped): the testsuites and
    # testsuite elements; everything inside a testcase goes out with it.
    stack: list[tuple[ET.Element, bool]] = []
    # The open testsuite's properties are still to be written: before its
    # first other child, or merged into its own <properties> when it has one.
    props_due = False

    def write_suite_properties(own: ET.Element | None = None) -> None:
        nonlocal props_due
        if props_due:
            out.write(_text(_suite_properties(own, verdict)))
            props_due = False

    for event, element in ET.iterparse(path, events=("start", "end")):  # noqa: S314 - pytest's
        if event == "start":
            streams = _streams(element, stack[-1][0] if stack else None)
            if streams:
                out.write(_opening_tag(element))
                props_due = element.tag == "testsuite"
            stack.append((element, streams))
            continue
        _, streams = stack.pop()
        if streams:
            write_suite_properties()
            out.write(f"</{element.tag}>")
            continue
        if not stack or not stack[-1][1]:
            continue  # inside a testcase: written with it
        if element.tag == "properties" and props_due:
            write_suite_properties(element)
        else:
            write_suite_properties()
            if element.tag == "testcase":
                _annotate_case(element, cases, hosts)
            out.write(_text(element))
        stack[-1][0].remove(element)  # written: let it go


def _streams(element: ET.Element, parent: ET.Element | None) -> bool:
    """The root <testsuites>, or a <testsuite> at the root or under it."""
    if element.tag == "testsuites":
        return parent is None
    return element.tag == "testsuite" and (parent is None or parent.tag == "testsuites")


def _opening_tag(element: ET.Element) -> str:
    empty = ET.tostring(ET.Element(element.tag, element.attrib), encoding="unicode")
    return empty.removesuffix(" />") + ">"


def _text(element: ET.Element) -> str:
    element.tail = None
    return ET.tostring(element, encoding="unicode")


def _suite_properties(props: ET.Element | None, verdict: RunVerdict) -> ET.Element:
    props = ET.Element("properties") if props is None else props
    _set_suite_properties(props, verdict)
    return props


def _set_suite_properties(props: ET.Element, verdict: RunVerdict) -> None:
    for prop in [
        p for p in props.findall("property") if (p.get("name") or "").startswith(_SUITE_PREFIX)
    ]:
        props.remove(prop)
    values = {f"count.{status}": str(n) for status, n in verdict.counts.items()}
    values["exit_code"] = str(verdict.gate.exit_code)
    values["fail_on"] = ",".join(verdict.gate.fail_on)
    values["not_run"] = ",".join(f"{cid}:{n}" for cid, n in verdict.not_run.items())
    if verdict.gate.run_error:  # every host failed alike before its probe
        values["run_error"] = verdict.gate.run_error
    for name, value in values.items():
        ET.SubElement(props, "property", {"name": _SUITE_PREFIX + name, "value": value})


def _annotate_case(case: ET.Element, cases: _Cases, hosts: dict[str, HostResult]) -> None:
    props = case.find("properties")
    written = {} if props is None else {p.get("name"): p.get("value") for p in props}
    found = _case_of(case, cases)
    host_id, check_id = found if found else (written.get("host"), written.get("check_id"))
    host = hosts.get(str(host_id))
    if host is None or check_id is None:
        return  # not a test of ours (or of this verdict): left as pytest wrote it
    if props is None:
        props = ET.Element("properties")
        case.insert(0, props)
    for prop in [p for p in props.findall("property") if p.get("name") in _OURS]:
        props.remove(prop)
    values = (check_id, host.host_id, host.status, host.root_cause or "")
    for name, value in zip(_OURS, values, strict=True):
        ET.SubElement(props, "property", {"name": name, "value": value})


def _case_of(case: ET.Element, cases: _Cases) -> tuple[str, str] | None:
    classname, name = case.get("classname", ""), case.get("name", "")
    found = cases.get((classname, name))
    if found is None and "." in classname:  # -o junit_prefix=NAME puts "NAME." before it
        found = cases.get((classname.split(".", 1)[1], name))
    return found


def _cases(verdict: RunVerdict) -> _Cases:
    return {
        _junit_address(check.test): (host.host_id, check_id)
        for host in verdict.hosts
        for check_id, check in [*host.checks.items(), *host.site.items()]
        if check.test
    }


def _junit_address(nodeid: str) -> tuple[str, str]:
    """A test's (classname, name) as pytest's junitxml writes them from its node id."""
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = re.sub(r"\.py$", "", names[0].replace("/", "."))
    names[-1] += bracket + params
    return ".".join(names[:-1]), names[-1]
