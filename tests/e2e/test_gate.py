"""The suite as a CI gate: exit codes, --hosts selection, and one-line usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.suite import run_suite

pytestmark = pytest.mark.e2e


def test_only_healthy_hosts_selected_exits_0(demo_lab: Lab, workdir: Path) -> None:
    healthy = [h.url for h in demo_lab.hosts if h.expect["status"] == "healthy"]
    run = run_suite(
        workdir / "healthy-only",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--hosts={','.join(healthy)}",
    )
    assert run.exit_code == 0, run.stdout[-3000:]
    assert sorted(run.summary["hosts"]) == sorted(healthy)
    assert run.summary["counts"] == {"healthy": len(healthy), "unhealthy": 0, "unreachable": 0}


BAD_TARGETS = [
    (
        "project:\n  name: web-logs\n  region: cn-hangzhou\n  network: lan\n"
        "account_ids: ['1234567890123456']\nmachine_groups: [{name: g1, ips: [10.0.0.1]}]\n"
        "hosts: [{url: 'ssh://root@10.250.0.2'}]\n",
        "project.network",
    ),
    (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: ['12345x']\nmachine_groups: [{name: g1, ips: [10.0.0.1]}]\n"
        "hosts: [{url: 'ssh://root@10.250.0.2'}]\n",
        "account_ids[0]",
    ),
    (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: ['1234567890123456']\nmachine_groups: [{name: g1, ips: [10.0.0.300]}]\n"
        "hosts: [{url: 'ssh://root@10.250.0.2'}]\n",
        "machine_groups[0].ips[0]",
    ),
    (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: ['1234567890123456']\nmachine_groups: [{name: g1, ips: [10.0.0.1]}]\n"
        "hosts: [{url: 'ssh://root@10.250.0.2', machine_group: nope}]\n",
        "hosts[0].machine_group",
    ),
    (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: '1234567890123456'\nmachine_groups: []\n",
        "account_ids",
    ),
]


@pytest.mark.parametrize(
    ("document", "field"), BAD_TARGETS, ids=[field for _, field in BAD_TARGETS]
)
def test_bad_targets_file_is_one_line_exit_4(tmp_path: Path, document: str, field: str) -> None:
    targets = tmp_path / "bad.yaml"
    targets.write_text(document)
    run = run_suite(tmp_path / "out", f"--targets={targets}")
    assert run.exit_code == 4, run.stdout + run.stderr
    output = (run.stdout + run.stderr).strip()
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    assert len(errors) == 1, output
    assert str(targets) in errors[0]
    assert f"{field}:" in errors[0]
    assert not (tmp_path / "out" / "summary.json").exists()


def test_missing_targets_option_is_exit_4(tmp_path: Path) -> None:
    run = run_suite(tmp_path / "out")
    assert run.exit_code == 4
    assert "--targets FILE is required" in run.stdout + run.stderr
