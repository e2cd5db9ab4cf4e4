"""The suite against agent_env.yaml: the agent judged as it really runs, over real SSH.

An agent in a container beside the host's (its own PID namespace), the account
and custom identifiers in the daemon's environment, the config file
ALIYUN_LOGTAIL_CONFIG names (the install's own a leftover for another region),
config.d merged over the config (one file moving the region, one not JSON), and
a same-account ECS with the agent's metadata cache and one without it, where
100.100.100.200 does not answer. Each host's `expect:` is the verdict; each
finding names the file or variable that said so; the hosts' files stay as they were.
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
def env_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "agent_env.yaml") as lab:
        yield lab


@pytest.fixture(scope="module")
def env_run(env_lab: Lab, workdir: Path) -> DemoRun:
    before = env_lab.snapshot()
    run = run_suite(
        workdir / "agent-env-run",
        f"--targets={env_lab.targets_file}",
        f"--ssh-config={env_lab.ssh_config}",
        "--connect-timeout=5",
    )
    return DemoRun(run, before, env_lab.snapshot())


def check_of(lab: Lab, run: DemoRun, host: str, check_id: str) -> dict[str, Any]:
    checks: dict[str, dict[str, Any]] = run.run.summary["hosts"][lab.host(host).url]["checks"]
    return checks[check_id]


def test_each_host_gets_its_expected_status_and_root_cause(env_lab: Lab, env_run: DemoRun) -> None:
    assert sorted(env_run.run.summary["hosts"]) == sorted(h.url for h in env_lab.hosts)
    wrong = verdict_mismatches(env_lab.hosts, env_run.run.summary)
    assert not wrong, "\n".join(wrong)


def test_the_run_changed_no_host_file(env_run: DemoRun) -> None:
    changed = changed_files(env_run.before, env_run.after)
    assert not changed, changed


def test_the_containerised_agent_is_listed_not_counted(env_lab: Lab, env_run: DemoRun) -> None:
    # Control: the host really runs four agent processes, two in another PID namespace.
    table = env_lab.run(
        "container", ["/bin/sh", "-c", "for d in /proc/[0-9]*; do cat $d/comm; done"]
    )
    assert table.stdout.split().count("ilogtail") == 4, table.stdout
    check = check_of(env_lab, env_run, "container", "step1.instances")
    assert check["outcome"] == "passed", check
    assert "PID namespace" in check["message"], check


def test_findings_name_the_variable_and_the_file_that_said_so(
    env_lab: Lab, env_run: DemoRun
) -> None:
    elsewhere = check_of(env_lab, env_run, "config-elsewhere", "step2.region")
    assert elsewhere["outcome"] == "passed", elsewhere
    assert "ALIYUN_LOGTAIL_CONFIG" in elsewhere["message"], elsewhere
    region = check_of(env_lab, env_run, "config-d-region", "step2.region")
    assert region["outcome"] == "failed", region
    assert "/etc/ilogtail/config.d/50-region.json" in region["message"], region
    broken = check_of(env_lab, env_run, "config-d-broken", "step2.config_valid")
    assert "20-broken.json" in broken["message"], broken
    account = check_of(env_lab, env_run, "env-account", "step4.user_id")
    assert "ALIYUN_LOGTAIL_USER_ID" in account["message"], account
    custom = check_of(env_lab, env_run, "env-custom-id", "step3.custom_id")
    assert "ALIYUN_LOGTAIL_USER_DEFINED_ID" in custom["message"], custom


def test_metadata_cache_or_reachability_decides_a_same_account_ecs(
    env_lab: Lab, env_run: DemoRun
) -> None:
    cached = check_of(env_lab, env_run, "metadata-cached", "step4.ecs_metadata")
    assert cached["outcome"] == "passed", cached
    assert "instance_identity" in cached["message"], cached
    missing = check_of(env_lab, env_run, "no-metadata", "step4.ecs_metadata")
    assert missing["outcome"] == "failed", missing
    assert "100.100.100.200" in missing["message"], missing
    assert "/etc/ilogtail/users/1234567890123456" in (missing["remediation"] or ""), missing
