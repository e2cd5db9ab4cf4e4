"""Ansible inventories: --hosts ansible://GROUP --ansible-inventory FILE, over real SSH.

testinfra's ansible backend reads the inventory with ansible-core's own
`ansible-inventory`; each host then runs the probe through the connection
its inventory entry names (here ssh), bounded like any ssh host.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, run_suite

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def smoke_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "smoke.yaml") as lab:
        yield lab


@pytest.fixture(scope="module")
def inventory(smoke_lab: Lab, workdir: Path) -> Path:
    lines = ["[web]"]
    for h in smoke_lab.hosts:
        lines.append(f"{h.name} ansible_host={h.ip} ansible_user=root")
    lines += [
        "[web:vars]",
        f"ansible_ssh_private_key_file={smoke_lab.identity_file}",
        "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'",
        "[unreachable]",
        "ghost ansible_host=10.250.254.7 ansible_user=root",
    ]
    path = workdir / "inventory.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def _check(run_summary: dict[str, object]) -> None:
    hosts = run_summary["hosts"]
    assert isinstance(hosts, dict)
    assert sorted(hosts) == ["ansible://healthy", "ansible://stopped"], sorted(hosts)
    assert hosts["ansible://healthy"]["status"] == "healthy", hosts["ansible://healthy"]
    stopped = hosts["ansible://stopped"]
    assert (stopped["status"], stopped["root_cause"]) == ("unhealthy", "step1.running")


def test_ansible_group_on_the_command_line(smoke_lab: Lab, inventory: Path, workdir: Path) -> None:
    before = smoke_lab.snapshot()
    run = run_suite(
        workdir / "ansible-cli",
        f"--targets={smoke_lab.targets_file}",
        "--hosts=ansible://web",
        f"--ansible-inventory={inventory}",
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    _check(run.summary)
    assert smoke_lab.snapshot() == before  # read-only, as over plain ssh


def test_ansible_group_in_the_targets_file(smoke_lab: Lab, inventory: Path, workdir: Path) -> None:
    document = yaml.safe_load(smoke_lab.targets_file.read_text())
    document["hosts"] = [{"url": "ansible://web", "machine_group": "web-servers"}]
    targets = workdir / "ansible-targets.yaml"
    targets.write_text(yaml.safe_dump(document))
    run = run_suite(
        workdir / "ansible-file", f"--targets={targets}", f"--ansible-inventory={inventory}"
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    _check(run.summary)
    assert (
        "web-servers"
        in run.summary["hosts"]["ansible://healthy"]["checks"]["step3.ip_in_group"]["message"]
    )


def test_unreachable_ansible_host_is_bounded(
    smoke_lab: Lab, inventory: Path, workdir: Path
) -> None:
    run = run_suite(
        workdir / "ansible-ghost",
        f"--targets={smoke_lab.targets_file}",
        "--hosts=ansible://unreachable",
        f"--ansible-inventory={inventory}",
        "--connect-timeout=2",
        "--command-timeout=4",
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    ghost = run.summary["hosts"]["ansible://ghost"]
    assert ghost["status"] == "unreachable"
    assert ghost["probe_seconds"] <= 2 + 4 + 4


def test_unknown_group_or_inventory_is_a_one_line_error(
    smoke_lab: Lab, inventory: Path, tmp_path: Path
) -> None:
    for args in (
        ["--hosts=ansible://nosuchgroup", f"--ansible-inventory={inventory}"],
        ["--hosts=ansible://web", f"--ansible-inventory={tmp_path / 'missing.ini'}"],
    ):
        run = run_suite(tmp_path / "out", f"--targets={smoke_lab.targets_file}", *args)
        output = run.stdout + run.stderr
        assert run.exit_code == 4, output[-2000:]
        errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
        assert len(errors) == 1, output
        assert "Traceback" not in output


@pytest.fixture(scope="module")
def paramiko_inventory(smoke_lab: Lab, workdir: Path) -> Path:
    """The same hosts, reached through ansible_connection=paramiko."""
    lines = ["[web]"]
    for h in smoke_lab.hosts:
        lines.append(f"{h.name} ansible_host={h.ip} ansible_user=root")
    lines += [
        "[web:vars]",
        "ansible_connection=paramiko",
        f"ansible_ssh_private_key_file={smoke_lab.identity_file}",
        "ansible_host_key_checking=false",
    ]
    path = workdir / "inventory-paramiko.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


# sshd's own login accounting: written when a session asks for a terminal, as
# ansible's paramiko connection and its forced ssh connection (-tt) do. The
# probe itself writes nothing; these two files are all that may change.
LOGIN_RECORDS = {"var/log/wtmp", "var/log/lastlog"}


def _only_login_records_changed(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]
) -> None:
    assert before.keys() == after.keys()
    for host, files in before.items():
        changed = {p for p in set(files) | set(after[host]) if files.get(p) != after[host].get(p)}
        assert changed <= LOGIN_RECORDS, (host, sorted(changed))


def test_ansible_paramiko_connection(
    smoke_lab: Lab, paramiko_inventory: Path, workdir: Path
) -> None:
    before = smoke_lab.snapshot()
    run = run_suite(
        workdir / "ansible-paramiko",
        f"--targets={smoke_lab.targets_file}",
        "--hosts=ansible://web",
        f"--ansible-inventory={paramiko_inventory}",
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    _check(run.summary)
    _only_login_records_changed(before, smoke_lab.snapshot())


def test_force_ansible_runs_the_probe_through_ansible(
    smoke_lab: Lab, inventory: Path, workdir: Path
) -> None:
    """--force-ansible: every command goes through ansible's own modules, not ssh."""
    before = smoke_lab.snapshot()
    run = run_suite(
        workdir / "ansible-forced",
        f"--targets={smoke_lab.targets_file}",
        "--hosts=ansible://web",
        f"--ansible-inventory={inventory}",
        "--force-ansible",
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    _check(run.summary)
    _only_login_records_changed(before, smoke_lab.snapshot())
