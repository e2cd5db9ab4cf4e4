"""The fleet watch end to end: a lab fleet, `logtail-doctor watch`, and real Prometheus parts.

The smoke lab has a healthy host and one whose agent is stopped (root cause
step1.running). `logtail-doctor watch` diagnoses it every 2 s over real SSH and
pushes each run to a Pushgateway; Debian's Prometheus scrapes the watch's
/metrics, node_exporter's textfile collector (reading the run's
reports/metrics.prom) and the Pushgateway, every second, and evaluates the
shipped alert rules. The shipped cause alerts wait `for: 10m`; this test
loads a copy of monitoring/alerts.yml with `for: 2s` written by
_rules_test_copy below (the 10 minutes themselves are tested by promtool's
time travel in tests/unit/test_monitoring.py). The alert for the planted
cause must fire in Prometheus (read from its HTTP API), once per cause and
group although three sources report it, and resolve after the host's agent
is started and the next run. Every daemon listens on 127.0.0.1 with a random
port and a temporary data folder, and is ended by its pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from lab import Lab
from logtail_doctor.doc_links import doc_url
from tests.e2e.conftest import module_lab
from tests.e2e.suite import REPO, SCENARIOS, run_suite
from tests.support import prometheus_stack as stack

pytestmark = pytest.mark.e2e

ALERT = "LogtailHostsWithoutHeartbeat"
TEST_FOR = "2s"


@pytest.fixture(scope="module")
def smoke_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "smoke.yaml") as lab:
        yield lab


@pytest.fixture
def daemons(tmp_path: Path) -> Iterator[stack.Daemons]:
    started = stack.Daemons(tmp_path)
    try:
        yield started
    finally:
        started.close()


def _rules_test_copy(folder: Path) -> Path:
    """monitoring/alerts.yml with the cause alerts' `for: 10m` shortened to 2 s (see above)."""
    rules = yaml.safe_load((REPO / "monitoring" / "alerts.yml").read_text(encoding="utf-8"))
    shortened = 0
    for group in rules["groups"]:
        for rule in group["rules"]:
            if rule.get("alert") == ALERT:
                assert rule["for"] == "10m"
                rule["for"] = TEST_FOR
                shortened += 1
    assert shortened > 0
    copy = folder / "alerts-test-copy.yml"
    copy.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return copy


def _environment() -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "ALIBABA_CLOUD_", "ALICLOUD_"))
    }
    environ["ALIBABA_CLOUD_CREDENTIALS_FILE"] = "/nonexistent/credentials"
    return environ


def _samples(body: bytes) -> dict[str, float]:
    return {
        sample.name + str(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body.decode("utf-8"))
        for sample in family.samples
    }


def _promtool_check(body: bytes) -> None:
    done = subprocess.run(
        [stack.binary("promtool"), "check", "metrics"],
        input=body,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _by_job(samples: dict[str, float]) -> dict[str, float]:
    return {
        next(p.split("=", 1)[1] for p in key.split(",") if p.startswith("job=")): value
        for key, value in samples.items()
    }


def test_watch_scraped_by_prometheus_fires_the_cause_alert_and_resolves_it(
    smoke_lab: Lab, workdir: Path, daemons: stack.Daemons
) -> None:
    out = workdir / "watch"
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    gateway = stack.pushgateway(daemons)
    listen = f"127.0.0.1:{stack.free_port()}"
    watch_log = (daemons.folder / "watch.log").open("wb")
    watch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "logtail_doctor.cli",
            "watch",
            "--interval=2s",
            "--run-timeout=60s",
            f"--listen={listen}",
            f"--targets={smoke_lab.targets_file}",
            f"--ssh-config={smoke_lab.ssh_config}",
            "--connect-timeout=5",
            f"--pushgateway=http://{gateway}",
            "-q",
            "--tb=no",
        ],
        cwd=out,
        env=_environment(),
        stdout=watch_log,
        stderr=subprocess.STDOUT,
    )
    watch_log.close()
    try:
        _the_watch_and_prometheus(smoke_lab, daemons, watch, listen, gateway, reports)
        # SIGTERM ends the watch within the bound of the run in flight.
        asked = time.monotonic()
        watch.send_signal(signal.SIGTERM)
        assert watch.wait(timeout=20) == 0, daemons.log("watch")
        assert time.monotonic() - asked < 15
        assert stack.http_get(f"http://{listen}/metrics")[0] == 0  # no longer served
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait(timeout=10)


def _the_watch_and_prometheus(
    lab: Lab,
    daemons: stack.Daemons,
    watch: subprocess.Popen[bytes],
    listen: str,
    gateway: str,
    reports: Path,
) -> None:
    def served_success() -> bytes | None:
        assert watch.poll() is None, daemons.log("watch")
        status, _, body = stack.http_get(f"http://{listen}/metrics")
        return body if status == 200 and b"logtail_doctor_last_run_success 1.0" in body else None

    body = stack.wait_for("a successful run served on /metrics", served_success, timeout=90)
    samples = _samples(body)
    key = "logtail_doctor_cause_hosts[('cause', 'step1.running'), ('machine_group', 'web-servers')]"
    assert samples[key] == 1.0
    _promtool_check(body)  # the endpoint
    _promtool_check((reports / "metrics.prom").read_bytes())  # the file
    index = stack.http_get(f"http://{listen}/")
    assert index[0] == 200
    assert b"href='report.html'" in index[2]
    page = stack.http_get(f"http://{listen}/report.html")
    assert page[0] == 200
    assert b"step1.running" in page[2]
    openmetrics = stack.http_get(
        f"http://{listen}/metrics", accept="application/openmetrics-text; version=1.0.0"
    )
    assert openmetrics[1].startswith("application/openmetrics-text")
    assert openmetrics[2].endswith(b"# EOF\n")

    node = stack.node_exporter(daemons, reports)
    prometheus = stack.prometheus(
        daemons,
        {"watch": listen, "node": node, "pushgateway": gateway},
        _rules_test_copy(daemons.folder),
        honor_labels=frozenset({"pushgateway"}),
    )
    cause = 'logtail_doctor_cause_hosts{cause="step1.running",machine_group="web-servers"}'

    def three_sources() -> dict[str, float] | None:
        found = _by_job(stack.query(prometheus, cause))
        return found if len(found) == 3 else None

    # The watch's /metrics, node_exporter's textfile and the Pushgateway (job of the push).
    sources = stack.wait_for("the cause from three sources", three_sources, timeout=30)
    assert sources == {"watch": 1.0, "node": 1.0, "logtail_doctor": 1.0}
    assert stack.query(prometheus, "node_textfile_scrape_error") == {
        f"instance={node},job=node": 0.0
    }

    def fired() -> list[dict[str, object]] | None:
        return stack.firing(prometheus, ALERT) or None

    (alert,) = stack.wait_for(f"{ALERT} firing", fired, timeout=60)
    labels = alert["labels"]
    assert isinstance(labels, dict)
    assert labels["cause"] == "step1.running"
    assert labels["machine_group"] == "web-servers"
    annotations = alert["annotations"]
    assert isinstance(annotations, dict)
    # Three sources, one host: counted once.
    assert annotations["summary"] == (
        "1 host(s) in machine group web-servers lost their heartbeat: step1.running"
    )
    assert annotations["fix"].startswith("Start the agent: <start_cmd>")
    assert annotations["runbook_url"] == doc_url("step1.running")

    # Repair the host; the next run sees it fixed, and the alert resolves.
    done = lab.run("stopped", ["/etc/init.d/ilogtaild", "start"], timeout=20)
    assert done.returncode == 0, (done.stdout, done.stderr)

    def resolved() -> bool | None:
        zero = _by_job(stack.query(prometheus, cause))
        quiet = not stack.firing(prometheus, ALERT)
        return True if quiet and zero == dict.fromkeys(sources, 0.0) else None

    stack.wait_for(f"{ALERT} resolved and the cause at 0 everywhere", resolved, timeout=60)
    healthy = _by_job(stack.query(prometheus, 'logtail_doctor_hosts{status="healthy"}'))
    assert healthy == dict.fromkeys(sources, 2.0)
    # Each run compared with the previous one: the reports folder kept its baseline.
    summary = yaml.safe_load((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["changes"] is not None
    assert (reports / "summary.previous.json").is_file()
    assert stack.query(prometheus, 'logtail_doctor_watch_runs_total{result="failure"}') == {
        f"instance={listen},job=watch,result=failure": 0.0
    }


def test_runs_pushed_to_a_pushgateway_fire_and_resolve_and_a_host_that_left_disappears(
    smoke_lab: Lab, workdir: Path, daemons: stack.Daemons
) -> None:
    """The CronJob way: each run PUTs its metrics, Prometheus scrapes only the Pushgateway."""
    stopped = smoke_lab.host("stopped")
    if smoke_lab.run("stopped", ["/etc/init.d/ilogtaild", "status"], timeout=20).returncode == 0:
        # The module's first test repaired it: plant the cause again.
        done = smoke_lab.run("stopped", ["/etc/init.d/ilogtaild", "stop"], timeout=20)
        assert done.returncode == 0, (done.stdout, done.stderr)
    gateway = stack.pushgateway(daemons)
    prometheus = stack.prometheus(
        daemons,
        {"pushgateway": gateway},
        _rules_test_copy(daemons.folder),
        honor_labels=frozenset({"pushgateway"}),
    )
    out = workdir / "pushed"

    def run(targets: Path) -> None:
        done = run_suite(
            out,
            f"--targets={targets}",
            f"--ssh-config={smoke_lab.ssh_config}",
            "--connect-timeout=5",
            f"--pushgateway=http://{gateway}",
            html=False,
        )
        assert done.exit_code in (0, 1), done.stdout[-2000:] + done.stderr[-2000:]
        assert "push failed" not in done.stderr

    run(smoke_lab.targets_file)

    def fired() -> list[dict[str, object]] | None:
        return stack.firing(prometheus, ALERT) or None

    (alert,) = stack.wait_for(f"{ALERT} firing from the Pushgateway", fired, timeout=60)
    assert alert["labels"] == {
        "alertname": ALERT,
        "cause": "step1.running",
        "machine_group": "web-servers",
        "severity": "warning",
    }

    done = smoke_lab.run("stopped", ["/etc/init.d/ilogtaild", "start"], timeout=20)
    assert done.returncode == 0, (done.stdout, done.stderr)
    run(smoke_lab.targets_file)

    def resolved() -> bool | None:
        return None if stack.firing(prometheus, ALERT) else True

    stack.wait_for(f"{ALERT} resolved after the repaired run's push", resolved, timeout=60)

    # The next run's fleet has no "stopped" host: the PUT replaces the group, so it is gone.
    host_status = f'logtail_doctor_host_status{{host="{stopped.url}"}}'
    assert _by_job(stack.query(prometheus, host_status)) == {"logtail_doctor": 0.0}
    targets = yaml.safe_load(smoke_lab.targets_file.read_text(encoding="utf-8"))
    targets["hosts"] = [h for h in targets["hosts"] if h["url"] != stopped.url]
    smaller = daemons.folder / "targets-without-stopped.yaml"
    smaller.write_text(yaml.safe_dump(targets), encoding="utf-8")
    run(smaller)
    pushed = stack.http_get(f"http://{gateway}/metrics")[2].decode("utf-8")
    assert f'host="{stopped.url}"' not in pushed
    assert f'host="{smoke_lab.host("healthy").url}"' in pushed
    assert 'push_time_seconds{instance="",job="logtail_doctor",project="web-logs"}' in pushed
