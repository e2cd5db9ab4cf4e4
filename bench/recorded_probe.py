"""pytest plugin for bench/runner_bench.py: every host answers with one recorded probe output.

Loaded with ``-p recorded_probe`` (bench/ on PYTHONPATH). It replaces the fleet's
ProbeRun, so no host is contacted: each host's facts are parsed from the
recording named by LTD_BENCH_RECORDING (framed with LTD_BENCH_NONCE), once per
host as a real run parses each host's answer. Everything after probing (the
checks, pytest's tests, the reports) runs as in a real run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from logtail_doctor import fleet
from logtail_doctor.probe import parse_linux_probe
from logtail_doctor.transport import ConnectionOptions, ProbeResult, Progress, Target


class RecordedProbeRun:
    """What fleet.diagnose asks of ProbeRun, answered from the recording."""

    def __init__(
        self, targets: list[Target], options: ConnectionOptions, max_connections: int
    ) -> None:
        self._hosts = [t.host_id for t in targets]
        self._stdout = Path(os.environ["LTD_BENCH_RECORDING"]).read_bytes()
        self._nonce = os.environ["LTD_BENCH_NONCE"]

    def results(
        self, on_progress: Callable[[Progress], None] | None = None, every: float = 1.0
    ) -> dict[str, ProbeResult]:
        return {
            host_id: ProbeResult(host_id, parse_linux_probe(self._stdout, self._nonce), None, 0.0)
            for host_id in self._hosts
        }

    def progress(self) -> Progress:
        return Progress(len(self._hosts), len(self._hosts), 0, 0.0)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    fleet.ProbeRun = RecordedProbeRun  # type: ignore[attr-defined,assignment]
