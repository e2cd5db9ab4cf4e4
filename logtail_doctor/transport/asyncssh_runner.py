"""The probe over asyncssh, in-process: every host in one event loop, bounded like ssh.py.

The same guarantees as the OpenSSH runner: a connect bound and a command bound
per host (the whole at options.host_limit), at most OUTPUT_LIMIT read, one
command per host, the connection closed at a bound (nothing of ours runs on:
there is no process, and a ProxyCommand's is killed with its connection), and
failures worded in the classes ssh's own messages use, so that the fix line
and the tests read them alike: "Connection refused", "Connection timed out",
"Connection timed out during banner exchange", "Host key verification
failed", "Permission denied", "closed by remote host".

Host keys: as strict as the user's ssh_config asks (asyncssh_config reads it):
StrictHostKeyChecking yes/ask, accept-new, no; the known-hosts files with
hashed entries, @cert-authority and @revoked lines, matched on the host name
(or HostKeyAlias) and exact port as OpenSSH does. A key accepted under
accept-new or no is appended to the first user known-hosts file as ssh would.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import os
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from logtail_doctor.transport.asyncssh_config import (
    ConfigRefused,
    HostConfig,
    jump_chain,
    read_host_config,
)
from logtail_doctor.transport.options import OUTPUT_LIMIT, ConnectionOptions
from logtail_doctor.transport.specs import scrub

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # cryptography's DSA deprecation, at asyncssh's import
    import asyncssh

# Like the OpenSSH runner's -o ServerAliveInterval=5 -o ServerAliveCountMax=2.
KEEPALIVE_INTERVAL = 5
KEEPALIVE_COUNT_MAX = 2
READ_CHUNK = 65536
# Where the user's ssh_config names no Ciphers: OpenSSH's own default set, AES-GCM
# first. asyncssh's ChaCha20-Poly1305 makes a new cipher context per packet, which
# cost about a fifth of its CPU per host in a profile of 100 lab hosts; AES-GCM is
# one call (and AES-NI). A config's Ciphers line is honoured as it is.
PREFERRED_CIPHERS = (
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "chacha20-poly1305@openssh.com",
    "aes128-ctr",
    "aes192-ctr",
    "aes256-ctr",
)
# Closing a connection politely once the answer is in; never longer than this.
CLOSE_WAIT = 1.0

_KnownKeys = tuple[list[Any], list[Any], list[Any]]


class _KnownHosts:
    """The known-hosts files of a run, read once per set of files."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, ...], Any] = {}

    def get(self, files: tuple[str, ...]) -> Any:
        if files not in self._loaded:
            texts = []
            for name in files:
                with contextlib.suppress(OSError):  # ssh skips files that are not there
                    texts.append(Path(name).read_text(encoding="utf-8", errors="replace"))
            self._loaded[files] = asyncssh.import_known_hosts("\n".join(texts))
        return self._loaded[files]

    def forget(self, files: tuple[str, ...]) -> None:
        self._loaded.pop(files, None)


class _Client(asyncssh.SSHClient):
    """Notes how far a connection got, and applies accept-new / no to unknown host keys."""

    def __init__(self, config: HostConfig, known: Any, known_hosts: _KnownHosts) -> None:
        self.config = config
        self.known = known
        self.known_hosts = known_hosts
        self.conn: asyncssh.SSHClientConnection | None = None
        self.rejected: str | None = None

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self.conn = conn

    def validate_host_public_key(self, host: str, addr: str, port: int, key: Any) -> bool:
        # Only called for a key the known-hosts files do not trust (StrictHostKeyChecking
        # yes/ask never accept it; "no" does not check at all).
        keys, ca_keys, _revoked = _match(self.known, host, port)
        # ssh's HOST_NEW (a revoked key never gets here). A host under a
        # @cert-authority that shows a plain key is not new to us: stricter than ssh.
        if self.config.strict == "accept-new" and not keys and not ca_keys:
            _record(self.config, host, port, key, self.known_hosts)
            return True
        self.rejected = "changed" if keys else "no matching key"
        return False


def _match(known: Any, host: str, port: int | None) -> _KnownKeys:
    """Host keys, CA keys and revoked keys for host[:port]: by name and exact port, as ssh.

    asyncssh on its own also matches the peer's address and, for another port,
    the entries without one; OpenSSH (CheckHostIP no, its default) does neither.
    """
    found = known._match(host, "", port if port and port != 22 else None)
    return list(found[0]), list(found[1]), list(found[2])


def _record(
    config: HostConfig, host: str, port: int | None, key: Any, known_hosts: _KnownHosts
) -> None:
    """Append an accepted new key to the first user known-hosts file, as ssh does."""
    if not config.known_hosts_files:
        return
    target = config.known_hosts_files[0]
    if target == os.devnull:
        return
    name = f"[{host}]:{port}" if port and port != 22 else host
    if config.hash_known_hosts:
        salt = os.urandom(20)
        digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
        name = f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"
    algorithm, blob = key.export_public_key("openssh").decode().split()[:2]
    with contextlib.suppress(OSError):  # ssh, too, goes on when it cannot record the key
        Path(target).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(f"{name} {algorithm} {blob}\n")
    known_hosts.forget(config.known_hosts_files)


class _Failed(Exception):
    """One line: why a host gave no answer."""


def _where(config: HostConfig) -> str:
    return f"host {config.hostname} port {config.port}"


def _connect_failure(exc: BaseException, config: HostConfig, client: _Client | None) -> str:
    """ssh's wording for what went wrong while connecting (ssh.py reports ssh's own lines)."""
    if isinstance(exc, TimeoutError):
        conn = client.conn if client else None
        if conn is None:
            return f"ssh: connect to {_where(config)}: Connection timed out"
        if not conn.get_extra_info("server_version"):
            return f"Connection timed out during banner exchange (connection to {_where(config)})"
        return f"Connection timed out during key exchange or authentication ({_where(config)})"
    if isinstance(exc, asyncssh.HostKeyNotVerifiable):
        why = client.rejected if client else None
        detail = {
            "changed": "the host's key does not match its known-hosts entry",
            "no matching key": "no known-hosts entry for it (StrictHostKeyChecking)",
        }.get(why or "", exc.reason)
        return f"Host key verification failed for {_where(config)}: {detail}"
    if isinstance(exc, asyncssh.PermissionDenied):
        return f"{config.user}@{config.hostname}: Permission denied ({exc.reason})"
    if isinstance(exc, asyncssh.ChannelOpenError):
        return f"the jump host could not reach {_where(config)}: {exc.reason}"
    if isinstance(exc, asyncssh.DisconnectError):
        return f"Connection to {_where(config)} closed by remote host ({exc.reason})"
    if isinstance(exc, ConnectionRefusedError):
        return f"ssh: connect to {_where(config)}: Connection refused"
    if isinstance(exc, OSError):
        return f"ssh: connect to {_where(config)}: {exc.strerror or exc}"
    if isinstance(exc, ValueError | asyncssh.Error):  # bad algorithm names, keys, ...
        return f"asyncssh: {exc}"
    raise exc


class Connector:
    """Connections for one run: the config read per host, known hosts read once."""

    def __init__(self, options: ConnectionOptions) -> None:
        self.options = options
        self.known_hosts = _KnownHosts()

    def host_config(
        self, name: str, user: str | None, port: int | None, host_id: str
    ) -> HostConfig:
        return read_host_config(
            name,
            user,
            port,
            ssh_config=self.options.ssh_config,
            host_id=host_id,
            identity_file=self.options.ssh_identity_file,
        )

    async def connect(
        self, config: HostConfig, password: str | None, host_id: str
    ) -> asyncssh.SSHClientConnection:
        """The connection to config's host, through its jump hosts; raises _Failed (one line)."""
        hops = jump_chain(config, self.options.ssh_config, host_id)
        tunnel: asyncssh.SSHClientConnection | None = None
        opened: list[asyncssh.SSHClientConnection] = []
        try:
            for hop in hops:
                try:
                    hop_conn = await self._open(hop, None, tunnel)
                except _Failed as exc:
                    raise _Failed(f"jump host {hop.alias}: {exc}") from None
                opened.append(hop_conn)
                if tunnel is not None:
                    hop_conn.set_tunnel(tunnel)  # closed with the connection made through it
                tunnel = hop_conn
            conn = await self._open(config, password, tunnel)
            if tunnel is not None:
                conn.set_tunnel(tunnel)  # closing the host's connection closes its jumps
            return conn
        except BaseException:
            for conn in reversed(opened):
                conn.abort()
            raise

    async def _open(
        self,
        config: HostConfig,
        password: str | None,
        tunnel: asyncssh.SSHClientConnection | None,
    ) -> asyncssh.SSHClientConnection:
        known = None if config.strict == "no" else self.known_hosts.get(config.known_hosts_files)
        client = _Client(config, known, self.known_hosts)
        keys = [p for p in config.identity_files if Path(p).is_file()]
        extra: dict[str, Any] = {}
        if keys or config.identity_files:
            # ssh skips an IdentityFile that is not there, or that it cannot decrypt
            extra["client_keys"] = keys
            extra["ignore_encrypted"] = True
        if password:
            extra["password"] = password
        if "Ciphers" not in config.options:
            extra["encryption_algs"] = PREFERRED_CIPHERS
        if not config.gssapi:
            extra["gss_auth"] = extra["gss_kex"] = False  # OpenSSH's default is no
        if known is None:
            known_arg: Any = None
        else:
            # asyncssh calls this with the host name after HostKeyAlias, and the port
            def known_arg(host: str, _addr: str, port: int | None) -> _KnownKeys:
                return _match(known, host, port)

        if config.parsed is not None:
            # asyncssh starts from these options and parses no file again (config=[])
            extra["options"] = _parsed_options(config.parsed)
            files: list[str] = []
        else:
            files = list(config.config_paths)
        try:
            async with asyncio.timeout(self.options.connect_timeout):
                return await asyncssh.connect(
                    config.alias,
                    config.port,
                    tunnel=tunnel,
                    config=files,
                    username=config.user,
                    known_hosts=known_arg,
                    client_factory=lambda: client,
                    # ours (above) fires first, so that it can tell how far the connection got
                    connect_timeout=self.options.connect_timeout + 5,
                    keepalive_interval=KEEPALIVE_INTERVAL,
                    keepalive_count_max=KEEPALIVE_COUNT_MAX,
                    **extra,
                )
        except Exception as exc:
            if client.conn is not None:
                client.conn.abort()
            raise _Failed(_connect_failure(exc, config, client)) from None


def _parsed_options(parsed: Any) -> asyncssh.SSHClientConnectionOptions:
    """Connection options whose config is one already parsed (asyncssh's last_config)."""
    options = asyncssh.SSHClientConnectionOptions(config=[])
    options.config = parsed
    return options


async def run_asyncssh(
    connector: Connector, backend: Any, script: str, deadline: float, bound: str
) -> tuple[bytes, str] | str:
    """The probe over one asyncssh connection, within deadline (time.monotonic()).

    As ssh.py's run_ssh: (stdout's raw bytes, stderr as text), or one line saying
    why there is no answer. The command line is testinfra's (sudo included).
    """
    parsed = backend.host
    name, user = str(parsed.name), parsed.user
    port = int(parsed.port) if parsed.port else None
    command = backend.get_command("sh -c %s", script)
    try:
        config = connector.host_config(name, user, port, name)
    except ConfigRefused as exc:  # checked at plan time; a file changed since
        return scrub(str(exc), backend)
    conn: asyncssh.SSHClientConnection | None = None
    got_output = False
    try:
        async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
            try:
                conn = await connector.connect(config, parsed.password, name)
            except _Failed as exc:
                return scrub(f"ssh failed: {exc}", backend)
            out = bytearray()
            err = bytearray()

            async def drain(stream: Any, buffer: bytearray, which: str) -> None:
                nonlocal got_output
                while True:
                    chunk = await stream.read(READ_CHUNK)
                    if not chunk:
                        return
                    buffer += chunk
                    got_output = got_output or bool(out)
                    if len(buffer) > OUTPUT_LIMIT:
                        raise _Failed(
                            f"the host sent more than {OUTPUT_LIMIT // 1048576} MiB of {which}"
                        )

            try:
                process = await conn.create_process(command, encoding=None, request_pty=False)
                process.stdin.write_eof()
                await asyncio.gather(
                    drain(process.stdout, out, "output"), drain(process.stderr, err, "error output")
                )
                await process.wait_closed()
            except _Failed as exc:
                return scrub(str(exc), backend)
            except (asyncssh.DisconnectError, OSError) as exc:
                # a dropped connection shows as either, depending on which side saw it first
                reason = exc.reason if isinstance(exc, asyncssh.DisconnectError) else exc
                return scrub(
                    f"ssh failed: Connection to {name} closed by remote host ({reason})", backend
                )
            except asyncssh.Error as exc:  # the session refused (ChannelOpenError), ...
                return scrub(f"ssh failed: {exc}", backend)
            if process.exit_status is None and process.exit_signal is None:
                return scrub(f"ssh failed: Connection to {name} closed by remote host.", backend)
            return bytes(out), err.decode("utf-8", "replace")
    except TimeoutError:
        got = "some output" if got_output else "no output"
        return scrub(
            f"no complete answer within {bound}; {got} by then; the connection was closed",
            backend,
        )
    finally:
        if conn is not None:
            conn.close()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_WAIT):
                    await conn.wait_closed()
            conn.abort()


def run_in_one_loop(jobs: Sequence[Callable[[], Awaitable[None]]], limit: int) -> threading.Thread:
    """Run every job in one event loop on one thread, at most limit at a time.

    Each job reports its own result; the thread ends when all have. A daemon
    thread: the caller's overall bound (ProbeRun's) settles hosts that never end.
    """

    async def main() -> None:
        gate = asyncio.Semaphore(max(1, limit))

        async def one(job: Callable[[], Awaitable[None]]) -> None:
            async with gate:
                await job()

        await asyncio.gather(*(one(job) for job in jobs))

    thread = threading.Thread(target=asyncio.run, args=(main(),), name="asyncssh-loop", daemon=True)
    thread.start()
    return thread
