"""Hostile input: values planted on hosts and in targets files never run, and nothing leaks.

hostile.yaml plants shell metacharacters in a config server URL, hostnames and
user-identifier file names, plus 1 GiB and binary agent files. Every planted
command would create a /tmp/ltd-owned-* marker; after the run no marker exists
on any host or on the runner, every host ends with a verdict (no crash), and
no file on any host changed. A password planted in host specs appears in no
output. Each run goes over both SSH transports (OpenSSH processes, asyncssh).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import REPO, SCENARIOS, SuiteRun, run_suite
from tests.e2e.transports import TRANSPORTS, host_url, targets_file

pytestmark = pytest.mark.e2e

MARKER_GLOB = "ltd-owned-*"
SECRET = "Pl4nted-S3cret-pw"
# Where a planted command would leave its marker: /tmp, or the working dir of
# whatever ran it (the suite runs from the repo; a host's shell from / or /root).
RUNNER_DIRS = (Path("/tmp"), REPO, Path.cwd(), Path("/root"))
HOST_DIRS = ("/tmp", "/", "/root")


@pytest.fixture(scope="module")
def hostile_lab(workdir: Path) -> Iterator[Lab]:
    _clear_runner_markers()
    with module_lab(workdir, SCENARIOS / "hostile.yaml") as lab:
        yield lab


@pytest.fixture(scope="module", params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def hostile_run(
    hostile_lab: Lab, workdir: Path, transport: str
) -> tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float]:
    before = hostile_lab.snapshot()
    started = time.monotonic()
    run = run_suite(
        workdir / f"hostile-run-{transport}",
        f"--targets={targets_file(hostile_lab, transport, workdir / 'hostile-targets')}",
        f"--ssh-config={hostile_lab.ssh_config}",
        "--connect-timeout=5",
        "--command-timeout=30",
    )
    wall = time.monotonic() - started
    return run, before, hostile_lab.snapshot(), wall


def _runner_markers() -> list[Path]:
    return sorted(p for d in RUNNER_DIRS for p in d.glob(MARKER_GLOB))


def _clear_runner_markers() -> None:
    for path in _runner_markers():
        path.unlink()


def test_every_hostile_host_gets_a_verdict(
    hostile_lab: Lab,
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
    transport: str,
) -> None:
    run, _before, _after, _wall = hostile_run
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Traceback" not in run.stdout + run.stderr
    hosts = run.summary["hosts"]
    assert sorted(hosts) == sorted(host_url(h, transport) for h in hostile_lab.hosts)
    for lab_host in hostile_lab.hosts:
        got = hosts[host_url(lab_host, transport)]
        assert got["status"] != "unreachable", (lab_host.name, got)
        for key, value in lab_host.expect.items():
            assert got[key] == value, (lab_host.name, key, got)
        for check_id, check in got["checks"].items():
            assert "internal error" not in check["message"], (lab_host.name, check_id, check)


def test_huge_and_binary_files_fail_clearly_at_bounded_cost(
    hostile_lab: Lab,
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
    transport: str,
) -> None:
    run, _before, _after, wall = hostile_run
    hosts = run.summary["hosts"]
    names = ("huge-config", "binary-config", "huge-app-info", "binary-app-info", "huge-answer")
    for name in names:
        got = hosts[host_url(hostile_lab.host(name), transport)]
        cause = got["checks"][got["root_cause"]]
        assert cause["outcome"] == "failed"
        assert cause["message"], (name, cause)
        # Each host's answer was read within a few seconds, not after reading 1 GiB.
        assert got["probe_seconds"] < 20, (name, got["probe_seconds"])
    # A 1 GiB answer from the config server: read up to the probe's cap, judged not SLS.
    answer = hosts[host_url(hostile_lab.host("huge-answer"), transport)]["checks"]["step2.endpoint"]
    assert "not SLS" in answer["message"], answer
    # The probe sends at most 64 KiB per value: the whole report stays small.
    assert (run.out_dir / "summary.json").stat().st_size < 2_000_000
    assert wall < 120, wall


def test_a_flooding_status_and_a_crowded_users_folder_are_findings_not_lost_hosts(
    hostile_lab: Lab,
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
    transport: str,
) -> None:
    """issue 36: a status printing 10 MB made the host "unreachable" (4 MiB read); a users
    folder of many files showed 10 names and no count."""
    run, _before, _after, _wall = hostile_run
    hosts = run.summary["hosts"]
    flood = hosts[host_url(hostile_lab.host("status-flood"), transport)]
    running = flood["checks"]["step1.running"]
    assert running["outcome"] == "failed", running
    assert "status` printed more than 64 KiB" in running["message"], running
    assert flood["probe_seconds"] < 20, flood["probe_seconds"]
    crowded = hosts[host_url(hostile_lab.host("users-many"), transport)]
    user_id = crowded["checks"]["step4.user_id"]
    assert "/etc/ilogtail/users holds 30000 entries" in user_id["message"], user_id
    assert "(+29990 more)" in user_id["message"], user_id


def test_a_proxy_password_holding_at_signs_appears_in_no_output(
    hostile_lab: Lab,
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
    transport: str,
) -> None:
    """issue 36: only the text up to the first '@' of the password was masked."""
    run, _before, _after, _wall = hostile_run
    proxy = run.summary["hosts"][host_url(hostile_lab.host("evil-proxy"), transport)]
    assert (
        "HTTP_PROXY=http://dave:***@10.250.254.30:3128" in proxy["checks"]["step2.proxy"]["message"]
    ), proxy["checks"]["step2.proxy"]
    outputs = {"stdout": run.stdout, "stderr": run.stderr}
    for path in sorted(run.out_dir.iterdir()):
        outputs[path.name] = path.read_text(encoding="utf-8", errors="replace")
    assert {"summary.json", "junit.xml", "report.html", "tests.html"} <= set(outputs)
    for name, text in outputs.items():
        assert "PXPWat" not in text, name
        assert "sign44" not in text, name


def test_no_planted_command_ran_on_any_host_or_the_runner(
    hostile_lab: Lab,
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
) -> None:
    hostile_run[0].summary  # noqa: B018 - the run happened
    assert _runner_markers() == []
    for lab_host in hostile_lab.hosts:
        listing = hostile_lab.run(lab_host.name, ["ls", "-A", *HOST_DIRS])
        assert listing.returncode == 0, listing.stderr
        assert "ltd-owned" not in listing.stdout, (lab_host.name, listing.stdout)


def test_the_marker_check_can_see_a_marker(hostile_lab: Lab) -> None:
    """Control: a marker created inside a host is seen by the check above (then removed)."""
    name = hostile_lab.hosts[0].name
    hostile_lab.run(name, ["touch", "/tmp/ltd-owned-control"])
    try:
        listing = hostile_lab.run(name, ["ls", "-A", "/tmp"])
        assert "ltd-owned-control" in listing.stdout
    finally:
        hostile_lab.run(name, ["rm", "-f", "/tmp/ltd-owned-control"])


def test_the_run_changed_no_file_on_any_host(
    hostile_run: tuple[SuiteRun, dict[str, dict[str, str]], dict[str, dict[str, str]], float],
) -> None:
    _run, before, after, _wall = hostile_run
    assert before == after
    assert any("usr/local/ilogtail/ilogtail_config.json" in files for files in before.values())


@pytest.mark.parametrize("scheme", TRANSPORTS)
def test_hostile_host_specs_are_refused_in_one_line(
    hostile_lab: Lab, tmp_path: Path, scheme: str
) -> None:
    """A spec that would smuggle an ssh option or a file choice is a usage error, before any
    connection; the runner's planted marker does not appear."""
    healthy = hostile_lab.host("healthy")
    bad_specs = [
        f"{scheme}://-oProxyCommand=touch${{IFS}}/tmp/ltd-owned-spec1",
        f"{scheme}://root@{healthy.ip}?ssh_config=/tmp/ltd-owned-spec2",
        f"{scheme}://root@{healthy.ip}$(touch${{IFS}}/tmp/ltd-owned-spec3)",
        f"paramiko://-oProxyCommand=touch${{IFS}}/tmp/ltd-owned-spec4@{healthy.ip}",
        f"{scheme}://root@{healthy.ip}:22;touch${{IFS}}/tmp/ltd-owned-spec5",
    ]
    for i, spec in enumerate(bad_specs):
        document = yaml.safe_load(hostile_lab.targets_file.read_text())
        document["hosts"] = [{"url": spec}]
        targets = tmp_path / f"bad{i}.yaml"
        targets.write_text(yaml.safe_dump(document))
        for where in (
            [f"--targets={targets}"],
            [
                f"--targets={hostile_lab.targets_file}",
                f"--hosts={spec}",
            ],
        ):
            run = run_suite(tmp_path / f"out{i}", *where, f"--ssh-config={hostile_lab.ssh_config}")
            output = run.stdout + run.stderr
            assert run.exit_code == 4, (spec, output[-2000:])
            errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
            assert len(errors) == 1, (spec, output)
            assert "Traceback" not in output
    assert _runner_markers() == []


def test_a_password_in_a_host_spec_appears_in_no_output(hostile_lab: Lab, workdir: Path) -> None:
    healthy = hostile_lab.host("healthy")
    other = hostile_lab.host("evil-users")
    document = yaml.safe_load(hostile_lab.targets_file.read_text())
    ssh_spec = f"ssh://root:{SECRET}@{healthy.ip}"  # sshpass is not installed: an error
    paramiko_spec = f"paramiko://root:{SECRET}@{other.ip}"  # logs in with the key
    # the key first, as ssh: the password is offered to no one
    asyncssh_spec = f"asyncssh://root:{SECRET}@{hostile_lab.host('evil-hostname').ip}"
    document["hosts"] = [
        {"url": ssh_spec, "machine_group": "web-servers"},
        {"url": paramiko_spec, "machine_group": "web-servers"},
        {"url": asyncssh_spec, "machine_group": "web-servers"},
    ]
    targets = workdir / "secret-targets.yaml"
    targets.write_text(yaml.safe_dump(document))
    out = workdir / "secret-run"
    run = run_suite(
        out,
        f"--targets={targets}",
        f"--ssh-config={hostile_lab.ssh_config}",
        f"--ssh-identity-file={hostile_lab.identity_file}",
        "--connect-timeout=5",
        "-rA",
        "-v",
    )
    assert run.exit_code in (0, 1), run.stdout[-3000:] + run.stderr[-2000:]
    hosts = run.summary["hosts"]
    asyncssh_id = f"asyncssh://root:***@{hostile_lab.host('evil-hostname').ip}"
    assert sorted(hosts) == sorted(
        [f"ssh://root:***@{healthy.ip}", f"paramiko://root:***@{other.ip}", asyncssh_id]
    ), sorted(hosts)
    outputs = {"stdout": run.stdout, "stderr": run.stderr}
    for path in sorted(out.iterdir()):
        outputs[path.name] = path.read_text(encoding="utf-8", errors="replace")
    assert {"summary.json", "junit.xml", "report.html"} <= set(outputs)
    for name, text in outputs.items():
        assert SECRET not in text, name
    # The ssh host failed (no sshpass) with its reason shown, secret-free, naming the
    # missing program and its package (issue 36: "cannot start ssh: No such file ...").
    no_sshpass = hosts[f"ssh://root:***@{healthy.ip}"]
    assert no_sshpass["status"] == "unreachable"
    reachable = no_sshpass["checks"]["host.reachable"]
    assert "cannot start sshpass: not installed on this runner" in reachable["message"]
    assert "apt-get install sshpass" in reachable["remediation"], reachable
    assert hosts[f"paramiko://root:***@{other.ip}"]["status"] == "healthy"
    assert hosts[asyncssh_id]["status"] != "unreachable", hosts[asyncssh_id]


def test_a_mistyped_ssh_config_is_a_usage_error_before_any_connection(
    hostile_lab: Lab, tmp_path: Path
) -> None:
    """issue 36: a mistyped --ssh-config made every host 'unreachable', and with
    --fail-on=unhealthy the run exited 0 with no host diagnosed."""
    typo = tmp_path / "fleet_confg"
    run = run_suite(
        tmp_path / "typo",
        f"--targets={hostile_lab.targets_file}",
        f"--ssh-config={typo}",
        "--fail-on=unhealthy",
    )
    output = run.stdout + run.stderr
    assert run.exit_code == 4, output[-2000:]
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    assert errors == [f"ERROR: --ssh-config {typo}: no such file"], output[-2000:]
    assert not (run.out_dir / "summary.json").exists()  # nothing was probed


def test_every_host_failing_alike_is_one_run_error_that_fails_the_gate(
    hostile_lab: Lab, tmp_path: Path
) -> None:
    """A readable ssh config that sends every host to a closed port: each host's own finding,
    and one run-level error, exit 1 although --fail-on=unhealthy tolerates unreachable hosts."""
    config = tmp_path / "wrong_port_config"
    config.write_text("Host *\n  Port 2\n" + hostile_lab.ssh_config.read_text())
    document = yaml.safe_load(hostile_lab.targets_file.read_text())
    document["hosts"] = document["hosts"][:3]
    targets = tmp_path / "three.yaml"
    targets.write_text(yaml.safe_dump(document))
    run = run_suite(
        tmp_path / "closed-port",
        f"--targets={targets}",
        f"--ssh-config={config}",
        "--fail-on=unhealthy",
        "--connect-timeout=5",
    )
    output = run.stdout + run.stderr
    assert run.exit_code == 1, output[-3000:]
    assert {h["status"] for h in run.summary["hosts"].values()} == {"unreachable"}
    error = run.summary["gate"]["run_error"]
    assert error.startswith("every host (3) failed the same way before its probe ran: "), error
    assert "port 2: Connection refused" in error, error
    assert f"ERROR: {error}: exit 1 whatever --fail-on says" in run.stdout, run.stdout[-2000:]
    assert "every host (3) failed the same way before its probe ran" in run.html
    props = {p.get("name"): p.get("value") for p in run.junit.iter("property")}
    assert props.get("logtail_doctor.run_error") == error, props
