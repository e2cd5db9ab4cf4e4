"""ProbeRun: each host's result as soon as that host is done, all within the bound."""

from __future__ import annotations

import threading
import time

import pytest

from logtail_doctor.transport import (
    ConnectionOptions,
    ProbeResult,
    ProbeRun,
    Target,
    expand_targets,
    probe_run,
)


def _targets(*hosts: str) -> list[Target]:
    return expand_targets([f"ssh://root@{h}" for h in hosts], ConnectionOptions())


def test_a_host_is_ready_while_a_slower_one_is_still_probed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()

    def probe(target: Target, options: ConnectionOptions) -> ProbeResult:
        if target.host_id.endswith("10.0.0.2"):
            assert release.wait(10), "the test never released the slow host"
        return ProbeResult(target.host_id, None, f"probed {target.host_id}", 0.0)

    monkeypatch.setattr(probe_run, "probe", probe)
    fast, slow = _targets("10.0.0.1", "10.0.0.2")
    run = ProbeRun([fast, slow], ConnectionOptions(), max_connections=2)
    try:
        started = time.monotonic()
        assert run.result(fast.host_id).error == f"probed {fast.host_id}"
        # It came while the slow host was still held (release waits up to 10 s).
        assert time.monotonic() - started < 5
    finally:
        release.set()
    assert run.result(slow.host_id).error == f"probed {slow.host_id}"


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
