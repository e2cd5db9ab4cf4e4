"""The latency relay for real: a smoke lab at 50 ms round trip, measured over real ssh.

The one timed test of the project: the relay's delay is the point of the
relay, so its bound is asserted here, generously (a shared machine may be
slow, never fast: the lower bound is the strict one). Needs root, like every
lab test. The tests run in file order; the last one tears the lab down.
"""

from __future__ import annotations

import hashlib
import os
import select
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lab import Lab
from lab.render import ssh_config, targets_yaml
from lab.scenario import load_scenario
from lab.system import start_time
from tests.lab.support import need_root_and_no_lab, ssh

REPO = Path(__file__).resolve().parents[2]
SMOKE = REPO / "lab" / "scenarios" / "smoke.yaml"
RTT_MS = 50.0
# Generous: a loaded machine adds scheduling delay, but nothing can make the relay early.
SLACK_MS = 200.0


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    need_root_and_no_lab()
    built = Lab.up(SMOKE, tmp_path_factory.mktemp("lab") / "w", latency_ms=RTT_MS)
    try:
        yield built
    finally:
        built.down()


def test_ssh_config_sends_each_host_to_its_relay_port(lab: Lab) -> None:
    assert lab.latency_ms == RTT_MS
    assert lab.relay_pid is not None
    assert sorted(lab.relay_ports) == sorted(h.ip for h in lab.hosts)
    assert len(set(lab.relay_ports.values())) == len(lab.hosts)
    config = lab.ssh_config.read_text()
    for host in lab.hosts:
        block = f"Host {host.ip}\n    HostName 127.0.0.1\n    Port {lab.relay_ports[host.ip]}\n"
        assert block in config
        assert config.index(block) < config.index("Host 10.250.*\n")
    assert config.endswith(ssh_config(lab.identity_file))
    # the suite's targets are unchanged: still the hosts' own IPs
    scenario = load_scenario(SMOKE)
    expected, _data = targets_yaml(scenario, {h.name: h.ip for h in lab.hosts})
    assert lab.targets_file.read_text() == expected
    assert [h["url"] for h in yaml.safe_load(expected)["hosts"]] == [h.url for h in lab.hosts]


def test_ssh_through_the_relay_reaches_the_right_host(lab: Lab) -> None:
    for host in lab.hosts:
        done = ssh(lab, host.name, "hostname")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == host.hostname


def test_echo_through_an_ssh_session_takes_one_round_trip(lab: Lab) -> None:
    host = lab.hosts[0]
    # -T: no tty, so cat's output is the bytes sent, unechoed
    with subprocess.Popen(
        ["ssh", "-T", "-F", str(lab.ssh_config), f"root@{host.ip}", "cat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as session:
        assert session.stdin is not None
        try:
            _echo(session, b"warm-up\n", timeout=20.0)  # waits for the whole ssh handshake
            round_trips = [_echo(session, f"echo {i}\n".encode(), timeout=5.0) for i in range(5)]
        finally:
            session.stdin.close()
            try:
                session.wait(timeout=10)
            except subprocess.TimeoutExpired:
                session.kill()
    fastest, slowest = min(round_trips), max(round_trips)
    assert fastest >= RTT_MS, round_trips
    assert slowest < RTT_MS + SLACK_MS, round_trips


def test_tcp_connect_and_banner_take_two_round_trips(lab: Lab) -> None:
    # One round trip for the modelled TCP handshake, one for the banner's way back
    # (sshd speaks first, as soon as it accepts: half a round trip after the client's ACK).
    port = lab.relay_ports[lab.hosts[0].ip]
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        banner = b""
        while not banner.endswith(b"\n") and len(banner) < 256:
            data = sock.recv(256)
            if not data:
                break
            banner += data
    elapsed_ms = 1000 * (time.monotonic() - started)
    assert banner.startswith(b"SSH-2.0-"), banner
    assert 2 * RTT_MS <= elapsed_ms < 2 * RTT_MS + SLACK_MS


def test_bulk_data_arrives_whole_and_in_order(lab: Lab) -> None:
    # 8 MiB through the relay and back as a digest: the order of the chunks, and
    # stdin's EOF (sha256sum ends only on it) carried through the half-close.
    payload = os.urandom(8 << 20)
    done = subprocess.run(
        ["ssh", "-F", str(lab.ssh_config), f"root@{lab.hosts[0].ip}", "sha256sum"],
        input=payload,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0].decode() == hashlib.sha256(payload).hexdigest()


def test_down_stops_the_relay(lab: Lab) -> None:
    pid = lab.relay_pid
    assert pid is not None
    start = start_time(pid)
    port = next(iter(lab.relay_ports.values()))
    lab.down()
    assert start_time(pid) != start
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    assert not lab.workdir.exists()


def _echo(session: subprocess.Popen[bytes], line: bytes, *, timeout: float) -> float:
    """Milliseconds from writing ``line`` to the session until it came back."""
    assert session.stdin is not None
    assert session.stdout is not None
    fd = session.stdout.fileno()
    started = time.monotonic()
    session.stdin.write(line)
    session.stdin.flush()
    got = b""
    deadline = started + timeout
    while len(got) < len(line):
        left = deadline - time.monotonic()
        ready, _w, _x = select.select([fd], [], [], max(left, 0))
        if not ready:
            pytest.fail(f"no echo of {line!r} within {timeout:.0f} s (got {got!r})")
        data = os.read(fd, 4096)
        if not data:
            err = session.stderr.read().decode(errors="replace") if session.stderr else ""
            pytest.fail(f"session ended before the echo of {line!r}: {err}")
        got += data
    assert got == line
    return 1000 * (time.monotonic() - started)
