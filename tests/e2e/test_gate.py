"""The suite as a CI gate: exit codes, --hosts selection, and one-line usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lab import Lab
from tests.e2e.suite import REPO, run_suite

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
    assert run.summary["counts"] == {
        "healthy": len(healthy),
        "partial": 0,
        "unhealthy": 0,
        "unreachable": 0,
    }


def test_pytest_html_can_be_left_out(demo_lab: Lab, workdir: Path) -> None:
    """`-p no:html` (docs/options.md): the run works and writes every other report."""
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    tests_html = REPO / "reports" / "tests.html"
    before = tests_html.stat().st_mtime_ns if tests_html.exists() else None
    run = run_suite(
        workdir / "no-html",
        "-p",
        "no:html",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--hosts={healthy.url}",
        html=False,
    )
    assert run.exit_code == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.summary["counts"] == {
        "healthy": 1,
        "partial": 0,
        "unhealthy": 0,
        "unreachable": 0,
    }
    assert (run.out_dir / "junit.xml").is_file()
    assert (run.out_dir / "report.html").is_file()
    after = tests_html.stat().st_mtime_ns if tests_html.exists() else None
    assert after == before, "pytest-html wrote reports/tests.html despite -p no:html"


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


def test_testinfra_options_work_unchanged(demo_lab: Lab, workdir: Path) -> None:
    """--hosts without a scheme, --connection=paramiko, --ssh-identity-file: as in testinfra."""
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    stopped = next(h for h in demo_lab.hosts if h.name == "stopped")
    specs = [f"root@{healthy.ip}", f"root@{stopped.ip}"]
    run = run_suite(
        workdir / "paramiko",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        "--connection=paramiko",
        f"--ssh-identity-file={demo_lab.identity_file}",
        f"--hosts={','.join(specs)}",
    )
    assert run.exit_code == 1, run.stdout[-3000:]
    hosts = run.summary["hosts"]
    assert sorted(hosts) == sorted(specs)
    assert hosts[specs[0]]["status"] == "healthy", hosts[specs[0]]
    assert (hosts[specs[1]]["status"], hosts[specs[1]]["root_cause"]) == (
        "unhealthy",
        "step1.running",
    )
    # Without a group in the targets file for these specs, the group listing
    # the host's address was chosen.
    assert "web-servers" in hosts[specs[0]]["checks"]["step3.ip_in_group"]["message"]


def test_a_silent_address_is_unreachable_within_the_bound(demo_lab: Lab, workdir: Path) -> None:
    """An address where no host answers costs at most the connect timeout; others are unaffected."""
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    silent = "ssh://root@10.250.254.1"  # in the lab's subnet, but no host has it
    run = run_suite(
        workdir / "silent",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        "--connect-timeout=2",
        f"--hosts={silent},{healthy.url}",
    )
    assert run.exit_code == 1, run.stdout[-3000:]
    hosts = run.summary["hosts"]
    assert hosts[healthy.url]["status"] == "healthy"
    assert hosts[silent]["status"] == "unreachable"
    assert hosts[silent]["root_cause"] == "host.reachable"
    # connect timeout 2 s; allow for ssh's own start-up, far below the 10 s default.
    assert hosts[silent]["probe_seconds"] < 8, hosts[silent]


DUPLICATE_KEY_TARGETS = (
    "project:\n"
    "  name: web-logs\n"
    "  region: cn-hangzhou\n"
    "  network: intranet\n"
    "  region: cn-beijing\n"  # line 5: the second region
    "account_ids: ['1234567890123456']\n"
    "machine_groups: [{name: g1, ips: [10.250.0.2]}]\n"
    "hosts: [{url: 'ssh://root@10.250.0.2'}]\n"
)
GOOD_TARGETS = DUPLICATE_KEY_TARGETS.replace("  region: cn-beijing\n", "")
DUPLICATE_KEY_WAIVERS = (
    "waivers:\n"
    "  - check: step4.user_id\n"
    "    hosts: '*'\n"
    "    justification: migration\n"
    "    expires: 2099-01-01\n"
    "    hosts: 'ssh://root@10.250.0.*'\n"  # line 6: the second hosts
)


@pytest.mark.parametrize("file", ["targets", "waivers"])
def test_a_duplicate_key_is_one_line_exit_4(tmp_path: Path, file: str) -> None:
    """Two `region:` in a targets file or two `hosts:` in a waiver: refused before any probe."""
    targets = tmp_path / "fleet.yaml"
    waivers = tmp_path / "waivers.yaml"
    targets.write_text(DUPLICATE_KEY_TARGETS if file == "targets" else GOOD_TARGETS)
    waivers.write_text(DUPLICATE_KEY_WAIVERS)
    args = [f"--targets={targets}"] + ([f"--waivers={waivers}"] if file == "waivers" else [])
    run = run_suite(tmp_path / "out", *args)
    assert run.exit_code == 4, run.stdout + run.stderr
    output = (run.stdout + run.stderr).strip()
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    expected = (
        f"{targets}:5: duplicate key 'region' (first at line 3)"
        if file == "targets"
        else f"{waivers}:6: duplicate key 'hosts' (first at line 3)"
    )
    assert errors == [f"ERROR: {expected}"], output
    assert not (tmp_path / "out" / "summary.json").exists()
