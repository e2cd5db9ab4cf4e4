"""The fix line of an unreachable host: an ssh command that means what the run tried."""

from __future__ import annotations

import shlex
import time

import pytest

from logtail_doctor.checks.reachable import unreachable_remediation
from logtail_doctor.transport import ConnectionOptions, expand_targets, ssh_check_command
from logtail_doctor.transport.ssh import SILENT_SSH_FAILURE, run_ssh

REFUSED = "ssh failed: ssh: connect to host 127.0.0.1 port 1: Connection refused"


@pytest.mark.parametrize(
    ("target_id", "argv"),
    [
        ("ssh://root@127.0.0.1:1", ["ssh", "-p", "1", "root@127.0.0.1", "true"]),
        ("ssh://root@10.0.0.1", ["ssh", "root@10.0.0.1", "true"]),
        (
            "safe-ssh://admin@web-1.example:2222",
            ["ssh", "-p", "2222", "admin@web-1.example", "true"],
        ),
        ("paramiko://root@10.0.0.1:22", ["ssh", "-p", "22", "root@10.0.0.1", "true"]),
        # No scheme: testinfra's --connection reads it the same way.
        ("root@10.0.0.1:2200", ["ssh", "-p", "2200", "root@10.0.0.1", "true"]),
        ("10.0.0.1", ["ssh", "10.0.0.1", "true"]),
        # IPv6: ssh wants the address without brackets, the port apart.
        ("ssh://root@[2001:db8::1]:2222", ["ssh", "-p", "2222", "root@2001:db8::1", "true"]),
        ("ssh://[::1]", ["ssh", "::1", "true"]),
        # The redacted password and the spec's query are no part of the destination.
        ("ssh://root:***@10.0.0.1:2222?sudo=true", ["ssh", "-p", "2222", "root@10.0.0.1", "true"]),
        ("ansible://web-1", ["ssh", "web-1", "true"]),
    ],
)
def test_the_destination_is_the_host_user_and_port_apart(target_id: str, argv: list[str]) -> None:
    assert shlex.split(ssh_check_command(target_id, ConnectionOptions())) == argv


def test_the_runs_ssh_config_and_key_come_first_and_quoted() -> None:
    options = ConnectionOptions(
        ssh_config="/srv/fleet config", ssh_identity_file="/keys/id's ed25519"
    )
    line = ssh_check_command("ssh://root@127.0.0.1:1", options)
    assert line == (
        "ssh -F '/srv/fleet config' -i '/keys/id'\"'\"'s ed25519' -p 1 root@127.0.0.1 true"
    )
    assert shlex.split(line) == [
        "ssh",
        *("-F", "/srv/fleet config"),
        *("-i", "/keys/id's ed25519"),
        *("-p", "1"),
        "root@127.0.0.1",
        "true",
    ]


def test_the_network_fix_carries_the_ssh_line_in_every_language() -> None:
    options = ConnectionOptions(ssh_config="/srv/fleet_config")
    fix = unreachable_remediation("ssh://root@127.0.0.1:1", REFUSED, options)
    assert fix.key == "host.reachable.fix.network"
    expected = "ssh -F /srv/fleet_config -p 1 root@127.0.0.1 true"
    assert dict(fix.params)["ssh_cmd"] == expected
    assert fix.commands() == [expected]  # what the report offers to copy
    for lang in ("en", "ja", "zh"):
        assert expected in fix.render(lang), lang


def test_without_options_the_line_has_no_config() -> None:
    fix = unreachable_remediation("ssh://root@127.0.0.1:1", REFUSED)
    assert dict(fix.params)["ssh_cmd"] == "ssh -p 1 root@127.0.0.1 true"


def test_an_auth_failure_gets_the_auth_fix_not_the_ssh_line() -> None:
    fix = unreachable_remediation(
        "ssh://root@127.0.0.1:1",
        "ssh failed: root@127.0.0.1: Permission denied (publickey).",
        ConnectionOptions(ssh_config="/srv/fleet_config"),
    )
    assert fix.key == "host.reachable.fix.auth"


def test_a_missing_sshpass_names_the_program_and_its_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """issue 36: "cannot start ssh: No such file or directory", with advice about the SSH port."""
    monkeypatch.setenv("PATH", "/nonexistent")  # no sshpass (nor ssh) to be found
    [target] = expand_targets(["ssh://root:pw@127.0.0.1:1"], ConnectionOptions())
    reason = run_ssh(target.host.backend, "true", time.monotonic() + 5, "5 s")
    assert reason == (
        "cannot start sshpass: not installed on this runner (a password in the host spec is "
        "passed to ssh by sshpass); package sshpass"
    )
    fix = unreachable_remediation(target.host_id, reason)
    assert fix.key == "host.reachable.fix.program"
    assert fix.render() == (
        "Install sshpass on this runner (Debian/Ubuntu: apt-get install sshpass), then run again"
    )
    [plain] = expand_targets(["ssh://root@127.0.0.1:1"], ConnectionOptions())
    reason = run_ssh(plain.host.backend, "true", time.monotonic() + 5, "5 s")
    assert isinstance(reason, str)
    assert reason.startswith(
        "cannot start ssh: not installed on this runner; package openssh-client"
    )


def test_a_silent_ssh_failure_says_the_keepalive_bound_that_ended_it() -> None:
    """issue 36: a host frozen mid-probe read only "ssh exited 255"."""
    assert SILENT_SSH_FAILURE.startswith("ssh exited 255 without a message: ")
    assert "after about 10 s of silence (ServerAliveInterval=5, ServerAliveCountMax=2)" in (
        SILENT_SSH_FAILURE
    )
