"""`logtail-doctor watch` (logtail_doctor.watch): its bounds, its state, its HTTP answers.

A run here is a small Python program in a real subprocess standing in for the
diagnosis (the real one over SSH is tests/e2e/test_watch.py): it writes a
metrics file and exits as a run would, or hangs, or fails.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from logtail_doctor import watch
from logtail_doctor.cli import main as cli_main
from tests.support.prometheus_stack import http_get

RUN_METRICS = b"""# HELP logtail_doctor_hosts Hosts.
# TYPE logtail_doctor_hosts gauge
logtail_doctor_hosts{status="healthy"} 2.0
# HELP logtail_doctor_last_run_timestamp_seconds the run's own
# TYPE logtail_doctor_last_run_timestamp_seconds gauge
logtail_doctor_last_run_timestamp_seconds 12.0
"""


class _Stand(watch.Watch):
    """The watch with a stand-in program as its run."""

    program: str = ""

    def command(self) -> list[str]:
        return [sys.executable, "-c", self.program, str(self.metrics)]


def _watch(tmp_path: Path, program: str, run_timeout: float = 30.0) -> _Stand:
    state = watch.WatchState(interval_seconds=0.1, report=tmp_path / "report.html")
    stand = _Stand([], state, tmp_path / "metrics.prom", run_timeout, tmp_path / "run.log")
    stand.program = program
    stand.out = io.StringIO()
    return stand


WRITES_AND_EXITS_1 = (
    "import os, sys, pathlib; p = pathlib.Path(sys.argv[1]); t = p.with_suffix('.tmp'); "
    f"t.write_bytes({RUN_METRICS!r}); os.replace(t, p); sys.exit(1)"
)
EXITS_1_WRITING_NOTHING = "import sys; sys.exit(1)"
HANGS = "import time; print('started', flush=True); time.sleep(600)"


def _samples(stand: _Stand) -> dict[str, float]:
    from logtail_doctor.outputs.metrics import exposition  # noqa: PLC0415

    text = exposition(stand.state.families()).decode()
    return {
        s.name + "".join(f"{k}={v}" for k, v in sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_a_run_that_writes_its_metrics_and_exits_1_is_a_success(tmp_path: Path) -> None:
    stand = _watch(tmp_path, WRITES_AND_EXITS_1)
    assert stand.run_once() == "success"
    samples = _samples(stand)
    assert samples["logtail_doctor_hostsstatus=healthy"] == 2.0
    assert samples["logtail_doctor_last_run_success"] == 1.0
    assert samples["logtail_doctor_last_run_exit_code"] == 1.0
    assert samples["logtail_doctor_watch_runs_totalresult=success"] == 1.0
    # The run's own last_run_timestamp is replaced by the end of the watch's last attempt.
    assert samples["logtail_doctor_last_run_timestamp_seconds"] > 1_700_000_000


def test_a_run_that_writes_no_metrics_is_a_failure_and_the_last_verdict_stays(
    tmp_path: Path,
) -> None:
    stand = _watch(tmp_path, WRITES_AND_EXITS_1)
    assert stand.run_once() == "success"
    stand.program = EXITS_1_WRITING_NOTHING
    assert stand.run_once() == "failure"
    samples = _samples(stand)
    assert samples["logtail_doctor_last_run_success"] == 0.0
    assert samples["logtail_doctor_hostsstatus=healthy"] == 2.0  # the last good run's
    assert samples["logtail_doctor_watch_runs_totalresult=failure"] == 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _run_pid(log: Path) -> Iterator[int]:
    # The stand-in's pid: the only process whose cmdline holds the HANGS program.
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if HANGS.encode() in cmdline and str(log.parent).encode() in cmdline:
                yield int(entry.name)


def test_a_run_past_its_timeout_is_ended_with_its_process_group(tmp_path: Path) -> None:
    stand = _watch(tmp_path, HANGS, run_timeout=1.0)
    began = time.monotonic()
    assert stand.run_once() == "timeout"
    assert time.monotonic() - began < 1.0 + watch.STOP_GRACE_SECONDS
    assert list(_run_pid(stand.log)) == []
    samples = _samples(stand)
    assert samples["logtail_doctor_last_run_success"] == 0.0
    assert samples["logtail_doctor_watch_runs_totalresult=timeout"] == 1.0
    assert samples["logtail_doctor_last_run_exit_code"] == -9.0


def test_stopping_ends_the_run_in_flight_at_once(tmp_path: Path) -> None:
    stand = _watch(tmp_path, HANGS, run_timeout=600)
    threading.Timer(0.5, stand.stop.set).start()
    began = time.monotonic()
    assert stand.loop() == 0
    # SIGTERM ends the stand-in at once; the bound is the grace.
    assert time.monotonic() - began < 0.5 + watch.STOP_GRACE_SECONDS
    assert list(_run_pid(stand.log)) == []


def test_metrics_always_answer_200_and_the_page_links_the_report(tmp_path: Path) -> None:
    stand = _watch(tmp_path, EXITS_1_WRITING_NOTHING)
    server = watch.serve(stand.state, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, content_type, body = http_get(f"{base}/metrics")
        assert status == 200  # before any run
        assert content_type.startswith("text/plain; version=0.0.4")
        assert b"logtail_doctor_watch_run_in_progress 0.0" in body
        assert stand.run_once() == "failure"
        status, _, body = http_get(f"{base}/metrics")
        assert status == 200  # a failed run is a sample, not an error status
        assert b"logtail_doctor_last_run_success 0.0" in body
        assert http_get(f"{base}/report.html")[0] == 404  # no report yet
        (tmp_path / "report.html").write_text("<html>the report</html>")
        assert http_get(f"{base}/report.html")[2] == b"<html>the report</html>"
        index = http_get(f"{base}/")
        assert index[0] == 200
        assert b"<a href='report.html'>" in index[2]
        assert http_get(f"{base}/healthz")[0] == 200
        assert http_get(f"{base}/elsewhere")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval=5m"], "--targets FILE is needed"),
        (["--interval=soon", "--targets=t.yaml"], "--interval 'soon': expected a duration"),
        (["--listen=9847", "--targets=t.yaml"], "--listen '9847': expected HOST:PORT"),
        (["--run-timeout=0", "--targets=t.yaml"], "--run-timeout '0': expected a duration"),
        (["--targets=t.yaml", "--metrics="], "--metrics cannot be empty"),
    ],
)
def test_usage_errors_are_one_line_and_exit_4(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["watch", *args]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("ERROR: logtail-doctor watch: ")
    assert message in err


def test_durations_listen_and_the_runs_options() -> None:
    assert watch.parse_duration("5m", "--interval") == 300
    assert watch.parse_duration("1.5h", "--interval") == 5400
    assert watch.parse_duration("90", "--interval") == 90
    assert watch.parse_duration("500ms", "--interval") == 0.5
    assert watch.parse_listen("[::1]:9847") == ("::1", 9847)
    assert watch.parse_listen("0.0.0.0:80") == ("0.0.0.0", 80)
    args = ["--targets", "t.yaml", "--metrics", "a.prom", "--metrics=b.prom"]
    assert watch.option_value(args, "--metrics", "reports/metrics.prom") == "b.prom"
    assert watch.option_value(args, "--report", "reports/report.html") == "reports/report.html"


def test_it_listens_on_ipv6_loopback_too(tmp_path: Path) -> None:
    stand = _watch(tmp_path, EXITS_1_WRITING_NOTHING)
    host, port = watch.parse_listen("[::1]:0")
    server = watch.serve(stand.state, host, port)
    try:
        status, _, body = http_get(f"http://[::1]:{server.server_address[1]}/metrics")
        assert status == 200
        assert b"logtail_doctor_watch_interval_seconds 0.1" in body
    finally:
        server.shutdown()
        server.server_close()
