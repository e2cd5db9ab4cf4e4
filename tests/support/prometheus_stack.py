"""Debian's Prometheus, node_exporter and Pushgateway, started by the tests on loopback.

Each daemon gets a random free port on 127.0.0.1 and a temporary folder for its
data; every wait is bounded; ``Daemons.close`` ends each process it started
(SIGTERM, then SIGKILL) by its own id. Nothing here is a service of the machine.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# Loopback only, never through a proxy the environment may name (http_proxy).
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 5.0, accept: str | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body); a refused connection is status 0."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with _DIRECT.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, "", b""


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, every: float = 0.5) -> T:
    """probe() until it returns something but None; after timeout an AssertionError naming what."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last is not None:
            return last
        time.sleep(every)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise AssertionError(f"{name} is missing: scripts/bootstrap.sh installs it (Debian)")
    return found


@dataclass
class Daemons:
    """The processes a test started, each ended by its pid at close()."""

    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, name: str, argv: list[str], ready_url: str, timeout: float = 30.0) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        log.close()
        self.processes.append(process)

        def ready() -> bool | None:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited {process.returncode}: {self.log(name)}")
            return True if http_get(ready_url, timeout=2)[0] == 200 else None

        wait_for(f"{name} ready at {ready_url}", ready, timeout)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.is_file() else ""

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        self.processes.clear()


def node_exporter(daemons: Daemons, textfile_dir: Path) -> str:
    """node_exporter with only its textfile collector, reading textfile_dir/*.prom."""
    address = f"127.0.0.1:{free_port()}"
    daemons.start(
        "node_exporter",
        [
            binary("prometheus-node-exporter"),
            f"--web.listen-address={address}",
            "--collector.disable-defaults",
            "--collector.textfile",
            f"--collector.textfile.directory={textfile_dir}",
        ],
        f"http://{address}/metrics",
    )
    return address


def pushgateway(daemons: Daemons) -> str:
    address = f"127.0.0.1:{free_port()}"
    daemons.start(
        "pushgateway",
        [
            binary("prometheus-pushgateway"),
            f"--web.listen-address={address}",
            f"--persistence.file={daemons.folder / 'pushgateway.data'}",
        ],
        f"http://{address}/-/ready",
    )
    return address


def prometheus(
    daemons: Daemons, jobs: dict[str, str], rule_file: Path, honor_labels: frozenset[str]
) -> str:
    """Prometheus scraping each job's one target every second, evaluating rule_file every second."""
    address = f"127.0.0.1:{free_port()}"
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
        "rule_files": [str(rule_file)],
        "scrape_configs": [
            {
                "job_name": job,
                "honor_labels": job in honor_labels,
                "static_configs": [{"targets": [target]}],
            }
            for job, target in jobs.items()
        ],
    }
    config_file = daemons.folder / "prometheus.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    daemons.start(
        "prometheus",
        [
            binary("prometheus"),
            f"--config.file={config_file}",
            f"--storage.tsdb.path={daemons.folder / 'tsdb'}",
            f"--web.listen-address={address}",
            "--storage.tsdb.retention.time=1h",
        ],
        f"http://{address}/-/ready",
        timeout=60,
    )
    return address


def api(address: str, path: str, **params: str) -> Any:
    """Prometheus' HTTP API: the "data" of a successful answer."""
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    status, _, body = http_get(f"http://{address}/api/v1/{path}{query}")
    assert status == 200, (path, status, body[:500])
    document = json.loads(body)
    assert document["status"] == "success", document
    return document["data"]


def firing(address: str, alertname: str) -> list[dict[str, Any]]:
    return [
        alert
        for alert in api(address, "alerts")["alerts"]
        if alert["labels"].get("alertname") == alertname and alert["state"] == "firing"
    ]


def query(address: str, expr: str) -> dict[str, float]:
    """An instant query's samples: {"instance=..,job=..": value} (labels but the name, sorted)."""
    result = api(address, "query", query=expr)["result"]
    return {
        ",".join(f"{k}={v}" for k, v in sorted(sample["metric"].items()) if k != "__name__"): float(
            sample["value"][1]
        )
        for sample in result
    }
