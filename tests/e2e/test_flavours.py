"""The suite against flavours.yaml: each agent flavour recognised and named.

Logtail 1.x and 0.x, the SLS LoongCollector (intranet and -internal
endpoints, and stopped) and the open-source community LoongCollector, which
does not heartbeat to SLS machine groups. Each host's `expect:` gives its
status, root cause and how summary.json names its agent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, SuiteRun, run_suite, verdict_mismatches

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def flavours_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "flavours.yaml") as lab:
        yield lab


@pytest.fixture(scope="module")
def flavours_run(flavours_lab: Lab, workdir: Path) -> SuiteRun:
    return run_suite(
        workdir / "flavours-run",
        f"--targets={flavours_lab.targets_file}",
        f"--ssh-config={flavours_lab.ssh_config}",
        "--connect-timeout=5",
    )


def test_exit_code_says_some_host_is_not_healthy(flavours_run: SuiteRun) -> None:
    assert flavours_run.exit_code == 1, flavours_run.stdout[-3000:] + flavours_run.stderr


def test_every_lab_host_is_in_the_summary(flavours_lab: Lab, flavours_run: SuiteRun) -> None:
    assert sorted(flavours_run.summary["hosts"]) == sorted(h.url for h in flavours_lab.hosts)


def test_each_host_gets_its_expected_status_and_root_cause(
    flavours_lab: Lab, flavours_run: SuiteRun
) -> None:
    wrong = verdict_mismatches(flavours_lab.hosts, flavours_run.summary)
    assert not wrong, "\n".join(wrong)


def test_each_host_names_its_agent(flavours_lab: Lab, flavours_run: SuiteRun) -> None:
    hosts = flavours_run.summary["hosts"]
    wrong = [
        f"{h.name}: expected {h.expect['agent']!r}, got {hosts[h.url].get('agent')!r}"
        for h in flavours_lab.hosts
        if hosts[h.url].get("agent") != h.expect["agent"]
    ]
    assert not wrong, "\n".join(wrong)
