"""transport over WinRM: Windows hosts get the PowerShell probe, within our bounds.

No Windows host exists here. What is tested: the testinfra Host a winrm://
spec becomes (its conn_args carry our bounds), the command and stdin the
probe sends (through a stand-in for pywinrm's Protocol), the deadline and the
output cap of our WS-Management loop, and, with the real pywinrm, a WinRM
port on loopback that refuses the connection.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import testinfra
import winrm.exceptions
import winrm.protocol

from logtail_doctor.checks.reachable import unreachable_remediation
from logtail_doctor.i18n import Msg
from logtail_doctor.probe import (
    parse_windows_probe,
    windows_probe_command,
    windows_probe_input,
)
from logtail_doctor.transport import (
    OUTPUT_LIMIT,
    ConnectionOptions,
    Target,
    check_spec,
    expand_targets,
    probe,
    winrm_runner,
)

PASSWORD = "s3cr@t:pw"
QUOTED = "s3cr%40t%3Apw"
HEALTHY = (
    Path(__file__).resolve().parent.parent / "data" / "probe" / "windows" / "logtail1_healthy.txt"
).read_text(encoding="utf-8")


def winrm_target(
    spec: str = f"winrm://admin:{QUOTED}@10.0.0.5:5985?no_ssl=true",
    options: ConnectionOptions | None = None,
) -> Target:
    targets = expand_targets([spec], options or ConnectionOptions())
    assert len(targets) == 1
    return targets[0]


# --- specs and the backend's arguments --------------------------------------------------------


def test_a_winrm_spec_becomes_testinfras_winrm_backend_with_our_bounds() -> None:
    target = winrm_target(options=ConnectionOptions(connect_timeout=10, command_timeout=60))
    backend = target.host.backend
    assert backend.NAME == "winrm"
    assert backend.conn_args == {
        "endpoint": "http://10.0.0.5:5985/wsman",
        "transport": "ntlm",
        "username": "admin",
        "password": PASSWORD,
        "read_timeout_sec": 10,
        "operation_timeout_sec": 5,
    }
    assert target.host_id == "winrm://admin:***@10.0.0.5:5985?no_ssl=true"
    # pywinrm accepts them (it refuses read_timeout_sec <= operation_timeout_sec).
    protocol = winrm.protocol.Protocol(**backend.conn_args)
    assert protocol.transport.read_timeout_sec == 10


def test_https_and_no_verify_ssl() -> None:
    backend = winrm_target("winrm://admin:pw@win-1.example.com?no_verify_ssl=true").host.backend
    assert backend.conn_args["endpoint"] == "https://win-1.example.com/wsman"
    assert backend.conn_args["server_cert_validation"] == "ignore"


@pytest.mark.parametrize("connect", [1, 2, 3, 5, 10, 11, 60, 300])
def test_winrm_timeouts_satisfy_pywinrm_and_follow_the_connect_timeout(connect: int) -> None:
    read, operation = ConnectionOptions(connect_timeout=connect).winrm_timeouts
    assert 1 <= operation < read
    assert read == max(connect, 2)


@pytest.mark.parametrize(
    "spec",
    [
        "winrm://admin:pw@10.0.0.5?no_ssl=true&no_verify_ssl=true",
        "winrm://admin:pw@10.0.0.5:5986",
        "winrm://CORP%5Cadmin:pw@10.0.0.5",  # DOMAIN\user
        "winrm://admin%40corp.example.com:pw@10.0.0.5",  # user@domain
    ],
)
def test_winrm_specs_accepted(spec: str) -> None:
    target = winrm_target(spec)
    assert "pw@" not in target.host_id


@pytest.mark.parametrize(
    "spec",
    [
        "winrm://admin:pw@10.0.0.5?read_timeout_sec=99999",
        "winrm://admin:pw@10.0.0.5?operation_timeout_sec=1",
        "winrm://admin:pw@10.0.0.5?sudo=true",
        "winrm://admin:pw@10.0.0.5?ssh_config=/tmp/x",
        "ssh://root@10.0.0.5?no_ssl=true",
        "paramiko://root@10.0.0.5?no_verify_ssl=true",
    ],
)
def test_other_parameters_are_refused_and_winrm_ones_only_for_winrm(spec: str) -> None:
    with pytest.raises(ValueError, match=r"^host .* is not allowed") as info:
        check_spec(spec)
    assert "pw@" not in str(info.value)


@pytest.mark.parametrize(
    "spec",
    [
        "winrm://admin;id:pw@10.0.0.5",
        "winrm://admin:pw@-oProxyCommand=x",
        "ssh://CORP%5Cadmin@10.0.0.5",  # a backslash user is only for WinRM
    ],
)
def test_winrm_host_and_user_must_be_plain(spec: str) -> None:
    with pytest.raises(ValueError, match=r"^host "):
        expand_targets([spec], ConnectionOptions())


# --- the probe it runs, through a stand-in for pywinrm's Protocol ------------------------------


class FakeProtocol:
    """pywinrm's Protocol as our loop uses it; records every call."""

    def __init__(self, conn_args: dict[str, Any], outputs: list[Any]) -> None:
        self.conn_args = conn_args
        self.operation_timeout_sec = int(conn_args["operation_timeout_sec"])
        self.transport = SimpleNamespace(read_timeout_sec=int(conn_args["read_timeout_sec"]))
        self.outputs = outputs
        self.calls: list[tuple[Any, ...]] = []
        self.read_timeouts: list[int] = []

    def open_shell(self) -> str:
        self.calls.append(("open_shell",))
        return "shell-1"

    def run_command(self, shell_id: str, command: str, console_mode_stdin: bool = True) -> str:
        self.calls.append(("run_command", shell_id, command, console_mode_stdin))
        return "command-1"

    def send_command_input(self, shell_id: str, command_id: str, data: bytes, end: bool) -> None:
        self.calls.append(("send_command_input", shell_id, command_id, data, end))

    def get_command_output_raw(
        self, shell_id: str, command_id: str
    ) -> tuple[bytes, bytes, int, bool]:
        self.read_timeouts.append(self.transport.read_timeout_sec)
        assert self.operation_timeout_sec < self.transport.read_timeout_sec
        item = (
            self.outputs.pop(0) if self.outputs else winrm.exceptions.WinRMOperationTimeoutError()
        )
        if isinstance(item, BaseException):
            time.sleep(0.05)
            raise item
        out, err, done = item
        return out, err, 0 if done else -1, done

    def cleanup_command(self, shell_id: str, command_id: str) -> None:
        self.calls.append(("cleanup_command", shell_id, command_id))

    def close_shell(self, shell_id: str) -> None:
        self.calls.append(("close_shell", shell_id))


def _install_fake(monkeypatch: pytest.MonkeyPatch, outputs: list[Any]) -> list[FakeProtocol]:
    made: list[FakeProtocol] = []

    def factory(conn_args: dict[str, Any]) -> FakeProtocol:
        made.append(FakeProtocol(conn_args, outputs))
        return made[-1]

    def never(*args: object) -> None:
        raise AssertionError("testinfra's run_winrm has no stdin and no bound: not used")

    monkeypatch.setattr(winrm_runner, "_winrm_protocol", factory)
    monkeypatch.setattr(testinfra.backend.winrm.WinRMBackend, "run_winrm", never)
    return made


def test_a_winrm_host_runs_the_windows_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    options = ConnectionOptions(connect_timeout=10, command_timeout=60)
    half = len(HEALTHY) // 2
    made = _install_fake(
        monkeypatch,
        [
            winrm.exceptions.WinRMOperationTimeoutError(),
            (HEALTHY[:half].encode(), b"", False),
            (HEALTHY[half:].encode(), b"", True),
        ],
    )
    before = time.time()
    result = probe(winrm_target(options=options), options)
    assert result.error is None, result.error
    assert result.facts is not None
    fake = made[0]
    assert fake.conn_args["password"] == PASSWORD
    assert fake.calls == [
        ("open_shell",),
        ("run_command", "shell-1", windows_probe_command(options.step_limit), False),
        ("send_command_input", "shell-1", "command-1", windows_probe_input().encode(), True),
        ("cleanup_command", "shell-1", "command-1"),
        ("close_shell", "shell-1"),
    ]
    assert result.facts.os == "windows"
    assert result.facts.runner_epoch is not None
    assert before <= result.facts.runner_epoch <= time.time()
    expected = parse_windows_probe(HEALTHY)
    assert result.facts.services == expected.services == {"LogtailDaemon": "Running"}
    assert result.facts.http == expected.http


def test_the_sudo_option_does_not_reach_a_windows_command(monkeypatch: pytest.MonkeyPatch) -> None:
    options = ConnectionOptions(sudo=True)
    made = _install_fake(monkeypatch, [(HEALTHY.encode(), b"", True)])
    result = probe(winrm_target(options=options), options)
    assert result.error is None
    assert made[0].calls[1][2].startswith("powershell ")


def test_a_silent_host_ends_at_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    options = ConnectionOptions(connect_timeout=1, command_timeout=2)
    made = _install_fake(monkeypatch, [])  # every Receive: "no output yet"
    start = time.monotonic()
    result = probe(winrm_target(options=options), options)
    elapsed = time.monotonic() - start
    assert result.facts is None
    assert result.error is not None
    assert result.error.startswith("no complete answer within 3 s (connect 1 s + command 2 s)")
    assert 2.9 <= elapsed < 4.0
    # Each request was cut to the time left, never beyond pywinrm's read timeout.
    assert made[0].read_timeouts
    assert max(made[0].read_timeouts) <= 2
    # The command is told to terminate and its shell deleted, without the caller waiting.
    deadline = time.monotonic() + 2
    while ("close_shell", "shell-1") not in made[0].calls and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ("cleanup_command", "shell-1", "command-1") in made[0].calls
    assert ("close_shell", "shell-1") in made[0].calls


def test_a_flood_of_output_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    chunk = (b"A" * (1024 * 1024), b"", False)
    _install_fake(monkeypatch, [chunk] * 10)
    result = probe(winrm_target(), ConnectionOptions())
    assert result.error == f"the host sent more than {OUTPUT_LIMIT // 1048576} MiB of output"


def test_unusable_output_quotes_powershells_error_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clixml = (
        b'#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/'
        b'2004/04"><S S="Error">The term \'ConvertTo-Json\' is not recognized_x000D__x000A_</S>'
        b'<S S="Error">At line:1 char:1_x000D__x000A_</S></Objs>'
    )
    _install_fake(monkeypatch, [(b"", clixml, True)])
    result = probe(winrm_target(), ConnectionOptions())
    assert result.error is not None
    assert result.error.startswith("the probe's output is unusable: the Windows probe printed")
    assert "(stderr: The term 'ConvertTo-Json' is not recognized At line:1 char:1)" in result.error
    assert "\n" not in result.error


def test_errors_never_show_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake(monkeypatch, [RuntimeError(f"oops {PASSWORD} and {QUOTED}\nsecond line")])
    result = probe(winrm_target(), ConnectionOptions())
    assert result.error is not None
    assert PASSWORD not in result.error
    assert QUOTED not in result.error
    assert "***" in result.error
    assert "\n" not in result.error


def test_rejected_credentials_lead_to_the_auth_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake(
        monkeypatch,
        [winrm.exceptions.InvalidCredentialsError("the specified credentials were rejected")],
    )
    target = winrm_target()
    result = probe(target, ConnectionOptions())
    assert result.error is not None
    assert "Authentication" in result.error
    fix = unreachable_remediation(target.host_id, result.error)
    assert isinstance(fix, Msg)
    assert fix.key == "host.reachable.fix.auth.winrm"
    assert "SSH" not in fix.render()


def test_the_network_fix_for_a_winrm_host_checks_its_listener() -> None:
    fix = unreachable_remediation("winrm://admin:***@10.0.0.5:5985?no_ssl=true", "refused")
    assert isinstance(fix, Msg)
    assert (
        dict(fix.params)["check_cmd"]
        == "curl -sS -o /dev/null -w '%{http_code}' http://10.0.0.5:5985/wsman"
    )
    assert fix.key == "host.reachable.fix.network.winrm"
    assert "SSH" not in fix.render()
    fix = unreachable_remediation("winrm://admin:***@win-1", "refused")
    assert isinstance(fix, Msg)
    assert str(dict(fix.params)["check_cmd"]).endswith("https://win-1:5986/wsman")


# --- the real pywinrm against a closed port on loopback -------------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens there once the socket is closed


def test_a_refused_winrm_port_is_unreachable_in_one_line_within_the_bound() -> None:
    options = ConnectionOptions(connect_timeout=2, command_timeout=3)
    spec = f"winrm://admin:{QUOTED}@127.0.0.1:{_closed_port()}?no_ssl=true"
    target = winrm_target(spec, options)
    start = time.monotonic()
    result = probe(target, options)
    elapsed = time.monotonic() - start
    assert result.facts is None
    assert result.error is not None
    assert result.error.startswith("winrm failed: connection refused by http://127.0.0.1:")
    assert "\n" not in result.error
    assert PASSWORD not in result.error
    assert QUOTED not in result.error
    assert elapsed < options.host_limit
    assert "***" in target.host_id


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A loopback port that accepts connections and never answers (a hung WinRM service)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


def test_a_winrm_port_that_never_answers_ends_within_the_bound(silent_listener: int) -> None:
    options = ConnectionOptions(connect_timeout=2, command_timeout=3)
    spec = f"winrm://admin:{QUOTED}@127.0.0.1:{silent_listener}?no_ssl=true"
    start = time.monotonic()
    result = probe(winrm_target(spec, options), options)
    elapsed = time.monotonic() - start
    assert result.facts is None
    assert result.error == (
        f"winrm failed: http://127.0.0.1:{silent_listener}/wsman did not answer within 2 s"
    )
    assert 1.9 <= elapsed < options.host_limit


def test_winrm_goes_direct_and_keeps_an_environment_ca_bundle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    backend = winrm_target("winrm://admin:pw@win-1.example.com").host.backend
    protocol = winrm_runner._winrm_protocol(dict(backend.conn_args))
    session = protocol.transport.build_session()  # no request: only the session's settings
    assert session.proxies.get("https") is None
    assert session.verify == "/etc/ssl/certs/ca-certificates.crt"


def test_linux_facts_get_the_runners_clock_too() -> None:
    # testinfra's local backend runs the Linux probe (read-only) on this machine.
    options = ConnectionOptions(command_timeout=16)
    (target,) = expand_targets(["local://"], options)
    before = time.time()
    result = probe(target, options)
    assert result.error is None, result.error
    assert result.facts is not None
    assert result.facts.os == "linux"
    assert result.facts.runner_epoch is not None
    assert before <= result.facts.runner_epoch <= time.time()
