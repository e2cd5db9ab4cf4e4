"""Writing an output file atomically: a reader never sees half of it.

summary.json is written a key per line and a host per line (json_lines), so
that a large fleet's summary is readable and encoded by json's C encoder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = ["json_lines", "json_text", "write_json", "write_text"]


def write_json(path: Path, document: Mapping[str, object]) -> None:
    """Write atomically, so a reader never sees half a summary; a line at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.writelines(json_lines(document))
    tmp.replace(path)


def json_text(document: Mapping[str, object]) -> str:
    """The text write_json writes."""
    return "".join(json_lines(document))


def json_lines(document: Mapping[str, object]) -> Iterator[str]:
    """A key per line, a host per line: readable, and written by json's C encoder.

    json.dumps with indent= runs its pure-Python encoder: 4.3 s for the 40 MB
    summary of 2,000 hosts (bench/runner_bench.py); compact values are encoded in C.
    "hosts" may be an iterator of (host, value) pairs (to_json(streamed=True)):
    each host is encoded when its line is written, never all at once.
    """

    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    separator = "{\n"
    for key, value in document.items():
        if key == "hosts" and isinstance(value, dict | Iterator):
            pairs = iter(value.items()) if isinstance(value, dict) else value
            yield f"{separator}  {compact(key)}: {{"
            between = "\n"
            for host, host_value in pairs:
                yield f"{between}    {compact(host)}: {compact(host_value)}"
                between = ",\n"
            yield "}" if between == "\n" else "\n  }"
        else:
            yield f"{separator}  {compact(key)}: {compact(value)}"
        separator = ",\n"
    yield "{\n\n}\n" if separator == "{\n" else "\n}\n"


def write_text(path: Path, text: str) -> None:
    """Write atomically, so a browser never opens half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
