"""The asyncssh runner's bounds over real SSH on loopback: an in-process asyncssh server.

The server runs the "commands" below instead of a shell: FLOOD sends more than
the 4 MiB read bound, HANG never ends, DROP closes the connection mid-answer,
anything else answers at once. The runner goes through its whole path (the
ssh_config, host keys, auth with a key file) as it does for a lab host.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.transport import OUTPUT_LIMIT, ConnectionOptions, expand_targets
from logtail_doctor.transport.asyncssh_runner import Connector, run_asyncssh

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import asyncssh


class _Server(asyncssh.SSHServer):
    open_connections = 0  # connections the server holds open now

    def connection_made(self, conn: Any) -> None:
        _Server.open_connections += 1

    def connection_lost(self, exc: Exception | None) -> None:
        _Server.open_connections -= 1

    def connection_requested(self, dest_host: str, dest_port: int, *_: Any) -> bool:
        return True  # a jump host: forwards to the loopback server itself

    def begin_auth(self, username: str) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: Any) -> bool:
        return True


async def _serve(process: Any) -> None:
    # the client may hang up first (the bound, the read limit): that is the point
    with contextlib.suppress(OSError, asyncssh.Error):
        await _answer(process)


async def _answer(process: Any) -> None:
    command = str(process.command)
    if "FLOOD" in command:
        chunk = b"x" * 65536
        for _ in range(OUTPUT_LIMIT // len(chunk) + 8):
            process.stdout.write(chunk)
            await process.stdout.drain()
    elif "HANG" in command:
        process.stdout.write(b"partial")
        await asyncio.sleep(3600)
    elif "DROP" in command:
        process.stdout.write(b"partial")
        await process.stdout.drain()
        process.channel.get_connection().abort()
        return
    else:
        process.stdout.write(b"answer")
        process.stderr.write(b"note")
    process.exit(0)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, Any]]:
    """A loopback SSH server in its own event loop; its port, a client key and host key."""
    where = tmp_path_factory.mktemp("asyncssh-server")
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key.write_private_key(str(where / "id_ed25519"))
    loop = asyncio.new_event_loop()
    acceptor = loop.run_until_complete(
        asyncssh.create_server(
            _Server,
            "127.0.0.1",
            0,
            server_host_keys=[host_key],
            process_factory=_serve,
            encoding=None,
        )
    )
    port = acceptor.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield port, where, host_key
    loop.call_soon_threadsafe(acceptor.close)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.run_until_complete(acceptor.wait_closed())
    loop.close()


def _run(
    server: tuple[int, Path, Any], script: str, tmp_path: Path, known: str = "", bound: int = 5
) -> tuple[bytes, str] | str:
    port, where, _host_key = server
    config = tmp_path / "ssh_config"
    policy = (
        f"    StrictHostKeyChecking yes\n    UserKnownHostsFile {tmp_path / 'known_hosts'}\n"
        if known
        else "    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n"
    )
    (tmp_path / "known_hosts").write_text(known)
    config.write_text(
        f"Host 127.0.0.1\n    IdentityFile {where / 'id_ed25519'}\n    IdentitiesOnly yes\n"
        + policy
    )
    options = ConnectionOptions(ssh_config=str(config), connect_timeout=2, command_timeout=bound)
    (target,) = expand_targets([f"asyncssh://root@127.0.0.1:{port}"], options)

    async def go() -> tuple[bytes, str] | str:
        deadline = time.monotonic() + options.host_limit
        return await run_asyncssh(
            Connector(options), target.host.backend, script, deadline, "the bound"
        )

    return asyncio.run(go())


def test_an_answer_comes_back_with_its_error_output(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    assert _run(server, "echo", tmp_path) == (b"answer", "note")


def test_more_than_the_read_bound_is_cut_there(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    started = time.monotonic()
    answer = _run(server, "FLOOD", tmp_path)
    assert answer == f"the host sent more than {OUTPUT_LIMIT // 1048576} MiB of output"
    assert time.monotonic() - started < 5


def test_a_command_that_never_ends_is_cut_at_the_bound(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    started = time.monotonic()
    answer = _run(server, "HANG", tmp_path, bound=1)
    took = time.monotonic() - started
    assert isinstance(answer, str)
    assert answer.startswith("no complete answer within the bound; some output by then"), answer
    assert 1 <= took < 2 + 2  # connect 2 s + command 1 s at most, plus the close


def test_a_connection_dropped_mid_answer_is_ssh_failed(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    answer = _run(server, "DROP", tmp_path)
    assert isinstance(answer, str)
    assert answer.startswith("ssh failed: Connection to 127.0.0.1 closed by remote host"), answer


def test_strict_host_keys_accept_the_known_key_and_refuse_another(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    port, _where, host_key = server
    line = host_key.export_public_key().decode().split()
    known = f"[127.0.0.1]:{port} {line[0]} {line[1]}\n"
    assert _run(server, "echo", tmp_path, known=known) == (b"answer", "note")
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().split()
    wrong = f"[127.0.0.1]:{port} {other[0]} {other[1]}\n"
    answer = _run(server, "echo", tmp_path, known=wrong)
    assert isinstance(answer, str)
    assert answer.startswith("ssh failed: Host key verification failed"), answer
    assert "does not match" in answer
    # an entry without the port is not this host's (OpenSSH matches [host]:port only)
    portless = f"127.0.0.1 {line[0]} {line[1]}\n"
    answer = _run(server, "echo", tmp_path, known=portless)
    assert isinstance(answer, str)
    assert "Host key verification failed" in answer, answer


def test_refused_is_worded_as_ssh_words_it(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on, found by binding it
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    config = tmp_path / "ssh_config"
    config.write_text("Host *\n    StrictHostKeyChecking no\n")
    options = ConnectionOptions(ssh_config=str(config), connect_timeout=2, command_timeout=2)
    (target,) = expand_targets([f"asyncssh://root@127.0.0.1:{free}"], options)

    async def go() -> tuple[bytes, str] | str:
        return await run_asyncssh(
            Connector(options), target.host.backend, "echo", time.monotonic() + 4, "the bound"
        )

    answer = asyncio.run(go())
    assert answer == f"ssh failed: ssh: connect to host 127.0.0.1 port {free}: Connection refused"


def test_a_proxy_jump_goes_through_and_every_connection_is_closed_after(
    server: tuple[int, Path, Any], tmp_path: Path
) -> None:
    port, where, _host_key = server
    config = tmp_path / "ssh_config"
    config.write_text(
        f"Host target\n    HostName 127.0.0.1\n    Port {port}\n    ProxyJump 127.0.0.1:{port}\n"
        f"Host *\n    IdentityFile {where / 'id_ed25519'}\n    IdentitiesOnly yes\n"
        "    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n"
    )
    options = ConnectionOptions(ssh_config=str(config), connect_timeout=2, command_timeout=5)
    (target,) = expand_targets(["asyncssh://root@target"], options)
    before = _Server.open_connections

    async def go() -> tuple[bytes, str] | str:
        answer = await run_asyncssh(
            Connector(options), target.host.backend, "echo", time.monotonic() + 7, "the bound"
        )
        for _ in range(100):  # the server sees the closes a moment later
            if _Server.open_connections == before:
                break
            await asyncio.sleep(0.02)
        return answer

    assert asyncio.run(go()) == (b"answer", "note")
    assert _Server.open_connections == before  # the jump's connection too
