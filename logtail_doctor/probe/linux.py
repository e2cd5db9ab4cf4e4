"""The Linux probe: one shell script (``linux.sh``), one round trip, all the facts.

``linux.sh`` prints records, each a header line ``\\n<nonce> <key> <rc>\\n``
followed by the value's raw bytes; ``parse_linux_probe`` turns them into
HostFacts. A step its bound cut on the host (format 3) carries a
``<key>.timeout <seconds>`` record after its exit code; the fact then says
``timed_out`` and the bound, not just timeout's exit code. The nonce is
drawn afresh by the runner for each probe (see ``new_nonce``), so no value
read from the host can contain a header. A record that is missing (an old or
cut-off probe) becomes an absent fact rather than an exception, except that a
probe that did not reach its end marker is reported as a ProbeError.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from importlib import resources
from typing import TypeVar

from logtail_doctor.agent_log import parse_utc_offset
from logtail_doctor.facts import (
    COMMUNITY_LAYOUT,
    CURL_TIMEOUT,
    STANDARD_LAYOUT,
    CommandFact,
    FileFact,
    FileState,
    HostFacts,
)
from logtail_doctor.parsers import (
    HTTP_CODE_MARKER,
    parse_curl,
    parse_getent_ahostsv4,
    parse_ip_addr,
    parse_ps,
    parse_users_listing,
)
from logtail_doctor.probe.common import PROBE_URL_RE, VALUE_LIMIT, ProbeError

PROBE_FORMAT = "4"
# Formats this parser reads: 2 (recorded before steps said they were cut)
# differs from 3 only by lacking the "<key>.timeout" records; 4 fetches every
# URL in one curl run, whose write-out gives each "http=<url>" record its
# ".rc" (%{exitcode}) and always its ".timeout" (curl's --max-time: a cut
# only where curl exits 28, as the parser already reads it). The records are
# the same.
READABLE_FORMATS = ("2", "3", PROBE_FORMAT)
# "<key>.timeout <seconds>": the bound that cut the step of <key> (format 3).
_TIMEOUT_SUFFIX = ".timeout"
# A bound in seconds as linux.sh prints it (LTD_STEP: digits).
_SECONDS_RE = re.compile(r"[0-9]{1,6}")
# The installer's paths, which most hosts use (HostFacts.layout says per host).
CONFIG_PATH = STANDARD_LAYOUT.config_path
APP_INFO_PATH = STANDARD_LAYOUT.app_info_path
USERS_DIR = STANDARD_LAYOUT.users_dir
# LTD_NONCE in linux.sh: 32 lowercase hex digits, or the script refuses to run.
NONCE_RE = re.compile(r"[0-9a-f]{32}")

_FILE_STATES = {
    "0": FileState.PRESENT,
    "1": FileState.ABSENT,
    "2": FileState.NOT_REGULAR,
    "3": FileState.UNREADABLE,
}


_T = TypeVar("_T")


def linux_probe_script() -> str:
    return resources.files(__package__).joinpath("linux.sh").read_text(encoding="utf-8")


def new_nonce() -> str:
    """A fresh record separator for one probe run (LTD_NONCE in linux.sh)."""
    return secrets.token_hex(16)


@dataclass
class _Record:
    rc: str
    value: str
    size: int  # the value's length in bytes as the host sent it
    limit: int | None = None  # seconds of the bound that cut this step; None: not cut


def split_records(stdout: bytes, nonce: str) -> dict[str, _Record]:
    """The records of a probe output, by key; a `<key>.rc` record sets its key's rc.

    A `<key>.timeout <seconds>` header right after the record of <key> (and
    its `.rc`) sets that record's limit: the step was cut by its bound.

    Values run from the end of their header line to the next separator
    ``\\n<nonce> `` (not included) or the end of the output. Bytes before the
    first separator (a login banner) and headers that are not ``<key> <rc>``
    are ignored.
    """
    if not NONCE_RE.fullmatch(nonce):
        raise ValueError("a probe nonce is 32 lowercase hex digits")  # the caller's mistake
    separator = b"\n" + nonce.encode("ascii") + b" "
    chunks = stdout.split(separator)[1:]
    if chunks and chunks[0].partition(b"\n")[0].endswith(b"\r"):
        # A terminal (a pty) between the host and us turned every "\n" into
        # "\r\n", the headers' own included: undo that, values and all.
        chunks = stdout.replace(b"\r\n", b"\n").split(separator)[1:]
    records: dict[str, _Record] = {}
    last = ""  # the key of the record the previous header started or completed
    for chunk in chunks:
        head, _, raw = chunk.partition(b"\n")
        parts = head.decode("utf-8", "replace").split(" ")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            continue  # not a header linux.sh writes
        key, rc = parts
        if key.endswith(".rc") and key[:-3] in records:
            records[key[:-3]].rc = rc
            last = key[:-3]
        elif key.endswith(_TIMEOUT_SUFFIX) and key[: -len(_TIMEOUT_SUFFIX)] == last:
            if _SECONDS_RE.fullmatch(rc):
                records[last].limit = int(rc)
        else:
            records[key] = _Record(rc, raw.decode("utf-8", "replace"), len(raw))
            last = key
    return records


def parse_linux_probe(stdout: bytes, nonce: str) -> HostFacts:
    """HostFacts from linux.sh's output, framed with the nonce the run was given."""
    records = split_records(stdout, nonce)
    if "probe" not in records:
        raise ProbeError("the probe printed nothing recognisable (is /bin/sh a POSIX shell?)")
    if records["probe"].value not in READABLE_FORMATS:
        raise ProbeError(f"unknown probe format {records['probe'].value[:40]!r}")
    if "end" not in records:
        raise ProbeError("the probe stopped before its end (killed or timed out on the host)")

    def command(key: str) -> CommandFact | None:
        record = records.get(key)
        if record is None:
            return None
        cut = record.limit is not None
        return CommandFact(_int(record.rc, 255), record.value, timed_out=cut, limit=record.limit)

    def file(key: str, path: str) -> FileFact:
        record = records.get(key)
        if record is None:
            return FileFact(path, FileState.NOT_PROBED)
        state = _FILE_STATES.get(record.rc, FileState.UNREADABLE)
        return FileFact(path, state, record.value, truncated=record.size >= VALUE_LIMIT)

    layout = COMMUNITY_LAYOUT if _value(records, "layout") == "community" else STANDARD_LAYOUT
    hostname = command("hostname")
    epoch = command("epoch")
    ps = command("ps")
    resolve = command("resolve")
    nics = command("nics")
    mtime = command("config_mtime")

    status = {
        key.split(".", 1)[1]: fact
        for key in records
        if key.startswith("status.")
        if (fact := command(key)) is not None
    }
    http = {}
    agent_tls = None
    for key, record in records.items():
        kind, _, url = key.partition("=")
        if kind in ("http", "tls") and PROBE_URL_RE.fullmatch(url):
            answer = parse_curl(url, _curl_rc(record), record.value)
            if answer.rc == CURL_TIMEOUT and record.limit is not None:
                answer = replace(answer, limit=record.limit)
            if kind == "http":
                http[url] = answer
            else:
                agent_tls = answer

    user_ids: tuple[str, ...] | None = None
    other_entries: tuple[str, ...] = ()
    users = records.get("users")
    if users is not None and users.rc == "0":
        user_ids, other_entries = parse_users_listing(users.value)

    return HostFacts(
        hostname=hostname.output.strip() if hostname else "",
        epoch=_int(_first_word(epoch.output), None) if epoch and epoch.rc == 0 else None,
        install_paths=_parse_paths(records["paths"].value if "paths" in records else ""),
        status=status,
        processes=parse_ps(ps.output) if ps and ps.rc == 0 else (),
        config=file("config", layout.config_path),
        http=http,
        app_info=file("app_info", layout.app_info_path),
        etc_hosts=file("etc_hosts", "/etc/hosts"),
        resolved=parse_getent_ahostsv4(resolve.output) if resolve and resolve.rc == 0 else (),
        resolve_rc=resolve.rc if resolve else None,
        resolve_limit=resolve.limit if resolve else None,
        nics=parse_ip_addr(nics.output) if nics and nics.rc == 0 else (),
        user_ids=user_ids,
        user_id_other_entries=other_entries,
        user_defined_id=file("user_defined_id", layout.user_defined_id_path),
        layout=layout,
        config_mtime=_int(mtime.output.strip(), None) if mtime and mtime.rc == 0 else None,
        agent_env=_parse_env(records["agent_env"]) if "agent_env" in records else None,
        user_log_config=(
            file("user_log_config", layout.user_log_config_path)
            if layout.user_log_config_path
            else None
        ),
        agent_log=(
            file("agent_log", _value(records, "agent_log_path") or "")
            if "agent_log" in records
            else None
        ),
        utc_offset=(
            parse_utc_offset(epoch.output.strip().partition(" ")[2])
            if epoch and epoch.rc == 0
            else None
        ),
        ca_bundle=(
            replace(file("ca_bundle", layout.install_dir + "/ca-bundle.crt"), content="")
            if "ca_bundle" in records
            else None
        ),
        agent_tls=agent_tls,
    )


def _first_word(text: str) -> str:
    """`date '+%s %z'` (format 4 since agent-log; `+%s` before): the epoch."""
    words = text.split()
    return words[0] if words else ""


# "curl: (N) ..." as curl -sS prints its own error.
_CURL_ERROR_RE = re.compile(r"^curl: \(([0-9]{1,3})\)", re.M)


def _curl_rc(record: _Record) -> int:
    """A transfer's exit code; where its `.rc` header is missing, what its output says.

    Format 4's write-out gives each transfer's code as %{exitcode}, which curl
    before 7.75 does not know (it prints nothing there, so no `.rc` header is
    recognised): then the output's own "curl: (N)" message says N, and an
    answer that ends with the write-out's code marker says 0. An output that
    says neither was cut off: 255, as for any step without an exit code.
    """
    if record.rc != "-":
        return _int(record.rc, 255)
    errors = _CURL_ERROR_RE.findall(record.value)
    if errors:
        return int(errors[-1])
    if HTTP_CODE_MARKER in record.value:
        return 0
    return 255


def _value(records: dict[str, _Record], key: str) -> str | None:
    record = records.get(key)
    return record.value if record is not None else None


def _parse_env(record: _Record) -> dict[str, str] | None:
    """NAME=value lines (the probe keeps only proxy variables); None when unreadable."""
    if record.rc != "0":
        return None
    env: dict[str, str] = {}
    for line in record.value.splitlines():
        name, sep, value = line.partition("=")
        if sep and name:
            env[name] = value
    return env


def _parse_paths(text: str) -> dict[str, str]:
    paths = {}
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind in ("d", "f"):
            paths[rest] = kind
        elif kind == "l":
            path, _, target = rest.partition(" -> ")
            paths[path] = f"l -> {target}"
    return paths


def _int(text: str, default: _T) -> int | _T:
    try:
        return int(text)
    except ValueError:
        return default
