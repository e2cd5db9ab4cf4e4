"""The fix of an unreachable host, run as a user would: its ssh line does what the text says.

Two lab hosts through specs with an explicit port: one where nothing listens
(port 2 of a live host: down on a non-default port) and one whose sshd
answers on its real port but whose probe never completes (the agent's status
holds its output open). The suite calls both unreachable and prints, for each,
"Check that HOST is up and its SSH port is reachable (try: ssh ...)". Run
over real SSH, that line must fail for the first and succeed for the second.
Once per transport: the in-process one prints the same OpenSSH line.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SuiteRun, run_suite
from tests.e2e.transports import TRANSPORTS, url

pytestmark = pytest.mark.e2e

SCENARIO = """\
project: {name: web-logs, region: cn-hangzhou, network: intranet}
account_ids: ["1234567890123456"]
machine_groups:
  - name: web-servers
hosts:
  - name: healthy
    expect: {status: healthy, root_cause: null}
  - name: status-holds
    agent_status: hold_output
    expect: {status: unreachable, root_cause: host.reachable, error: "no complete answer"}
"""
CLOSED_PORT = 2  # nothing listens there on a lab host
SSH_PORT = 22


@pytest.fixture(scope="module")
def fix_lab(workdir: Path) -> Iterator[Lab]:
    scenario = workdir / "unreachable-fix.yaml"
    scenario.write_text(SCENARIO)
    with module_lab(workdir, scenario) as lab:
        yield lab


@pytest.fixture(scope="module", params=TRANSPORTS)
def specs(fix_lab: Lab, request: pytest.FixtureRequest) -> dict[str, str]:
    by_name = {h.name: h for h in fix_lab.hosts}
    return {
        "down": url(f"ssh://root@{by_name['healthy'].ip}:{CLOSED_PORT}", request.param),
        "up": url(f"ssh://root@{by_name['status-holds'].ip}:{SSH_PORT}", request.param),
    }


@pytest.fixture(scope="module")
def fix_run(fix_lab: Lab, specs: dict[str, str], workdir: Path) -> SuiteRun:
    return run_suite(
        workdir / f"unreachable-fix-run-{specs['down'].split(':', 1)[0]}",
        f"--targets={fix_lab.targets_file}",
        f"--ssh-config={fix_lab.ssh_config}",
        f"--hosts={specs['down']},{specs['up']}",
        "--connect-timeout=3",
        "--command-timeout=4",
    )


def _printed_ssh_line(run: SuiteRun, host_id: str) -> str:
    host = run.summary["hosts"][host_id]
    assert (host["status"], host["root_cause"]) == ("unreachable", "host.reachable"), host
    fix = host["checks"]["host.reachable"]["remediation"]
    found = re.search(r"\(try: (ssh .*)\)$", fix)
    assert found, fix
    return found.group(1)


def _run_line(line: str) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(line)
    # Never a prompt nobody answers (the lab's ssh_config says so too).
    argv[1:1] = ["-o", "BatchMode=yes"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=15, check=False)


@pytest.mark.parametrize(
    ("which", "port", "works"), [("down", CLOSED_PORT, False), ("up", SSH_PORT, True)]
)
def test_the_printed_ssh_line_tries_the_host_as_the_run_did(
    fix_lab: Lab,
    specs: dict[str, str],
    fix_run: SuiteRun,
    which: str,
    port: int,
    works: bool,
) -> None:
    assert fix_run.exit_code == 1, fix_run.stdout[-3000:] + fix_run.stderr[-2000:]
    spec = specs[which]
    line = _printed_ssh_line(fix_run, spec)
    address = spec.rsplit("@", 1)[1].rsplit(":", 1)[0]
    assert shlex.split(line) == [
        "ssh",
        *("-F", str(fix_lab.ssh_config)),
        *("-p", str(port)),
        f"root@{address}",
        "true",
    ]
    done = _run_line(line)
    if works:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 255, done.stderr  # ssh's own failure: cannot connect
        assert "Connection refused" in done.stderr, done.stderr
        assert f"port {CLOSED_PORT}" in done.stderr, done.stderr
