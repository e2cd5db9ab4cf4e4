"""The user's ssh_config read for the asyncssh transport, and refused where asyncssh differs.

asyncssh parses OpenSSH's config format itself (its SSHClientConfig: Host,
Match, Include, percent tokens, first value wins) but silently ignores the
options it does not know, and it runs ``Match exec`` commands. This module
parses the same files with the same parser, extended to *see* those options,
and turns the ones that change where or how OpenSSH would connect into one
line that names the option, the file and line, and the host: the run stops
rather than connecting differently from what the user's ssh would do.

Host-key policy (StrictHostKeyChecking, known-hosts files, HashKnownHosts) is
read here too: asyncssh has no StrictHostKeyChecking, so the runner enforces
it (see asyncssh_runner).
"""

from __future__ import annotations

import functools
import getpass
import os
import re
import shlex
import types
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

with warnings.catch_warnings():
    # cryptography warns about DSA while asyncssh imports its key types; we use none of them.
    warnings.simplefilter("ignore")
    import asyncssh.config as _asyncssh_config
    from asyncssh.gss import gss_available
    from asyncssh.pkcs11 import pkcs11_available

DEFAULT_PORT = 22
# OpenSSH's defaults when ssh_config names no known-hosts files (ssh_config(5)).
DEFAULT_USER_KNOWN_HOSTS = ("~/.ssh/known_hosts", "~/.ssh/known_hosts2")
DEFAULT_GLOBAL_KNOWN_HOSTS = ("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2")
# Without --ssh-config, OpenSSH reads the user's file, then the system's.
DEFAULT_CONFIGS = ("~/.ssh/config", "/etc/ssh/ssh_config")
# Jump hosts through jump hosts: OpenSSH has no limit; a loop in a config must end.
MAX_JUMP_DEPTH = 5
# A ProxyCommand that needs a shell: OpenSSH runs it with `$SHELL -c "exec ..."`,
# asyncssh splits it into words and executes it without one.
_SHELL_SYNTAX = re.compile(r"[|&;<>()$`*?\[\]{}~\n]|^\s*exec\s")
# Percent tokens asyncssh expands in ProxyCommand (OpenSSH also has %k, %j, %T, ...).
_ASYNCSSH_TOKENS = set("%ChLlnprudi")
_TOKEN = re.compile(r"%(.)")
TO_DEFAULT = "use the default transport (--connection ssh, ssh:// hosts) for this host"
# Host configs read in this process: the plan's check and the run read each once.
_CACHE_SIZE = 100_000


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _split_line(line: str) -> tuple[str, ...]:
    return tuple(shlex.split(line))


def _split(line: str) -> list[str]:
    return list(_split_line(line))


# asyncssh's parser splits every line of every file for every host (Python's shlex:
# 21 ms per host for the latency lab's 1,500-line config, most of a host's cost).
# Splitting is a pure function of the line, so its config module gets a memoized
# one; everything else about parsing stays asyncssh's own.
setattr(_asyncssh_config, "shlex", types.SimpleNamespace(split=_split))  # noqa: B010


class ConfigRefused(ValueError):
    """The user's ssh_config asks for something the asyncssh transport would not do."""


@dataclass(frozen=True)
class Seen:
    """One value of an option asyncssh ignores, with where it was set."""

    value: str
    where: str  # "FILE line N"


@dataclass(frozen=True)
class HostConfig:
    """What the user's ssh_config says for one host, as the asyncssh transport uses it."""

    alias: str  # the host as given (what Host and Match host/originalhost see)
    hostname: str
    port: int
    user: str
    config_paths: tuple[str, ...]  # handed to asyncssh, which reads the same files again
    identity_files: tuple[str, ...]
    proxy_jump: tuple[str, ...]  # [user@]host[:port] hops, first hop first
    proxy_command: str | None
    strict: str  # "yes" (also "ask": nobody answers), "accept-new" or "no"
    known_hosts_files: tuple[str, ...]  # user files, then global ones; "~" expanded
    hash_known_hosts: bool
    host_key_alias: str | None
    gssapi: bool  # GSSAPIAuthentication / GSSAPIKeyExchange asked for (OpenSSH's default: no)
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    # asyncssh's parsed config, handed to asyncssh.connect so that it does not parse
    # the files again; None where it must (canonical host names, Match final).
    parsed: Any = field(default=None, compare=False)


def config_paths(ssh_config: str | None) -> tuple[str, ...]:
    """The files OpenSSH would read: -F's file alone, else the user's and the system's."""
    if ssh_config:
        return (ssh_config,)
    return tuple(
        str(Path(p).expanduser()) for p in DEFAULT_CONFIGS if Path(p).expanduser().is_file()
    )


def _recorder(option: str) -> Callable[[Any, str, list[str]], None]:
    def record(self: Any, _option: str, args: list[str]) -> None:
        value = " ".join(args)
        args.clear()
        seen = self._options.setdefault("_seen", {})
        # ssh_config: the first value obtained is used
        if option not in seen:
            seen[option] = Seen(value, f"{self._path} line {self._line_no}")

    return record


# Options asyncssh's parser skips without a word. Recorded, so that the ones that
# change where or how to connect can be honoured (StrictHostKeyChecking) or refused.
_RECORDED = (
    "StrictHostKeyChecking",
    "HashKnownHosts",
    "VerifyHostKeyDNS",
    "KnownHostsCommand",
    "ProxyUseFdpass",
    "BindInterface",
    "PermitLocalCommand",
    "LocalCommand",
    "PubkeyAcceptedAlgorithms",
    "PubkeyAcceptedKeyTypes",
    "SecurityKeyProvider",
    "CheckHostIP",
    "UpdateHostKeys",
    "ControlMaster",
    "ControlPath",
    "ConnectionAttempts",
)


def _checked_match(self: Any, option: str, args: list[str]) -> None:
    """Match, except exec: asyncssh would run the command (OpenSSH does, in a shell)."""
    if any(arg.lower() in ("exec", "!exec") for arg in args):
        seen = cast(dict[str, Seen], self._options.setdefault("_seen", {}))
        where = f"{self._path} line {self._line_no}"
        seen.setdefault("Match exec", Seen(" ".join(args), where))
        args.clear()
        self._matching = False
        return
    _asyncssh_config.SSHConfig._match(self, option, args)


class _RecordingConfig(_asyncssh_config.SSHClientConfig):
    """asyncssh's own client config parser, which also records what it would ignore."""

    _handlers = {  # noqa: RUF012 - asyncssh's own table, extended, as it declares it
        **_asyncssh_config.SSHClientConfig._handlers,
        **{name.lower(): (name, _recorder(name)) for name in _RECORDED},
        "match": ("Match", _checked_match),
    }


def read_host_config(
    alias: str,
    user: str | None,
    port: int | None,
    *,
    ssh_config: str | None,
    host_id: str,
    identity_file: str | None = None,
) -> HostConfig:
    """The user's ssh_config for one host; raises ConfigRefused (one line naming the option).

    user and port: from the host spec, which wins over the config (as ssh's user@host -p).
    Read once per process while the files are unchanged (the plan's check, then the run).
    """
    paths = config_paths(ssh_config)
    stamp = tuple(_stamp(p) for p in paths)
    return _read_cached(alias, user, port, paths, stamp, host_id, identity_file)


def _stamp(path: str) -> tuple[str, int, int]:
    try:
        stat = Path(path).stat()
    except OSError:
        return path, -1, -1  # asyncssh's parse then says what is wrong with it
    return path, stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _read_cached(  # noqa: PLR0917 - the cache key is every argument
    alias: str,
    user: str | None,
    port: int | None,
    paths: tuple[str, ...],
    _stamp: tuple[tuple[str, int, int], ...],
    host_id: str,
    identity_file: str | None,
) -> HostConfig:
    local_user = getpass.getuser()
    try:
        loaded = _RecordingConfig.load(
            None, list(paths), False, False, False, local_user, user or (), alias, port or ()
        )
    except (OSError, ValueError) as exc:  # asyncssh's ConfigParseError is a ValueError
        raise ConfigRefused(f"host {host_id}: ssh_config: {exc}; {TO_DEFAULT}") from None
    options: dict[str, Any] = dict(loaded.get_options(False))
    seen = cast(dict[str, Seen], options.pop("_seen", {}))
    _refuse_unsupported(host_id, seen, options)
    strict = _strictness(host_id, seen.get("StrictHostKeyChecking"))
    user_files = cast(list[str] | None, options.get("UserKnownHostsFile"))
    global_files = cast(list[str] | None, options.get("GlobalKnownHostsFile"))
    files = [
        *(DEFAULT_USER_KNOWN_HOSTS if user_files is None else user_files),
        *(DEFAULT_GLOBAL_KNOWN_HOSTS if global_files is None else global_files),
    ]
    jump = cast(str | None, options.get("ProxyJump"))
    identities = [str(Path(p).expanduser()) for p in options.get("IdentityFile") or []]
    if identity_file:
        identities.insert(0, identity_file)  # ssh -i comes before the config's files
    return HostConfig(
        alias=alias,
        hostname=str(options.get("Hostname", alias)),
        port=int(port or cast(int, options.get("Port", DEFAULT_PORT))),
        user=str(user or options.get("User") or local_user),
        config_paths=paths,
        identity_files=tuple(identities),
        proxy_jump=tuple(h.strip() for h in jump.split(",") if h.strip()) if jump else (),
        proxy_command=cast(str | None, options.get("ProxyCommand")),
        strict=strict,
        known_hosts_files=tuple(str(Path(f).expanduser()) for f in files),
        hash_known_hosts=_yes(seen.get("HashKnownHosts")),
        host_key_alias=cast(str | None, options.get("HostKeyAlias")),
        gssapi=bool(options.get("GSSAPIAuthentication") or options.get("GSSAPIKeyExchange")),
        options=options,
        parsed=None if options.get("CanonicalizeHostname") or loaded.has_match_final() else loaded,
    )


def _yes(seen: Seen | None) -> bool:
    return seen is not None and seen.value.lower() in ("yes", "true")


def _strictness(host_id: str, seen: Seen | None) -> str:
    value = seen.value.lower() if seen else "ask"
    if value in ("yes", "ask", "true"):
        return "yes"  # "ask": nobody answers the question in a run, as ssh -o BatchMode=yes
    if value == "accept-new":
        return "accept-new"
    if value in ("no", "off", "false"):
        return "no"
    assert seen is not None
    raise ConfigRefused(
        f"host {host_id}: ssh_config option StrictHostKeyChecking {seen.value} ({seen.where}) "
        "is not a value ssh knows"
    )


def _refuse(host_id: str, option: str, value: str, where: str, why: str) -> ConfigRefused:
    return ConfigRefused(
        f"host {host_id}: ssh_config option {option} {value} ({where}): {why}; {TO_DEFAULT}"
    )


def _refuse_unsupported(host_id: str, seen: dict[str, Seen], options: dict[str, Any]) -> None:
    """Raise for the first option that would make asyncssh connect differently from OpenSSH."""
    match_exec = seen.get("Match exec")
    if match_exec:
        raise _refuse(
            host_id,
            "Match",
            match_exec.value,
            match_exec.where,
            "the asyncssh transport runs no local command to choose settings",
        )
    unsupported = {
        "KnownHostsCommand": "the asyncssh transport runs no command to find host keys",
        "ProxyUseFdpass": "asyncssh cannot take a connection passed by a proxy command",
        "BindInterface": "asyncssh cannot bind to an interface",
        "PubkeyAcceptedAlgorithms": "asyncssh does not restrict its signature algorithms so",
        "PubkeyAcceptedKeyTypes": "asyncssh does not restrict its signature algorithms so",
    }
    for option, why in unsupported.items():
        found = seen.get(option)
        if found and found.value.lower() != "none":
            raise _refuse(host_id, option, found.value, found.where, why)
    dns = seen.get("VerifyHostKeyDNS")
    if dns and dns.value.lower() in ("yes", "ask", "true"):
        raise _refuse(
            host_id, "VerifyHostKeyDNS", dns.value, dns.where, "asyncssh reads no SSHFP records"
        )
    local = seen.get("PermitLocalCommand")
    if local and local.value.lower() in ("yes", "true") and seen.get("LocalCommand"):
        raise _refuse(
            host_id, "PermitLocalCommand", local.value, local.where, "asyncssh runs no LocalCommand"
        )
    command = cast(str | None, options.get("ProxyCommand"))
    if command:
        tokens = set(_TOKEN.findall(command)) - _ASYNCSSH_TOKENS - {"%"}
        if _SHELL_SYNTAX.search(command) or tokens:
            raise ConfigRefused(
                f"host {host_id}: ssh_config option ProxyCommand {command!r} needs a shell or "
                f"percent tokens asyncssh does not expand; {TO_DEFAULT}"
            )
    if options.get("PKCS11Provider") and not pkcs11_available:
        raise ConfigRefused(
            f"host {host_id}: ssh_config option PKCS11Provider: asyncssh's PKCS#11 support "
            f"(python-pkcs11) is not installed; {TO_DEFAULT}"
        )
    for option in ("GSSAPIAuthentication", "GSSAPIKeyExchange"):
        # Debian's /etc/ssh/ssh_config says yes; without Kerberos credentials
        # OpenSSH's GSSAPI attempt fails and it goes on with keys, as we do.
        if options.get(option) and not gss_available and _has_kerberos_credentials():
            raise ConfigRefused(
                f"host {host_id}: ssh_config option {option} yes: GSSAPI is not available to "
                f"asyncssh here (no python-gssapi) and you hold Kerberos credentials; {TO_DEFAULT}"
            )


def _has_kerberos_credentials() -> bool:
    """Whether a Kerberos credential cache is there for OpenSSH's GSSAPI to use."""
    cache = os.environ.get("KRB5CCNAME")
    if cache:
        kind, _, where = cache.partition(":") if ":" in cache else ("FILE", "", cache)
        # KEYRING:, KCM:, API:, ... caches cannot be looked at from here: assume so
        return kind.upper() != "FILE" or Path(where).exists()
    # MIT Kerberos's default credential cache, where KRB5CCNAME names none
    return Path(f"/tmp/krb5cc_{os.getuid()}").exists()  # noqa: S108


def parse_jump(hop: str) -> tuple[str | None, str, int | None]:
    """One ProxyJump hop: [user@]host[:port] or ssh://[user@]host[:port] -> (user, host, port)."""
    text = hop.removeprefix("ssh://")
    user: str | None = None
    if "@" in text:
        user, text = text.rsplit("@", 1)
    port: int | None = None
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = int(port_text)
    else:
        host = text
    return user, host, port


def jump_chain(config: HostConfig, ssh_config: str | None, host_id: str) -> list[HostConfig]:
    """The jump hosts to go through for config, outermost first, each with its own config.

    A jump host's own ProxyJump comes before it (as OpenSSH's nested `ssh -W`).
    Like OpenSSH's, a jump host gets the config file but not the run's -i key.
    """

    def chain(hops: Sequence[str], depth: int) -> list[HostConfig]:
        if depth > MAX_JUMP_DEPTH:
            raise ConfigRefused(
                f"host {host_id}: ssh_config ProxyJump nests more than {MAX_JUMP_DEPTH} deep"
            )
        out: list[HostConfig] = []
        for index, hop in enumerate(hops):
            try:
                user, host, port = parse_jump(hop)
            except ValueError:
                raise ConfigRefused(
                    f"host {host_id}: ssh_config option ProxyJump {hop!r} is not [user@]host[:port]"
                ) from None
            hop_config = read_host_config(host, user, port, ssh_config=ssh_config, host_id=host_id)
            if index == 0 and hop_config.proxy_jump:
                out.extend(chain(hop_config.proxy_jump, depth + 1))
            out.append(hop_config)
        return out

    return chain(config.proxy_jump, 1)
