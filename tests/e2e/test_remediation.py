"""The fix plan closes the loop: diagnose, ansible-playbook --check, ansible-playbook, diagnose.

Real lab hosts over real SSH (lab/scenarios/remediation.yaml: one host per
automatable cause, one with two causes, a healthy host and one that needs a
person), the suite's own remediation.yml and remediation.inventory.ini, and
the real ansible-playbook of the project's venv (ansible-core, pinned).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, SuiteRun, changed_files, run_suite, verdict_mismatches

pytestmark = pytest.mark.e2e

ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"
# sshd's login accounting, written when a session asks for a terminal: not a fix.
LOGIN_RECORDS = {"var/log/wtmp", "var/log/lastlog"}
# Which plays the first diagnosis must give: (check ID, the lab hosts it names).
EXPECTED_PLAYS = {
    ("step1.running", frozenset({"stopped", "stopped-no-user-id"})),  # ilogtaild
    ("step1.running", frozenset({"loong-stopped"})),  # loongcollectord: its own play
    ("step2.config_loaded", frozenset({"config-edited"})),
    ("step3.custom_id", frozenset({"custom-missing"})),
    ("step3.ip_current", frozenset({"ip-changed"})),
    ("step4.user_id", frozenset({"no-user-id", "stopped-no-user-id"})),
}
_RECAP = re.compile(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def fix_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "remediation.yaml") as lab:
        yield lab


def diagnose(lab: Lab, out: Path) -> SuiteRun:
    return run_suite(
        out,
        f"--targets={lab.targets_file}",
        f"--ssh-config={lab.ssh_config}",
        "--connect-timeout=5",
        html=False,
        timeout=180,
    )


def ansible_playbook(lab: Lab, run: SuiteRun, *args: str) -> subprocess.CompletedProcess[str]:
    """The playbook as its header says to run it, with the lab's key and ssh config."""
    home = run.out_dir.parent / "ansible-home"
    env = {
        **os.environ,
        "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_TIMEOUT": "10",
    }
    command = [
        str(ANSIBLE_PLAYBOOK),
        "-i",
        "remediation.inventory.ini",
        "remediation.yml",
        f"--private-key={lab.identity_file}",
        f"--ssh-common-args=-F {lab.ssh_config}",
        *args,
    ]
    return subprocess.run(
        command,
        cwd=run.out_dir,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def recap(output: str) -> dict[str, dict[str, int]]:
    """PLAY RECAP per inventory name: ok, changed, unreachable, failed, skipped, ..."""
    tail = output.rsplit("PLAY RECAP", 1)[-1]
    return {
        host: {k: int(v) for k, v in (pair.split("=") for pair in counts.split())}
        for host, counts in _RECAP.findall(tail)
    }


def without_login_records(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    changed = changed_files(before, after)
    return {
        host: kept
        for host, entries in changed.items()
        if (kept := [e for e in entries if e[0] not in LOGIN_RECORDS])
    }


def test_the_fix_plan_fixes_every_automatable_host_and_nothing_else(
    fix_lab: Lab, workdir: Path
) -> None:
    lab = fix_lab
    by_ip = {h.ip: h.name for h in lab.hosts}
    automatable = {h.name for h in lab.hosts if h.expect["after"] == "healthy"} - {"healthy"}
    untouched = {h.name for h in lab.hosts} - automatable

    # 1. Diagnose: every host as its scenario says, and the fix plan beside the reports.
    first = diagnose(lab, workdir / "fix-before")
    assert first.exit_code == 1, first.stdout[-3000:] + first.stderr[-2000:]
    assert verdict_mismatches(lab.hosts, first.summary) == []
    playbook_text = (first.out_dir / "remediation.yml").read_text()
    plays: list[dict[str, Any]] = yaml.safe_load(playbook_text)
    inventory = (first.out_dir / "remediation.inventory.ini").read_text()
    names = {}  # inventory name -> lab host name
    for line in inventory.splitlines():
        if line and not line.startswith("#"):
            name, *vars_ = line.split()
            address = dict(v.split("=", 1) for v in vars_)["ansible_host"]
            names[name] = by_ip[address]
    got = {(p["name"].split(" ", 1)[0], frozenset(names[h] for h in p["hosts"])) for p in plays}
    assert got == EXPECTED_PLAYS, got
    header = [ln for ln in playbook_text.splitlines() if ln.startswith("#")]
    wrong_region = lab.host("wrong-region").url
    assert any("step2.region" in ln and wrong_region in ln for ln in header), header
    assert any("logtail.sh install cn-hangzhou" in ln for ln in header), header

    # 2. --check: Ansible says what it would do and changes nothing, files or processes.
    config_action = first.summary["hosts"][lab.host("config-edited").url]["checks"][
        "step2.config_loaded"
    ]["action"]
    assert config_action["kind"] == "RestartAgent"
    daemon_pid = config_action["daemon_pid"]
    before = lab.snapshot()
    dry = ansible_playbook(lab, first, "--check")
    assert dry.returncode == 0, dry.stdout[-4000:] + dry.stderr[-2000:]
    assert without_login_records(before, lab.snapshot()) == {}
    assert lab.run("stopped", ["/etc/init.d/ilogtaild", "status"]).returncode == 3
    assert lab.run("loong-stopped", ["/etc/init.d/loongcollectord", "status"]).returncode == 3
    assert lab.run("config-edited", ["test", "-d", f"/proc/{daemon_pid}"]).returncode == 0
    dry_recap = recap(dry.stdout)
    assert {names[h] for h in dry_recap} == automatable, dry_recap
    assert all(c["failed"] == 0 and c["unreachable"] == 0 for c in dry_recap.values())

    # 3. For real: every automatable host changes, no task fails.
    applied = ansible_playbook(lab, first)
    assert applied.returncode == 0, applied.stdout[-4000:] + applied.stderr[-2000:]
    real = recap(applied.stdout)
    assert {names[h] for h in real} == automatable, real
    for host, counts in real.items():
        assert counts["failed"] == counts["unreachable"] == 0, (names[host], counts)
        assert counts["changed"] >= 1, (names[host], counts)
    assert lab.run("config-edited", ["test", "-d", f"/proc/{daemon_pid}"]).returncode != 0

    # 4. Again: idempotent, nothing left to change (no second restart, no file rewritten).
    settled = lab.snapshot()
    again = ansible_playbook(lab, first)
    assert again.returncode == 0, again.stdout[-4000:] + again.stderr[-2000:]
    assert all(c["changed"] == 0 for c in recap(again.stdout).values()), recap(again.stdout)
    assert without_login_records(settled, lab.snapshot()) == {}

    # 5. Diagnose again: the automatable hosts are healthy, the others as they were.
    second = diagnose(lab, workdir / "fix-after")
    hosts = second.summary["hosts"]
    for lab_host in lab.hosts:
        got_host = hosts[lab_host.url]
        assert got_host["status"] == lab_host.expect["after"], (lab_host.name, got_host)
    assert hosts[wrong_region]["root_cause"] == "step2.region"
    changed = without_login_records(before, lab.snapshot())
    assert not set(changed) & untouched, sorted(changed)  # not a file changed on them
    # The fixes that write: the identifier files, and app_info.json by the restarted agent.
    assert {"custom-missing", "no-user-id", "stopped-no-user-id", "ip-changed"} <= set(changed)
    assert set(changed) <= automatable, sorted(changed)
    replan: list[dict[str, Any]] = yaml.safe_load((second.out_dir / "remediation.yml").read_text())
    assert [p["hosts"] for p in replan] == ["all:!all"], replan  # nothing left to automate
