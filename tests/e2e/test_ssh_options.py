"""The user's ssh_config, honoured alike by both SSH transports over real SSH.

Host keys as strict as the config asks (StrictHostKeyChecking yes with a
hashed known-hosts entry, a wrong key, no entry; accept-new recording a new
key), ProxyJump through a lab host acting as bastion (the target's sshd drops
the runner's own address, so only the jump reaches it), and, for asyncssh
only, an option it would not honour stopping the run in one line.
"""

from __future__ import annotations

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
  - name: known
  - name: wrong-key
  - name: unknown
  - name: bastion
  - name: behind
"""
RUNNER_IP = "10.250.0.1"  # the runner's address on the lab bridge


@pytest.fixture(scope="module")
def options_lab(workdir: Path) -> Iterator[Lab]:
    scenario = workdir / "ssh-options.yaml"
    scenario.write_text(SCENARIO)
    with module_lab(workdir, scenario) as lab:
        # "behind" answers only the bastion: its sshd port drops the runner.
        drop = ["-p", "tcp", "--dport", "22", "-s", RUNNER_IP, "-j", "DROP"]
        done = lab.run("behind", ["iptables", "-w", "-I", "INPUT", *drop])
        assert done.returncode == 0, done.stderr
        yield lab


def _host_key(lab: Lab, name: str) -> str:
    done = lab.run(name, ["cat", "/etc/ssh/ssh_host_ed25519_key.pub"])
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split()[:2])


def _config(lab: Lab, path: Path, first: str) -> Path:
    """The lab's ssh_config with blocks before it (ssh takes the first value it finds)."""
    path.write_text(first + lab.ssh_config.read_text())
    return path


def _run(lab: Lab, out: Path, config: Path, transport: str, names: list[str]) -> SuiteRun:
    specs = [url(lab.host(n).url, transport) for n in names]
    return run_suite(
        out,
        f"--targets={lab.targets_file}",
        f"--ssh-config={config}",
        f"--hosts={','.join(specs)}",
        "--connect-timeout=3",
        "--command-timeout=20",
    )


def _status(run: SuiteRun, lab: Lab, name: str, transport: str) -> tuple[str, str]:
    host = run.summary["hosts"][url(lab.host(name).url, transport)]
    message = host["checks"]["host.reachable"]["message"] if host["root_cause"] else ""
    return host["status"], message


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_strict_host_keys_follow_the_known_hosts_file(
    options_lab: Lab, workdir: Path, transport: str
) -> None:
    lab = options_lab
    known_hosts = workdir / f"known_hosts-{transport}"
    known_hosts.write_text(
        f"{lab.host('known').ip} {_host_key(lab, 'known')}\n"
        f"{lab.host('wrong-key').ip} {_host_key(lab, 'known')}\n"
    )
    # hashed as ssh's HashKnownHosts would write it
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(known_hosts)], check=True, timeout=30)
    assert lab.host("known").ip not in known_hosts.read_text()
    config = _config(
        lab,
        workdir / f"strict-{transport}.conf",
        f"Host *\n    StrictHostKeyChecking yes\n    UserKnownHostsFile {known_hosts}\n",
    )
    run = _run(
        lab, workdir / f"strict-{transport}", config, transport, ["known", "wrong-key", "unknown"]
    )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    assert _status(run, lab, "known", transport) == ("healthy", "")
    for name in ("wrong-key", "unknown"):
        status, message = _status(run, lab, name, transport)
        assert status == "unreachable", (name, message)
        assert "Host key verification failed" in message, (name, message)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_accept_new_records_the_new_host_and_then_holds_to_it(
    options_lab: Lab, workdir: Path, transport: str
) -> None:
    lab = options_lab
    known_hosts = workdir / f"known_hosts-accept-new-{transport}"
    known_hosts.write_text(f"{lab.host('wrong-key').ip} {_host_key(lab, 'known')}\n")
    config = _config(
        lab,
        workdir / f"accept-new-{transport}.conf",
        f"Host *\n    StrictHostKeyChecking accept-new\n    UserKnownHostsFile {known_hosts}\n",
    )
    run = _run(
        lab, workdir / f"accept-new-{transport}", config, transport, ["unknown", "wrong-key"]
    )
    assert _status(run, lab, "unknown", transport) == ("healthy", "")
    status, message = _status(run, lab, "wrong-key", transport)
    assert (status, "Host key verification failed" in message) == ("unreachable", True), message
    lines = known_hosts.read_text().splitlines()
    assert len(lines) == 2, lines
    assert lines[1].split()[-1] == _host_key(lab, "unknown").split()[-1]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_proxy_jump_through_a_lab_bastion(options_lab: Lab, workdir: Path, transport: str) -> None:
    lab = options_lab
    behind, bastion = lab.host("behind").ip, lab.host("bastion").ip
    direct = _run(lab, workdir / f"direct-{transport}", lab.ssh_config, transport, ["behind"])
    status, message = _status(direct, lab, "behind", transport)  # control: no way in directly
    assert (status, "timed out" in message) == ("unreachable", True), message
    config = _config(
        lab, workdir / f"jump-{transport}.conf", f"Host {behind}\n    ProxyJump root@{bastion}\n"
    )
    run = _run(lab, workdir / f"jump-{transport}", config, transport, ["behind"])
    assert _status(run, lab, "behind", transport) == ("healthy", ""), run.stdout[-3000:]


def test_an_option_asyncssh_would_not_honour_stops_the_run_in_one_line(
    options_lab: Lab, workdir: Path
) -> None:
    lab = options_lab
    marker = workdir / "ltd-owned-match-exec"
    config = _config(
        lab,
        workdir / "match-exec.conf",
        f'Match exec "touch {marker}"\n    Port 2222\n',
    )
    run = _run(lab, workdir / "match-exec", config, "asyncssh", ["known"])
    output = run.stdout + run.stderr
    assert run.exit_code == 4, output[-2000:]
    errors = [ln for ln in output.splitlines() if ln.startswith("ERROR:")]
    assert len(errors) == 1, output
    assert "Match exec" in errors[0], errors
    assert f"asyncssh://root@{lab.host('known').ip}" in errors[0], errors
    assert "default transport" in errors[0], errors
    assert "Traceback" not in output
    assert not marker.exists()
