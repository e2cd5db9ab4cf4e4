"""ProbeRun: hosts probed concurrently, each and all within their bounds."""

from __future__ import annotations

import threading
import time

import pytest

from logtail_doctor.transport import (
    ConnectionOptions,
    ProbeResult,
    ProbeRun,
    Progress,
    Target,
    expand_targets,
    probe_run,
)


def _targets(*hosts: str) -> list[Target]:
    return expand_targets([f"ssh://root@{h}" for h in hosts], ConnectionOptions())


def test_hosts_are_probed_at_once_up_to_max_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each probe waits at a barrier of two: only two probes running at the same
    # time get past it. A run that probed one host at a time would break it.
    both_running = threading.Barrier(2, timeout=5)
    lock = threading.Lock()
    running = 0
    most_at_once = 0

    def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
        nonlocal running, most_at_once
        with lock:
            running += 1
            most_at_once = max(most_at_once, running)
        try:
            both_running.wait()
            time.sleep(0.1)  # a third probe now would be counted
        finally:
            with lock:
                running -= 1
        return ProbeResult(target.host_id, None, f"probed {target.host_id}", 0.0)

    monkeypatch.setattr(probe_run, "probe", probe)
    targets = _targets("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")
    results = ProbeRun(targets, ConnectionOptions(), max_connections=2).results()
    assert {h: r.error for h, r in results.items()} == {
        t.host_id: f"probed {t.host_id}" for t in targets
    }
    assert most_at_once == 2


def test_a_host_past_its_bound_is_reported_and_the_others_still_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stuck = threading.Event()

    def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
        if target.host_id.endswith("10.0.0.1"):
            stuck.wait(30)  # a backend that ignores its own bound
        return ProbeResult(target.host_id, None, "answered", 0.0)

    monkeypatch.setattr(probe_run, "probe", probe)
    monkeypatch.setattr(probe_run, "WATCHDOG_SLACK", 0.2)
    options = ConnectionOptions(connect_timeout=1, command_timeout=1)
    hung, *others = _targets("10.0.0.1", "10.0.0.2", "10.0.0.3")
    started = time.monotonic()
    try:
        results = ProbeRun([hung, *others], options, max_connections=1).results()
    finally:
        stuck.set()
    elapsed = time.monotonic() - started
    assert (results[hung.host_id].error or "").startswith("no answer within"), results[hung.host_id]
    assert [results[t.host_id].error for t in others] == ["answered", "answered"]
    # One connection: the hung host's worker is abandoned and replaced at its bound.
    assert elapsed < options.host_limit + 0.2 + 5, elapsed


def test_a_probe_that_raises_gives_that_host_an_error_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
        if target.host_id.endswith("10.0.0.1"):
            raise RuntimeWarning("a warning turned into an error")
        return ProbeResult(target.host_id, None, "answered", 0.0)

    monkeypatch.setattr(probe_run, "probe", probe)
    broken, other = _targets("10.0.0.1", "10.0.0.2")
    started = time.monotonic()
    results = ProbeRun([broken, other], ConnectionOptions(), max_connections=1).results()
    assert results[broken.host_id].error == (
        "internal error while probing: RuntimeWarning: a warning turned into an error"
    )
    assert results[other.host_id].error == "answered"  # the same worker went on
    assert time.monotonic() - started < 5  # not left to the watchdog's bound


def test_progress_lines_say_how_far_and_how_long_is_left() -> None:
    early = Progress(0, 500, 0, 1.2)
    assert early.line() == "probing: 0/500 hosts, 0 unreachable, 1 s elapsed, time left unknown"
    midway = Progress(100, 500, 3, 20.0)
    assert midway.left_seconds == 80.0
    assert midway.line() == "probing: 100/500 hosts, 3 unreachable, 20 s elapsed, about 80 s left"
    done = Progress(500, 500, 3, 100.0)
    assert done.final_line() == "probed 500 hosts in 100.0 s (5.0 hosts/s), 3 unreachable"
    assert done.as_dict() == {
        "hosts": 500,
        "unreachable": 3,
        "seconds": 100.0,
        "hosts_per_second": 5.0,
    }
