"""A TCP relay that adds a fixed delay each way: the lab's far-away fleet (stdlib only).

This kernel has no netem, so the lab simulates distance in userspace: one
asyncio process in this machine's own network namespace listens on
127.0.0.1, one port per lab host, and forwards every connection it accepts to
that host's sshd. Every chunk read from either side is timestamped when it is
read and written to the other side once ``one_way_delay`` has passed since
then; each chunk waits for its own due time, not behind the previous chunk's
wait, so the delay does not limit throughput and order is kept (one writer per
direction, due times never decrease).

The TCP handshake's round trip is modelled too, since a real far host costs one
round trip before the client can send anything: the relay opens the upstream
connection 1.5 round trips after it accepted (the client's SYN, the server's
SYN-ACK, the client's ACK) and holds the client's first bytes as if they had
been sent one round trip after the accept. The server's banner then reaches
the client two round trips after its connect, as over a real link.

Run by the lab (``Lab.up(..., latency_ms=50)``), never by hand::

    python -I latency_relay.py CONFIG.json

CONFIG.json: ``{"one_way_delay_s": 0.025, "connect_timeout_s": 5,
"routes": [["10.250.0.2", 22], ...], "ports_file": "/.../relay-ports.json"}``.
Once every listener is up the relay writes ``ports_file`` (``{"10.250.0.2":
41234, ...}``, ports chosen by the kernel so no other program's port is taken)
atomically: the lab waits for that file. SIGTERM ends it: listeners closed,
open connections aborted, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import math
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

LISTEN_HOST: Final = "127.0.0.1"
CHUNK_BYTES: Final = 1 << 16
# Chunks held per direction: bounds the relay's memory (16 MiB a direction),
# not its throughput (16 MiB per 25 ms is far more than any probe sends).
QUEUE_CHUNKS: Final = 256
CLOSE_WAIT_S: Final = 5.0
MAX_DELAY_S: Final = 10.0
MAX_CONNECT_TIMEOUT_S: Final = 120.0


@dataclass(frozen=True)
class Route:
    """One lab host the relay forwards to."""

    ip: str
    port: int


@dataclass(frozen=True)
class RelayConfig:
    one_way_delay_s: float
    connect_timeout_s: float
    routes: tuple[Route, ...]
    ports_file: Path

    @classmethod
    def from_json(cls, text: str) -> RelayConfig:
        """The config the lab wrote; ValueError naming the first thing wrong."""
        raw: Any = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("relay config: not a JSON object")
        delay: Any = raw.get("one_way_delay_s")
        timeout: Any = raw.get("connect_timeout_s")
        routes: Any = raw.get("routes")
        ports_file: Any = raw.get("ports_file")
        if not _number_in(delay, 0.0, MAX_DELAY_S):
            raise ValueError(f"relay config: one_way_delay_s must be 0..{MAX_DELAY_S:.0f} s")
        if not _number_in(timeout, 0.1, MAX_CONNECT_TIMEOUT_S):
            raise ValueError("relay config: connect_timeout_s must be 0.1..120 s")
        if not isinstance(routes, list) or not routes:
            raise ValueError("relay config: routes must be a non-empty list")
        parsed: list[Route] = []
        for item in routes:
            if (
                not isinstance(item, list)
                or len(item) != 2
                or not isinstance(item[0], str)
                or not isinstance(item[1], int)
                or not 0 < item[1] < 65536
            ):
                raise ValueError(f"relay config: route {item!r} is not [ip, port]")
            parsed.append(Route(item[0], item[1]))
        if len({r.ip for r in parsed}) != len(parsed):
            raise ValueError("relay config: an ip is routed twice")
        if not isinstance(ports_file, str) or not ports_file.startswith("/"):
            raise ValueError("relay config: ports_file must be an absolute path")
        return cls(float(delay), float(timeout), tuple(parsed), Path(ports_file))

    def to_json(self) -> str:
        return json.dumps(
            {
                "one_way_delay_s": self.one_way_delay_s,
                "connect_timeout_s": self.connect_timeout_s,
                "routes": [[r.ip, r.port] for r in self.routes],
                "ports_file": str(self.ports_file),
            },
            indent=1,
        )


def _number_in(value: object, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def release_time(read_at: float, one_way_delay: float, not_before: float = 0.0) -> float:
    """When a chunk read at ``read_at`` may be written to the other side.

    Its own read time plus the delay, never the previous chunk's release plus
    the delay: a burst of chunks arrives as a burst, one delay later.
    ``not_before`` is the earliest moment the sender could have sent it (the
    client's side of the modelled TCP handshake).
    """
    return max(read_at, not_before) + one_way_delay


def handshake_times(accepted_at: float, one_way_delay: float) -> tuple[float, float]:
    """(client may send from, upstream connect at) for a connection accepted then.

    A real client's connect returns after one round trip (SYN, SYN-ACK) and the
    server accepts half a round trip later (the ACK).
    """
    return accepted_at + 2 * one_way_delay, accepted_at + 3 * one_way_delay


async def _sleep_until(loop: asyncio.AbstractEventLoop, due: float) -> None:
    # Loop until due: a timer may fire a hair early; each pass sleeps what is left.
    while (left := due - loop.time()) > 0:
        await asyncio.sleep(left)


class _Direction:
    """One way of one connection: a read side that timestamps, a write side that waits."""

    def __init__(self, one_way_delay: float, not_before: float) -> None:
        self._delay = one_way_delay
        self._not_before = not_before
        self._held: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(QUEUE_CHUNKS)

    async def read_from(self, reader: asyncio.StreamReader) -> None:
        loop = asyncio.get_running_loop()
        while True:
            data = await reader.read(CHUNK_BYTES)
            # b"" (EOF) is held like data, so the half-close arrives on time and in order
            await self._held.put((release_time(loop.time(), self._delay, self._not_before), data))
            if not data:
                return

    async def write_to(self, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due, data = await self._held.get()
            await _sleep_until(loop, due)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()


class Relay:
    """The listeners and the connections they carry."""

    def __init__(self, config: RelayConfig) -> None:
        self.config = config
        self._servers: list[asyncio.Server] = []
        self._writers: set[asyncio.StreamWriter] = set()

    async def listen(self) -> dict[str, int]:
        """One listener per route on LISTEN_HOST, ports chosen by the kernel: ip -> port."""
        ports: dict[str, int] = {}
        for route in self.config.routes:
            server = await asyncio.start_server(
                functools.partial(self._carry, route=route),
                LISTEN_HOST,
                0,
                backlog=128,
            )
            self._servers.append(server)
            ports[route.ip] = int(server.sockets[0].getsockname()[1])
        return ports

    async def close(self) -> None:
        for server in self._servers:
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for server in self._servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), CLOSE_WAIT_S)

    async def _carry(
        self,
        client_reader: asyncio.StreamReader,
        client_writer: asyncio.StreamWriter,
        route: Route,
    ) -> None:
        loop = asyncio.get_running_loop()
        delay = self.config.one_way_delay_s
        client_sends_from, connect_at = handshake_times(loop.time(), delay)
        self._writers.add(client_writer)
        upstream_writer: asyncio.StreamWriter | None = None
        to_host = _Direction(delay, client_sends_from)
        to_client = _Direction(delay, 0.0)
        # The client's bytes are timestamped from the accept on, while the upstream
        # connection is still being made: they must not pay for the wait twice.
        tasks = [asyncio.create_task(to_host.read_from(client_reader))]
        failed = True
        try:
            await _sleep_until(loop, connect_at)
            try:
                upstream_reader, connected = await asyncio.wait_for(
                    asyncio.open_connection(route.ip, route.port),
                    self.config.connect_timeout_s,
                )
            except (OSError, TimeoutError) as exc:
                _log(f"{route.ip}:{route.port}: connect failed: {exc!r}")
                return
            upstream_writer = connected
            self._writers.add(connected)
            tasks += [
                asyncio.create_task(to_host.write_to(connected)),
                asyncio.create_task(to_client.read_from(upstream_reader)),
                asyncio.create_task(to_client.write_to(client_writer)),
            ]
            # Both directions run to their EOF; the first error ends the whole connection.
            done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            failed = any(not t.cancelled() and t.exception() is not None for t in done)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for writer in (client_writer, upstream_writer):
                if writer is not None:
                    await _close(writer, abort=failed)
                    self._writers.discard(writer)


async def _close(writer: asyncio.StreamWriter, *, abort: bool) -> None:
    """Close one side: flush what is written (bounded), or reset it after an error."""
    if abort:
        writer.transport.abort()
        return
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), CLOSE_WAIT_S)
    except (OSError, TimeoutError):
        writer.transport.abort()


def _log(line: str) -> None:
    sys.stderr.write(f"latency relay: {line}\n")
    sys.stderr.flush()


def _raise_fd_limit() -> None:
    # Two descriptors per connection plus one per listener: 500 hosts at high
    # concurrency need more than the usual soft limit of 1024.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _write_ports(path: Path, ports: dict[str, int]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(ports, indent=1) + "\n")
    tmp.replace(path)


async def _main(config: RelayConfig) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    relay = Relay(config)
    try:
        ports = await relay.listen()
        _write_ports(config.ports_file, ports)
        _log(
            f"{len(ports)} listeners on {LISTEN_HOST}, "
            f"{1000 * config.one_way_delay_s:g} ms each way"
        )
        await stop.wait()
    finally:
        await relay.close()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        _log("usage: latency_relay.py CONFIG.json")
        return 2
    try:
        config = RelayConfig.from_json(Path(argv[0]).read_text())
    except (OSError, ValueError) as exc:
        _log(f"{argv[0]}: {exc}")
        return 2
    _raise_fd_limit()
    try:
        asyncio.run(_main(config))
    except OSError as exc:
        _log(f"cannot listen: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
