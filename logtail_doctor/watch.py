"""`logtail-doctor watch`: a diagnosis every interval, its metrics served on /metrics.

    logtail-doctor watch [--interval 5m] [--listen 127.0.0.1:9847] [--run-timeout D]
                         --targets FILE [every option of a run]

Each cycle runs the diagnosis in a fresh process, the very command a user
types (`logtail-doctor --targets ... `), bounded by --run-timeout: a long
fleet run never happens inside a scrape (Prometheus gives up after 10 s), and
a fresh interpreter per run keeps this process's memory flat. The runs write
into the same reports folder, so each compares with the previous one (the
baseline: "what changed", --fail-on new) as scheduled runs do.

/metrics serves what the last successful run wrote to its --metrics file, plus
this process's own gauges (did the last run succeed, when did it end, runs
per result), always with HTTP 200: a failed or overdue run is a sample, not
an error status (Prometheus drops every sample of a non-200 scrape). / links
the latest report.html, served at /report.html. SIGTERM or SIGINT stop the
run in flight (SIGTERM to its process group, SIGKILL after a grace) and end
the watch.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

from logtail_doctor.arguments import USAGE_ERROR, OneLineParser

DEFAULT_LISTEN = "127.0.0.1:9847"
DEFAULT_INTERVAL = "5m"
# After SIGTERM, how long the run in flight gets to end before SIGKILL.
STOP_GRACE_SECONDS = 10.0
# The run's families this process replaces with its own (the end of the last attempt).
_OWN = frozenset({"logtail_doctor_last_run_timestamp_seconds"})
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)?")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
RESULTS = ("success", "failure", "timeout")


class WatchError(ValueError):
    """A bad option of the watch: one line."""


def parse_duration(text: str, what: str) -> float:
    """5m, 30s, 1h, 1.5m, 500ms, or plain seconds."""
    match = _DURATION_RE.fullmatch(text.strip())
    if match is None or float(match.group(1)) <= 0:
        raise WatchError(f"{what} {text!r}: expected a duration such as 30s, 5m or 1h")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]


def parse_listen(text: str) -> tuple[str, int]:
    """HOST:PORT or [IPv6]:PORT; port 0 picks a free one."""
    host, colon, port = text.rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise WatchError(f"--listen {text!r}: expected HOST:PORT, e.g. {DEFAULT_LISTEN}")
    return host, int(port)


def option_value(args: Sequence[str], name: str, default: str) -> str:
    """The value of a run's option as pytest reads it (the last one; `--o v` or `--o=v`)."""
    value = default
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(f"{name}="):
            value = arg.split("=", 1)[1]
    return value


@dataclass
class WatchState:
    """What /metrics and / say; written by the loop, read by the server's threads (lock)."""

    interval_seconds: float
    report: Path
    run_families: list[Metric] = field(default_factory=list)  # the last successful run's
    last_attempt_end: float | None = None
    last_success: bool | None = None
    last_exit_code: int | None = None
    in_progress: bool = False
    runs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS, 0))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def families(self) -> list[Metric]:
        with self.lock:
            own: list[Metric] = []
            if self.last_attempt_end is not None:
                own.append(
                    GaugeMetricFamily(
                        "logtail_doctor_last_run_timestamp_seconds",
                        "When the last run ended (unix seconds), whatever its result.",
                        value=self.last_attempt_end,
                    )
                )
            if self.last_success is not None:
                own.append(
                    GaugeMetricFamily(
                        "logtail_doctor_last_run_success",
                        "1 if the last run produced a verdict (exit 0 or 1 and its metrics "
                        "written), else 0: the other families are then the last successful "
                        "run's.",
                        value=1 if self.last_success else 0,
                    )
                )
            if self.last_exit_code is not None:
                own.append(
                    GaugeMetricFamily(
                        "logtail_doctor_last_run_exit_code",
                        "The last run's exit code (0 no failing host, 1 failing hosts, 4 usage "
                        "error; -9 killed at --run-timeout).",
                        value=self.last_exit_code,
                    )
                )
            runs = CounterMetricFamily(
                "logtail_doctor_watch_runs",
                "Runs since this watch started, by result (success, failure, timeout).",
                labels=["result"],
            )
            for result, count in self.runs.items():
                runs.add_metric([result], count)
            own.append(runs)
            own.append(
                GaugeMetricFamily(
                    "logtail_doctor_watch_interval_seconds",
                    "The watch's --interval: a run starts this often.",
                    value=self.interval_seconds,
                )
            )
            own.append(
                GaugeMetricFamily(
                    "logtail_doctor_watch_run_in_progress",
                    "1 while a run is in flight.",
                    value=1 if self.in_progress else 0,
                )
            )
            return [f for f in self.run_families if f.name not in _OWN] + own


class _StateCollector(Collector):
    def __init__(self, state: WatchState) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        yield from self.state.families()


def read_run_metrics(path: Path) -> list[Metric]:
    """The families a run wrote (its --metrics file), parsed once per run, not per scrape."""
    text = path.read_text(encoding="utf-8")
    return list(text_string_to_metric_families(text))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


class _Handler(http.server.BaseHTTPRequestHandler):
    state: WatchState
    registry: CollectorRegistry
    server_version = "logtail-doctor-watch"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            encoder, content_type = choose_encoder(self.headers.get("Accept", ""))
            self._send(200, content_type, encoder(self.registry))
        elif path == "/":
            self._send(200, "text/html; charset=utf-8", self._index().encode("utf-8"))
        elif path == "/report.html":
            try:
                body = self.state.report.read_bytes()
            except OSError:
                self._send(404, "text/plain; charset=utf-8", b"no report.html yet\n")
                return
            self._send(200, "text/html; charset=utf-8", body)
        elif path == "/healthz":
            self._send(200, "text/plain; charset=utf-8", b"ok\n")
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: /metrics, /, /report.html\n")

    def _index(self) -> str:
        with self.state.lock:
            ended = self.state.last_attempt_end
            success = self.state.last_success
        when = (
            time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ended))
            if ended is not None
            else "no run has ended yet"
        )
        result = {True: "succeeded", False: "failed", None: "-"}[success]
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>logtail-doctor watch"
            "</title></head><body><h1>logtail-doctor watch</h1>"
            f"<p>Last run: {html.escape(when)} ({result}).</p>"
            "<p><a href='report.html'>The latest report (report.html)</a> &middot; "
            "<a href='metrics'>metrics</a></p></body></html>\n"
        )

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return  # scrapes every few seconds: no line each


class _ServerV6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def serve(state: WatchState, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """The HTTP server in a daemon thread; shutdown() ends it."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_StateCollector(state))
    handler = type("Handler", (_Handler,), {"state": state, "registry": registry})
    server_class = _ServerV6 if ":" in host else http.server.ThreadingHTTPServer
    server = server_class((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="watch-http", daemon=True).start()
    return server


@dataclass
class Watch:
    run_args: list[str]
    state: WatchState
    metrics: Path
    run_timeout: float
    log: Path
    stop: threading.Event = field(default_factory=threading.Event)
    out: IO[str] = sys.stdout

    def command(self) -> list[str]:
        """The command a user runs, in a fresh interpreter."""
        return [sys.executable, "-m", "logtail_doctor.cli", *self.run_args]

    def run_once(self) -> str:
        """One diagnosis: its result (success, failure, timeout); stop ends it early."""
        before = _stamp(self.metrics)
        started = time.monotonic()
        with self.state.lock:
            self.state.in_progress = True
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: ssh children end with it
            )
            code = self._wait(process, started)
        timed_out = code is None
        if code is None:
            code = -signal.SIGKILL
        ended = time.time()
        after = _stamp(self.metrics)
        success = not timed_out and code in (0, 1) and after is not None and after != before
        families: list[Metric] | None = None
        if success:
            try:
                families = read_run_metrics(self.metrics)
            except (OSError, ValueError, UnicodeDecodeError):
                success = False
        result = "success" if success else ("timeout" if timed_out else "failure")
        with self.state.lock:
            if families is not None:
                self.state.run_families = families
            self.state.last_attempt_end = ended
            self.state.last_success = success
            self.state.last_exit_code = code
            self.state.in_progress = False
            self.state.runs[result] += 1
        return result

    def _wait(self, process: subprocess.Popen[bytes], started: float) -> int | None:
        """The run's exit code; None: it was ended (timeout, or the watch stopping)."""
        deadline = started + self.run_timeout
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                return process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
        _end(process)
        return None

    def loop(self) -> int:
        cycle = 0
        while not self.stop.is_set():
            cycle += 1
            began = time.monotonic()
            result = self.run_once()
            with self.state.lock:
                code = self.state.last_exit_code
            took = time.monotonic() - began
            print(
                f"watch: run {cycle}: {result} (exit {code}) in {took:.1f} s; log {self.log}",
                file=self.out,
                flush=True,
            )
            if cycle == 1 and code == USAGE_ERROR:
                print(  # noqa: T201
                    f"ERROR: watch: the first run was a usage error: see {self.log}",
                    file=sys.stderr,
                )
                return USAGE_ERROR
            self.stop.wait(max(0.0, self.state.interval_seconds - (time.monotonic() - began)))
        return 0


def _end(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the run's process group, SIGKILL after the grace."""
    for sig, grace in ((signal.SIGTERM, STOP_GRACE_SECONDS), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _parser(prog: str) -> OneLineParser:
    parser = OneLineParser(
        prog=prog,
        description="Run the diagnosis every --interval in a fresh process and serve its "
        "metrics on http://--listen/metrics (and its report on /). Every other option is the "
        "run's: --targets FILE and the rest, as `logtail-doctor --help` lists them.",
    )
    parser.add_argument(
        "--interval",
        default=DEFAULT_INTERVAL,
        help="start a run this often: 30s, 5m, 1h (default: %(default)s)",
    )
    parser.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="HOST:PORT",
        help="where to serve /metrics and / (default: %(default)s; another address is your "
        "explicit choice: the report names your hosts)",
    )
    parser.add_argument(
        "--run-timeout",
        default=None,
        metavar="DURATION",
        help="end a run that takes longer (default: the interval)",
    )
    return parser


def main(argv: Sequence[str], prog: str = "logtail-doctor watch") -> int:
    parser = _parser(prog)
    try:
        options, run_args = parser.parse_known_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        interval = parse_duration(options.interval, "--interval")
        run_timeout = (
            parse_duration(options.run_timeout, "--run-timeout")
            if options.run_timeout
            else interval
        )
        host, port = parse_listen(options.listen)
    except WatchError as exc:
        print(f"ERROR: {prog}: {exc}", file=sys.stderr)  # noqa: T201
        return USAGE_ERROR
    if not any(a == "--targets" or a.startswith("--targets=") for a in run_args):
        print(f"ERROR: {prog}: --targets FILE is needed (the fleet to watch)", file=sys.stderr)  # noqa: T201
        return USAGE_ERROR
    metrics_value = option_value(run_args, "--metrics", "reports/metrics.prom")
    if not metrics_value:
        print(f"ERROR: {prog}: --metrics cannot be empty", file=sys.stderr)  # noqa: T201
        return USAGE_ERROR
    metrics = Path(metrics_value)
    report = Path(option_value(run_args, "--report", "reports/report.html"))
    state = WatchState(interval_seconds=interval, report=report)
    if metrics.is_file():  # a previous watch's last run: served until this one's first ends
        try:
            state.run_families = read_run_metrics(metrics)
        except (OSError, ValueError, UnicodeDecodeError):
            state.run_families = []
    watch = Watch(run_args, state, metrics, run_timeout, metrics.with_name("watch-last-run.log"))
    try:
        server = serve(state, host, port)
    except OSError as exc:
        print(f"ERROR: {prog}: --listen {options.listen}: {exc.strerror}", file=sys.stderr)  # noqa: T201
        return USAGE_ERROR

    def stop(signum: int, frame: FrameType | None) -> None:
        watch.stop.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    print(  # noqa: T201
        f"watch: serving http://{options.listen}/metrics; a run every {options.interval} "
        f"(at most {run_timeout:g} s each); reports in {report.parent}",
        flush=True,
    )
    try:
        return watch.loop()
    finally:
        server.shutdown()
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("watch: stopped", flush=True)  # noqa: T201
