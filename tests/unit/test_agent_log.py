"""The agent's own log and its CA bundle: the parser on sample logs, the probe's real lab runs.

tests/data/agent_log/*.LOG are lines in the agent's format (its logger's pattern
``[%Y-%m-%d %H:%M:%S.%f]\\t[%l]\\t[%t]\\t%v``, with the words its source logs),
written for these tests. tests/data/probe/lab_agent_log/*.txt are unedited
outputs of linux.sh run inside hosts of lab/scenarios/agent_log.yaml (nonce
make_cases.NONCE, LTD_STEP=5, LTD_AGENT_TLS=1 as --agent-tls sets it): a healthy
host, a TLS-inspecting middlebox, two self-restarts, a 2 GiB log, a binary log, a
symlink loop, no CA bundle; and healthy-without-agent-tls.txt, the healthy host
probed without LTD_AGENT_TLS.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logtail_doctor.agent_log import (
    EVIDENCE_CHARS,
    EVIDENCE_LINES,
    parse_agent_log,
    parse_utc_offset,
    recent,
    restarts,
    unexplained,
)
from logtail_doctor.catalogue import spec
from logtail_doctor.checks.host import Expectation, Host
from logtail_doctor.facts import FileState
from logtail_doctor.outcome import Status
from logtail_doctor.probe.common import VALUE_LIMIT
from logtail_doctor.probe.linux import parse_linux_probe
from logtail_doctor.targets import Project

DATA = Path(__file__).resolve().parents[1] / "data"
LOGS = DATA / "agent_log"
LAB_RUNS = DATA / "probe" / "lab_agent_log"
NONCE = "7e57da7a" * 4
# tests/data/checks/_base: the host's clock, 2026-11-24 22:36:12 UTC.
EPOCH = 1795559772


def _log(name: str) -> str:
    return (LOGS / name).read_text(encoding="utf-8", errors="replace")


def test_a_healthy_log_has_three_lines_and_no_restart() -> None:
    log = parse_agent_log(_log("healthy.LOG"), truncated=False)
    assert [line.level for line in log.lines] == ["info", "info", "info"]
    assert log.lines[0].time == "2026-11-24 21:36:12"
    assert log.lines[0].message.startswith("load logtail config file, path:")
    assert log.other_lines == 0
    assert not restarts(log.lines)


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("resource_limit_restart.LOG", "resource_limit"),
        ("ip_changed_restart.LOG", "ip_changed"),
        ("config_watchdog_restart.LOG", "config_watchdog"),
    ],
)
def test_each_restart_cause_is_found_by_its_own_words(name: str, cause: str) -> None:
    log = parse_agent_log(_log(name), truncated=False)
    found = restarts(recent(log, EPOCH, 0))
    assert [r.cause.name for r in found] == [cause]
    assert found[0].line.level == "error"


def test_the_window_is_the_hour_before_the_hosts_clock() -> None:
    log = parse_agent_log(_log("restart_two_hours_ago.LOG"), truncated=False)
    assert restarts(log.lines)  # in the log ...
    assert not restarts(recent(log, EPOCH, 0))  # ... but two hours old
    # The same lines an hour and a half later on the host's clock: none is recent.
    assert recent(log, EPOCH + 5400, 0) == ()


def test_local_times_are_placed_with_the_hosts_utc_offset() -> None:
    log = parse_agent_log(_log("local_time_upper_case.LOG"), truncated=False)
    assert [line.level for line in log.lines] == ["error", "info"]  # ERROR, INFO as written
    # 06:10 at +0800 is 22:10 UTC, 26 minutes before EPOCH; at +1400 it is 16:10 UTC, six
    # hours old. Lines after the host's clock (one stepped back) still count.
    assert len(recent(log, EPOCH, 8 * 3600)) == 2
    assert recent(log, EPOCH, 14 * 3600) == ()
    assert len(recent(log, EPOCH, 0)) == 2


def test_a_tail_that_starts_inside_a_line_drops_that_fragment() -> None:
    text = _log("tail_cut_mid_line.LOG")
    log = parse_agent_log(text, truncated=True)
    # The fragment holds a restart's words: not judged, and not counted as a line.
    assert not restarts(log.lines)
    assert log.first_line_cut
    assert log.other_lines == 1  # the binary junk line
    whole = parse_agent_log(text, truncated=False)
    assert whole.other_lines == 2


def test_binary_bytes_without_a_newline_give_no_line() -> None:
    data = (LOGS / "binary_no_newline.LOG").read_bytes()
    log = parse_agent_log(data.decode("utf-8", "replace"), truncated=True)
    assert log.lines == ()
    assert parse_agent_log(data.decode("utf-8", "replace"), truncated=False).other_lines == 1


def test_unexplained_lines_are_bounded_and_kept_as_written() -> None:
    lines = "".join(
        f"[2026-11-24 22:{i:02d}:00.000000]\t[warning]\t[7]\t[a.cpp:1]\tline {i} "
        + "x" * 400
        + "\n"
        for i in range(30)
    )
    lines += "[2026-11-24 22:31:00.000000]\t[error]\t[7]\t[b.cpp:2]\tbell \x07 <b>&</b>\n"
    log = parse_agent_log(lines, truncated=False)
    shown = unexplained(log.lines)
    assert len(shown) == EVIDENCE_LINES
    assert all(len(text) <= EVIDENCE_CHARS for text in shown)
    assert shown[-1].endswith("bell \ufffd <b>&</b>")  # a control byte replaced, markup kept
    assert "line 11 " in shown[0]  # the newest twenty: 11..29 and the error


def test_known_restarts_are_not_repeated_as_unexplained() -> None:
    log = parse_agent_log(_log("resource_limit_restart.LOG"), truncated=False)
    shown = unexplained(log.lines)
    assert len(shown) == 1
    assert "soft limit" in shown[0]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("+0000", 0),
        ("+0800", 28800),
        ("-0330", -12600),
        ("+0545", 20700),
        ("UTC", None),
        ("", None),
    ],
)
def test_utc_offset(text: str, seconds: int | None) -> None:
    assert parse_utc_offset(text) == seconds


# --- the probe's real runs in the lab -------------------------------------------------------


def _judge(name: str) -> dict[str, tuple[Status, str]]:
    facts = parse_linux_probe((LAB_RUNS / f"{name}.txt").read_bytes(), NONCE)
    project = Project("web-logs", "cn-hangzhou", "intranet")
    host = Host(facts, Expectation(project, ("1234567890123456",), None, ()))
    outcomes = {}
    for check_id in ("step1.stable", "step2.tls", "step2.https"):
        judge = spec(check_id).judge
        assert judge is not None
        outcome = judge(host)
        outcomes[check_id] = (outcome.status, outcome.found.key)
    return outcomes


def test_lab_healthy_host_reads_its_log_bundle_and_tls() -> None:
    facts = parse_linux_probe((LAB_RUNS / "healthy.txt").read_bytes(), NONCE)
    assert facts.utc_offset == 0
    assert facts.agent_log is not None
    assert facts.agent_log.present
    assert facts.agent_log.path == "/usr/local/ilogtail/ilogtail.LOG"
    assert facts.ca_bundle is not None
    assert facts.ca_bundle.state is FileState.PRESENT
    assert facts.agent_tls is not None
    assert (facts.agent_tls.rc, facts.agent_tls.status) == (0, 405)
    assert _judge("healthy") == {
        "step1.stable": (Status.PASSED, "step1.stable.found.ok"),
        "step2.tls": (Status.PASSED, "step2.tls.found.ok"),
        "step2.https": (Status.PASSED, "step2.https.found.ok"),
    }


def test_lab_middlebox_passes_with_k_and_fails_with_the_agents_bundle() -> None:
    facts = parse_linux_probe((LAB_RUNS / "tls-inspected.txt").read_bytes(), NONCE)
    assert facts.agent_tls is not None
    assert facts.agent_tls.rc == 60
    assert "certificate" in facts.agent_tls.error
    judged = _judge("tls-inspected")
    assert judged["step2.https"][0] is Status.PASSED
    assert judged["step2.tls"] == (Status.FAILED, "step2.tls.found")


@pytest.mark.parametrize("name", ["restarted-limit", "restarted-ip"])
def test_lab_self_restarts_fail_stable(name: str) -> None:
    assert _judge(name)["step1.stable"] == (Status.FAILED, "step1.stable.found")


def test_lab_huge_log_is_read_bounded_and_judged_on_its_last_lines() -> None:
    facts = parse_linux_probe((LAB_RUNS / "huge-log.txt").read_bytes(), NONCE)
    assert facts.agent_log is not None
    assert len(facts.agent_log.content.encode()) == VALUE_LIMIT  # of 2 GiB
    assert facts.agent_log.truncated
    assert _judge("huge-log")["step1.stable"] == (Status.PASSED, "step1.stable.found.ok")


def test_lab_binary_log_and_symlink_loop_are_clear_skips() -> None:
    assert _judge("binary-log")["step1.stable"] == (Status.SKIPPED, "step1.stable.skip.no_lines")
    loop = parse_linux_probe((LAB_RUNS / "log-loop.txt").read_bytes(), NONCE)
    assert loop.agent_log is not None
    assert loop.agent_log.state is FileState.NOT_REGULAR
    assert _judge("log-loop")["step1.stable"] == (Status.SKIPPED, "step1.stable.skip.not_regular")


def test_lab_host_without_a_bundle_is_not_judged_and_runs_no_extra_transfer() -> None:
    facts = parse_linux_probe((LAB_RUNS / "no-ca-bundle.txt").read_bytes(), NONCE)
    assert facts.ca_bundle is not None
    assert facts.ca_bundle.state is FileState.ABSENT
    assert facts.agent_tls is None
    assert _judge("no-ca-bundle")["step2.tls"] == (Status.SKIPPED, "step2.tls.skip.no_bundle")


def test_lab_without_agent_tls_the_bundle_is_seen_but_not_loaded() -> None:
    facts = parse_linux_probe((LAB_RUNS / "healthy-without-agent-tls.txt").read_bytes(), NONCE)
    assert facts.ca_bundle is not None
    assert facts.ca_bundle.state is FileState.PRESENT
    assert facts.agent_tls is None
    https = facts.http["https://logtail.cn-hangzhou-intranet.log.aliyuncs.com"]
    assert (https.rc, https.status) == (0, 405)  # still fetched, with -k
    assert _judge("healthy-without-agent-tls")["step2.tls"] == (
        Status.SKIPPED,
        "step2.tls.skip.not_probed",
    )
