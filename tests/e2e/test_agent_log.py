"""The suite against agent_log.yaml: the agent's own log and its own CA bundle, over real SSH.

A host per self-restart cause written in the agent's log (its resource limit,
an IP change, its config watchdog), a TLS-inspecting middlebox (the agent's
ca-bundle.crt does not trust the stand-in's certificate; `curl -k` and the
system store do), a host without a bundle, and hostile logs: 2 GiB, binary
bytes, a symlink loop. Each host's `expect:` is the verdict; the findings
quote the log and name the settings; the run leaves every host file unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, DemoRun, changed_files, run_suite, verdict_mismatches

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def log_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "agent_log.yaml") as lab:
        yield lab


@pytest.fixture(scope="module")
def log_run(log_lab: Lab, workdir: Path) -> DemoRun:
    before = log_lab.snapshot()
    run = run_suite(
        workdir / "agent-log-run",
        f"--targets={log_lab.targets_file}",
        f"--ssh-config={log_lab.ssh_config}",
        "--connect-timeout=5",
        "--agent-tls",
    )
    after = log_lab.snapshot()
    return DemoRun(run, before, after)


def _check(lab: Lab, run: DemoRun, host: str, check_id: str) -> dict[str, Any]:
    result: dict[str, Any] = run.run.summary["hosts"][lab.host(host).url]["checks"][check_id]
    return result


def _param(message: dict[str, Any], name: str) -> Any:
    """A parameter of a message as summary.json writes it ({"id", "params": [[name, value]]})."""
    return dict(message["params"])[name]


def test_each_host_gets_its_expected_status_and_root_cause(log_lab: Lab, log_run: DemoRun) -> None:
    assert log_run.run.exit_code == 1, log_run.run.stdout[-3000:] + log_run.run.stderr
    wrong = verdict_mismatches(log_lab.hosts, log_run.run.summary)
    assert not wrong, "\n".join(wrong)


def test_suite_left_every_lab_host_unchanged(log_run: DemoRun) -> None:
    assert all(log_run.before.values())
    changed = changed_files(log_run.before, log_run.after)
    assert not changed, changed


def test_a_resource_limit_restart_is_quoted_with_its_time_and_the_settings_named(
    log_lab: Lab, log_run: DemoRun
) -> None:
    check = _check(log_lab, log_run, "restarted-limit", "step1.stable")
    assert check["outcome"] == "failed", check
    # The log line and its time as the host's log has it (written by the lab 10 minutes
    # before its start, in the host's local time).
    log = log_lab.run("restarted-limit", ["cat", "/usr/local/ilogtail/ilogtail.LOG"]).stdout
    first = log.splitlines()[0]
    time_written = first[1:20]
    assert _param(check["found"], "time") == time_written
    assert "exceeds upper limit for some time:prepare restart" in check["message"]
    assert first in check["evidence"]
    assert "cpu_usage_limit" in check["remediation"]
    assert "mem_usage_limit" in check["remediation"]


def test_an_ip_change_restart_names_working_ip_and_the_watchdog_the_config_server(
    log_lab: Lab, log_run: DemoRun
) -> None:
    ip = _check(log_lab, log_run, "restarted-ip", "step1.stable")
    assert ip["outcome"] == "failed", ip
    assert "host ip changed during running" in ip["message"]
    assert "working_ip" in ip["remediation"]
    assert (
        _param(ip["expected"], "log") == "/usr/local/ilogtail/loongcollector.LOG"
    )  # LoongCollector's own log name
    watchdog = _check(log_lab, log_run, "restarted-watchdog", "step1.stable")
    assert watchdog["outcome"] == "failed", watchdog
    assert "last config get time is too old" in watchdog["message"]
    assert "restart the agent: sudo /etc/init.d/ilogtaild" in watchdog["remediation"]


def test_a_tls_inspecting_middlebox_passes_k_and_fails_the_agents_bundle(
    log_lab: Lab, log_run: DemoRun
) -> None:
    https = _check(log_lab, log_run, "tls-inspected", "step2.https")
    assert https["outcome"] == "passed", https
    tls = _check(log_lab, log_run, "tls-inspected", "step2.tls")
    assert tls["outcome"] == "failed", tls
    assert "(60)" in _param(tls["found"], "error")
    assert "TLS inspection" in tls["remediation"]
    assert "/usr/local/ilogtail/ca-bundle.crt" in tls["remediation"]
    assert "restart the agent" in tls["remediation"]
    # The host's system store trusts what the agent's bundle does not: as on a real
    # host whose IT installed the middlebox's CA there.
    url = "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
    system = log_lab.run("tls-inspected", ["curl", "-sS", "-o", "/dev/null", url])
    assert system.returncode == 0, system.stderr
    for host in ("healthy", "loong-healthy", "restarted-limit"):
        assert _check(log_lab, log_run, host, "step2.tls")["outcome"] == "passed", host
    missing = _check(log_lab, log_run, "no-ca-bundle", "step2.tls")
    assert missing["outcome"] == "skipped"
    assert missing["found"]["id"] == "step2.tls.skip.no_bundle"


def test_hostile_logs_are_read_bounded_with_a_clear_finding(log_lab: Lab, log_run: DemoRun) -> None:
    size = log_lab.run("huge-log", ["stat", "-c", "%s", "/usr/local/ilogtail/ilogtail.LOG"])
    assert int(size.stdout) > (2 << 30)  # the log really is over 2 GiB
    huge = _check(log_lab, log_run, "huge-log", "step1.stable")
    assert huge["outcome"] == "passed", huge  # judged on its last lines
    seconds = log_run.run.summary["hosts"][log_lab.host("huge-log").url]["probe_seconds"]
    assert seconds < 10, seconds
    binary = _check(log_lab, log_run, "binary-log", "step1.stable")
    assert binary["outcome"] == "skipped", binary
    assert binary["found"]["id"] == "step1.stable.skip.no_lines"
    loop = _check(log_lab, log_run, "log-loop", "step1.stable")
    assert loop["outcome"] == "skipped", loop
    assert loop["found"]["id"] == "step1.stable.skip.not_regular"
    assert "loop" in loop["message"]


def test_without_agent_tls_the_check_is_not_part_of_the_run(log_lab: Lab, workdir: Path) -> None:
    run = run_suite(
        workdir / "agent-log-no-tls",
        f"--targets={log_lab.targets_file}",
        f"--ssh-config={log_lab.ssh_config}",
        "--connect-timeout=5",
        f"--hosts={log_lab.host('tls-inspected').url}",
    )
    got = run.summary["hosts"][log_lab.host("tls-inspected").url]
    assert got["status"] == "healthy", got["root_cause"]
    # As the server's check without --sls: not run, not "not run" either.
    assert "step2.tls" not in got["checks"]
    assert "step2.tls" not in run.summary["checks"]
    assert "step2.tls" not in got["not_run"]
    assert "step1.stable" in got["checks"]
