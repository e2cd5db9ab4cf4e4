"""The agent's own log (ilogtail.LOG / loongcollector.LOG): its lines, its restarts, its warnings.

The probe sends at most the last 64 KiB of the log (``tail -c``); this module
reads that tail, pure. A line is ``[time]\\t[level]\\t[thread]\\t[src:line]\\tmessage``
(the agent's spdlog pattern ``[%Y-%m-%d %H:%M:%S.%f]\\t[%l]\\t[%t]\\t%v``, where
the LOG_* macros put ``[src:line]\\t`` in front of the message); its time is
the host's local time, so the runner needs the host's UTC offset to compare it
with the host's clock. Only lines of the last hour are judged (``recent``):
an older restart says nothing about the agent now.

Nothing here guesses: three restart causes are recognised by the exact words
the agent's source writes before it restarts itself (``RESTART_CAUSES``), and
every other warning or error line is only shown, as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

# Seconds of log the checks judge, back from the host's clock (texts say "the last hour").
WINDOW_SECONDS = 3600
# What the report shows of the other warning and error lines: the newest ones, each cut.
EVIDENCE_LINES = 20
EVIDENCE_CHARS = 300

_LINE_RE = re.compile(
    r"\[(?P<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.\d{1,9})?\]\t"
    r"\[(?P<level>[A-Za-z]{1,10})\]\t"
    r"\[(?P<thread>[^\]\t]{0,40})\]\t"
    r"(?:\[(?P<source>[^\]\t]{1,200})\]\t)?"
    r"(?P<message>.*)"
)
# spdlog writes its level names in lower case; other builds write them upper case.
_LEVELS = {
    "trace": "trace",
    "debug": "debug",
    "info": "info",
    "warn": "warning",
    "warning": "warning",
    "err": "error",
    "error": "error",
    "critical": "critical",
    "fatal": "critical",
}
_SERIOUS = frozenset(("warning", "error", "critical"))


@dataclass(frozen=True)
class RestartCause:
    """A reason the agent restarts itself, by the words its source logs just before."""

    name: str  # "resource_limit" | "ip_changed" | "config_watchdog"
    words: str  # a fragment of the logged line, matched case-sensitively
    source: tuple[str, str, str]  # where the agent's source logs it (tree, path, lines)


RESTART_CAUSES: tuple[RestartCause, ...] = (
    RestartCause(
        "resource_limit",
        "Resource used by program exceeds upper limit",
        ("loongcollector", "core/monitor/Monitor.cpp", "190-230"),
    ),
    RestartCause(
        "ip_changed",
        "host ip changed during running, prepare to restart",
        ("loongcollector", "core/monitor/Monitor.cpp", "407-425"),
    ),
    RestartCause(
        "config_watchdog",
        "last config get time is too old",
        ("loongcollector", "core/application/Application.cpp", "465-477"),
    ),
)


@dataclass(frozen=True)
class LogLine:
    time: str  # as written: "2026-12-06 22:10:01" (the host's local time)
    local_seconds: int  # that time read as if it were UTC: subtract the host's offset
    level: str  # normalised: trace, debug, info, warning, error, critical; else as written
    text: str  # the whole line as written (control characters but tab replaced)
    message: str  # its message and key:value pairs, after the bracketed fields

    def epoch(self, utc_offset: int) -> int:
        return self.local_seconds - utc_offset


@dataclass(frozen=True)
class Restart:
    cause: RestartCause
    line: LogLine


@dataclass(frozen=True)
class AgentLog:
    """What the tail of the log holds, in the host's order (oldest first)."""

    lines: tuple[LogLine, ...]
    other_lines: int  # lines not in the agent's format (binary, a cut first line, another writer)
    first_line_cut: bool  # the tail began inside a line: that part was dropped


def parse_agent_log(text: str, truncated: bool) -> AgentLog:
    """The lines of a log tail; truncated: the tail did not start at the file's start."""
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    cut = False
    if truncated and raw:
        # tail -c starts anywhere: the first line is a fragment unless the cut fell
        # on a line start, which cannot be known: drop it either way.
        raw.pop(0)
        cut = True
    lines: list[LogLine] = []
    other = 0
    for entry in raw:
        line = _parse_line(entry.rstrip("\r"))
        if line is None:
            other += 1 if entry.strip() else 0
        else:
            lines.append(line)
    return AgentLog(tuple(lines), other, cut)


def _parse_line(entry: str) -> LogLine | None:
    match = _LINE_RE.fullmatch(entry)
    if match is None:
        return None
    try:
        when = datetime.strptime(match["time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    level = _LEVELS.get(match["level"].lower(), match["level"].lower())
    seconds = int(when.timestamp())
    return LogLine(match["time"], seconds, level, _printable(entry), _printable(match["message"]))


def _printable(text: str) -> str:
    """The line with control characters (binary bytes, escapes) shown as U+FFFD, tabs kept."""
    return "".join(ch if ch == "\t" or (ch >= " " and ch != "\x7f") else "\ufffd" for ch in text)


def recent(log: AgentLog, host_epoch: int, utc_offset: int) -> tuple[LogLine, ...]:
    """The lines written in the WINDOW_SECONDS before the host's clock said host_epoch."""
    start = host_epoch - WINDOW_SECONDS
    return tuple(line for line in log.lines if line.epoch(utc_offset) >= start)


def restarts(lines: Sequence[LogLine]) -> tuple[Restart, ...]:
    """The lines that announce a self-restart, oldest first."""
    found = []
    for line in lines:
        for cause in RESTART_CAUSES:
            if cause.words in line.text:
                found.append(Restart(cause, line))
                break
    return tuple(found)


def unexplained(lines: Sequence[LogLine]) -> tuple[str, ...]:
    """The newest warning/error lines that are not a known restart, each cut to EVIDENCE_CHARS."""
    serious = [
        line.text
        for line in lines
        if line.level in _SERIOUS and not any(c.words in line.text for c in RESTART_CAUSES)
    ]
    return tuple(_cut(text) for text in serious[-EVIDENCE_LINES:])


def _cut(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 4] + " ..."


def parse_utc_offset(text: str) -> int | None:
    """`date +%z` (+0800, -0330) in seconds east of UTC; None when it is not one."""
    match = re.fullmatch(r"([+-])(\d{2})(\d{2})", text.strip())
    if match is None:
        return None
    seconds = int(match[2]) * 3600 + int(match[3]) * 60
    return -seconds if match[1] == "-" else seconds
