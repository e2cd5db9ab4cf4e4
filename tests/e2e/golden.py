"""Comparing a run's outputs with the stored golden outputs of the demo lab.

Each output is reduced to what must not change between two runs of the same
lab: times, durations, versions, the revision, the probe's timings and the lab's
folder are masked or left out; the rest is compared value by value, and every
difference is named by its place (a JSON path, a test case, an HTML position).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

GOLDEN_LAB_DIR = "/tmp/ltd-golden"

# Dates and times a host or the runner reported ("2026-12-06 21:23:31 UTC",
# "2026-12-06T21:23:32+00:00"), and the clock's offset next to them ("+0 s").
_TIMES = (
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d| UTC)?"), "<time>"),
    (re.compile(r"(runner <time>|<time>): [+-]\d+ s"), r"\1: <offset>"),
    (re.compile(r"^[+-]\d+ s$"), "<offset>"),  # the same offset as a message parameter
)
# What the lab's hosts make up anew each time they start: process IDs, the
# agent's instance ID, the endpoint's request IDs, curl's connect time.
_LAB_VARIES = (
    (re.compile(r"\b\d+ \(parent \d+\)"), "<pid> (parent <pid>)"),
    (re.compile(r"\(PID \d+\)"), "(PID <pid>)"),
    (re.compile(r'"instance_id" : "[^"]*"'), '"instance_id" : "<id>"'),
    (re.compile(r'"RequestId":"[0-9A-F]+"'), '"RequestId":"<id>"'),
    (re.compile(r"after \d+ ms"), "after <n> ms"),
)
# Top-level keys of a summary that differ from run to run by nature.
_RUN_VARIES = ("started", "duration_seconds", "probe")
_TOOL_VARIES = ("version", "revision")


def mask(text: str, lab_dir: str) -> str:
    """text with the lab's folder, times and the lab's random IDs replaced by placeholders."""
    text = text.replace(lab_dir, "<lab>").replace(GOLDEN_LAB_DIR, "<lab>")
    for pattern, placeholder in _TIMES + _LAB_VARIES:
        text = pattern.sub(placeholder, text)
    return text


def _masked(value: Any, lab_dir: str) -> Any:
    if isinstance(value, str):
        return mask(value, lab_dir)
    if isinstance(value, list):
        return [_masked(v, lab_dir) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, lab_dir) for k, v in value.items()}
    return value


def comparable_summary(summary: dict[str, Any], lab_dir: str) -> dict[str, Any]:
    """A summary.json as schema 2 lays it out, without what varies from run to run.

    Schema 3 moved the run's context under "run" (issue 29): it is laid flat
    again here, so that both schemas compare with the schema-2 golden file.
    """
    flat: dict[str, Any] = {}
    for key, value in summary.items():
        if key == "run" and summary.get("schema_version") == 3:
            flat.update(value)  # in its place: schema 2 had these keys after schema_version
        else:
            flat[key] = value
    if flat.get("schema_version") == 3:
        flat["schema_version"] = 2
    for key in _RUN_VARIES:
        flat.pop(key, None)
    flat["tool"] = {k: v for k, v in flat["tool"].items() if k not in _TOOL_VARIES}
    flat["hosts"] = {
        host: {k: v for k, v in result.items() if k != "probe_seconds"}
        for host, result in flat["hosts"].items()
    }
    masked: dict[str, Any] = _masked(flat, lab_dir)
    return masked


def differences(expected: Any, got: Any, where: str = "$") -> list[str]:
    """One line per place where got is not expected, keys' order included."""
    if isinstance(expected, dict) and isinstance(got, dict):
        lines = []
        if list(expected) != list(got) and set(expected) == set(got):
            lines.append(f"{where}: keys in another order")
        for key in expected:
            if key not in got:
                lines.append(f"{where}.{key}: missing")
            else:
                lines.extend(differences(expected[key], got[key], f"{where}.{key}"))
        lines.extend(f"{where}.{key}: not in the golden file" for key in got if key not in expected)
        return lines
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        return [
            line
            for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for line in differences(e, g, f"{where}[{i}]")
        ]
    if expected != got:
        return [f"{where}: expected {expected!r:.300}, got {got!r:.300}"]
    return []


def comparable_junit(xml_text: str, lab_dir: str) -> dict[str, Any]:
    """The suite's properties, then per test case its outcome, message and properties."""
    root = ET.fromstring(xml_text)
    suites = []
    for suite in root.iter("testsuite"):
        cases = {}
        for case in suite.iter("testcase"):
            result: dict[str, Any] = {"outcome": "passed"}
            for tag in ("failure", "error", "skipped"):
                found = case.find(tag)
                if found is not None:
                    result = {"outcome": tag, "message": found.get("message", "")}
            result["properties"] = [(p.get("name"), p.get("value")) for p in case.iter("property")]
            cases[f"{case.get('classname')}::{case.get('name')}"] = result
        props = suite.find("properties")
        suites.append(
            {
                "name": suite.get("name"),
                "counts": {k: suite.get(k) for k in ("tests", "errors", "failures", "skipped")},
                "properties": [
                    (p.get("name"), p.get("value"))
                    for p in (props.iter("property") if props is not None else [])
                ],
                "cases": cases,
            }
        )
    masked: dict[str, Any] = _masked({"suites": suites}, lab_dir)
    return masked


class _Structure(HTMLParser):
    """An HTML page as a list of tags (with their attributes) and texts, in order.

    The page's embedded JSON (the data the page's script reads) is kept apart,
    parsed, to compare as data.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.data: dict[str, Any] = {}
        self._json_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/json":
            self._json_id = attributes.get("id") or "?"
        self.nodes.append(f"<{tag} {sorted(attributes.items())}>")

    def handle_endtag(self, tag: str) -> None:
        self._json_id = None
        self.nodes.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._json_id is not None:
            self.data[self._json_id] = json.loads(data)
        elif data.strip():
            self.nodes.append(" ".join(data.split()))


def comparable_html(html_text: str, lab_dir: str) -> dict[str, Any]:
    """The report's tags and texts in order, and its embedded data, times masked.

    The version and revision the page states are masked too: they are the
    suite's, not the fleet's.
    """
    parser = _Structure()
    parser.feed(html_text)
    nodes = [mask(node, lab_dir) for node in parser.nodes]
    labels = ("Duration", "Suite version", "Git revision")
    for i, node in enumerate(nodes[:-3]):
        if node in labels:  # <dt>label</dt><dd>value</dd>: the value is three nodes on
            nodes[i + 3] = "<varies>"
    masked: dict[str, Any] = {"nodes": nodes, "data": _masked(parser.data, lab_dir)}
    return masked


def comparable_lines(text: str, lab_dir: str) -> dict[str, Any]:
    """A text file (remediation.yml) line by line, times and the lab's folder masked."""
    return {"lines": [mask(line, lab_dir) for line in text.splitlines()]}
