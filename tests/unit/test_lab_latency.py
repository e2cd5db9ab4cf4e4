"""The lab's latency option without a lab: ssh_config rendering, the relay's config and
arithmetic, and the relay carrying bytes on loopback (at zero delay: nothing timed here)."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path

import pytest

from lab import Lab, LabError
from lab.__main__ import main as lab_main
from lab.latency_relay import (
    Relay,
    RelayConfig,
    Route,
    handshake_times,
    release_time,
)
from lab.render import ssh_config

REPO = Path(__file__).resolve().parents[2]
SMOKE = REPO / "lab" / "scenarios" / "smoke.yaml"
IDENTITY = Path("/tmp/w/keys/id_ed25519")


def test_ssh_config_without_relay_is_the_generic_block_alone() -> None:
    plain = ssh_config(IDENTITY)
    assert plain.startswith("Host 10.250.*\n")
    assert plain.count("Host ") == 1
    assert ssh_config(IDENTITY, {}) == plain
    assert ssh_config(IDENTITY, None) == plain


def test_ssh_config_with_relay_maps_each_ip_to_its_port_before_the_generic_block() -> None:
    config = ssh_config(IDENTITY, {"10.250.0.2": 40001, "10.250.1.7": 40002})
    assert config == (
        "Host 10.250.0.2\n    HostName 127.0.0.1\n    Port 40001\n"
        "Host 10.250.1.7\n    HostName 127.0.0.1\n    Port 40002\n" + ssh_config(IDENTITY)
    )


@pytest.mark.parametrize(
    "ports",
    [
        {"10.250.0.2\nProxyCommand x": 40001},
        {"10.250.0.*": 40001},
        {"192.168.0.2": 40001},
        {"10.250.0.2": 0},
        {"10.250.0.2": 65536},
    ],
)
def test_ssh_config_refuses_a_route_that_is_not_a_lab_ip_and_port(ports: dict[str, int]) -> None:
    with pytest.raises(LabError, match="relay route"):
        ssh_config(IDENTITY, ports)


def test_release_time_counts_from_each_chunks_own_read() -> None:
    # A burst read at 10.000, 10.001, 10.002 leaves as a burst 25 ms later, not
    # 25, 50 and 75 ms later (the delay must not limit throughput).
    assert [release_time(t, 0.025) for t in (10.000, 10.001, 10.002)] == pytest.approx(
        [10.025, 10.026, 10.027]
    )
    assert release_time(10.0, 0.025, not_before=10.05) == pytest.approx(10.075)
    assert release_time(10.1, 0.025, not_before=10.05) == pytest.approx(10.125)
    assert release_time(10.0, 0.0) == 10.0


def test_handshake_times_model_one_round_trip_before_the_client_sends() -> None:
    client_sends_from, connect_at = handshake_times(100.0, 0.025)
    assert client_sends_from == pytest.approx(100.05)
    assert connect_at == pytest.approx(100.075)
    assert handshake_times(100.0, 0.0) == (100.0, 100.0)


def _config(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "one_way_delay_s": 0.025,
        "connect_timeout_s": 5,
        "routes": [["10.250.0.2", 22], ["10.250.0.3", 22]],
        "ports_file": "/tmp/w/relay-ports.json",
    }
    raw.update(overrides)
    return raw


def test_relay_config_round_trips_through_json() -> None:
    config = RelayConfig.from_json(json.dumps(_config()))
    assert config == RelayConfig(
        0.025,
        5.0,
        (Route("10.250.0.2", 22), Route("10.250.0.3", 22)),
        Path("/tmp/w/relay-ports.json"),
    )
    assert RelayConfig.from_json(config.to_json()) == config


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"one_way_delay_s": -0.001}, "one_way_delay_s"),
        ({"one_way_delay_s": math.inf}, "one_way_delay_s"),
        ({"one_way_delay_s": True}, "one_way_delay_s"),
        ({"one_way_delay_s": "0.025"}, "one_way_delay_s"),
        ({"connect_timeout_s": 0}, "connect_timeout_s"),
        ({"connect_timeout_s": 1e6}, "connect_timeout_s"),
        ({"routes": []}, "routes"),
        ({"routes": [["10.250.0.2"]]}, "route"),
        ({"routes": [["10.250.0.2", 70000]]}, "route"),
        ({"routes": [["10.250.0.2", 22], ["10.250.0.2", 22]]}, "twice"),
        ({"ports_file": "relative.json"}, "ports_file"),
    ],
)
def test_relay_config_refuses_what_is_wrong(overrides: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        RelayConfig.from_json(json.dumps(_config(**overrides)))


def test_relay_config_refuses_non_objects() -> None:
    with pytest.raises(ValueError, match="not a JSON object"):
        RelayConfig.from_json("[]")


@pytest.mark.parametrize("latency", [-1.0, math.nan, math.inf, 2000.5])
def test_lab_refuses_a_latency_out_of_range_before_building_anything(
    latency: float, tmp_path: Path
) -> None:
    with pytest.raises(LabError, match=r"round trip of 0\.\.2000 ms"):
        Lab.up(SMOKE, tmp_path / "w", latency_ms=latency)
    assert not (tmp_path / "w").exists()


def test_lab_cli_refuses_a_negative_latency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = lab_main(["up", str(SMOKE), "--dir", str(tmp_path / "w"), "--latency-ms", "-5"])
    assert code == 2
    assert "round trip of 0..2000 ms" in capsys.readouterr().err


async def _echo_server() -> tuple[asyncio.Server, int]:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
        writer.close()  # after the client's EOF: the relay must carry both half-closes

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    return server, int(server.sockets[0].getsockname()[1])


def test_relay_carries_bytes_in_order_and_both_eofs() -> None:
    async def scenario() -> bytes:
        server, port = await _echo_server()
        relay = Relay(RelayConfig(0.0, 5.0, (Route("127.0.0.1", port),), Path("/unused")))
        ports = await relay.listen()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", ports["127.0.0.1"])
            payload = b"".join(i.to_bytes(4, "big") for i in range(300_000))  # 1.2 MB
            writer.write(payload)
            writer.write_eof()
            got = await asyncio.wait_for(reader.read(-1), 30)  # to EOF: the echo's close
            writer.close()
            assert got == payload
            return got
        finally:
            await relay.close()
            server.close()
            await server.wait_closed()

    assert len(asyncio.run(scenario())) == 1_200_000


def test_relay_closes_the_client_when_the_host_refuses() -> None:
    async def scenario() -> bytes:
        server, port = await _echo_server()
        server.close()
        await server.wait_closed()  # nothing listens on port now: connect refused
        relay = Relay(RelayConfig(0.0, 5.0, (Route("127.0.0.1", port),), Path("/unused")))
        ports = await relay.listen()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", ports["127.0.0.1"])
            try:
                got = await asyncio.wait_for(reader.read(-1), 30)
            except ConnectionResetError:
                got = b""
            writer.close()
            return got
        finally:
            await relay.close()

    assert asyncio.run(scenario()) == b""
