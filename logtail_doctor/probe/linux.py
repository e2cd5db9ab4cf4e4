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
    ECS_METADATA_URL,
    STANDARD_LAYOUT,
    BrokenLink,
    CommandFact,
    ConfigOverride,
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


# A line of linux.sh that is only a comment (the script has no here-document
# and no quoted string spanning a line that starts with "#").
_COMMENT_LINE = re.compile(r"^[ \t]*#.*\n", re.MULTILINE)


def linux_probe_script() -> str:
    """linux.sh as the runner sends it: without its comment lines.

    They are half its bytes; every host would receive them and its shell read
    them on each run (bench/probe_cost.py: about 1 ms of host CPU a probe).
    """
    text = resources.files(__package__).joinpath("linux.sh").read_text(encoding="utf-8")
    return _COMMENT_LINE.sub("", text)


def new_nonce() -> str:
    """A fresh record separator for one probe run (LTD_NONCE in linux.sh)."""
    return secrets.token_hex(16)


@dataclass
class _Record:
    rc: str
    value: str
    size: int  # the value's length in bytes as the host sent it
    limit: int | None = None  # seconds of the bound that cut this step; None: not cut
    raw: bytes = b""  # the value's bytes (config_d is cut apart by byte counts)


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
            records[key] = _Record(rc, raw.decode("utf-8", "replace"), len(raw), raw=raw)
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
        if record.size > VALUE_LIMIT:
            # The steps of `bounded` share one cap on the host, beyond a value's:
            # keep what a value may hold, and say that there was more.
            output = _complete_lines(record.raw[:VALUE_LIMIT])
            return CommandFact(
                _int(record.rc, 255), output, timed_out=cut, limit=record.limit, over_limit=True
            )
        return CommandFact(_int(record.rc, 255), record.value, timed_out=cut, limit=record.limit)

    def file(key: str, path: str) -> FileFact:
        record = records.get(key)
        if record is None:
            return FileFact(path, FileState.NOT_PROBED)
        state = _FILE_STATES.get(record.rc, FileState.UNREADABLE)
        return FileFact(path, state, record.value, truncated=record.size >= VALUE_LIMIT)

    layout = COMMUNITY_LAYOUT if _value(records, "layout") == "community" else STANDARD_LAYOUT
    override = _config_override(records.get("config_from"))
    config_path = override.path if override and override.read else layout.config_path
    sys_conf_dir, sys_conf_from = _sys_conf_dir(records.get("sysconf"))
    if layout is STANDARD_LAYOUT and sys_conf_from != "default":
        layout = replace(
            layout,
            users_dir=f"{sys_conf_dir}/users",
            user_defined_id_path=f"{sys_conf_dir}/user_defined_id",
        )
    config_d, config_d_problem = _config_d(records, f"{sys_conf_dir}/config.d")
    own_ns, agent_ns = _pid_namespaces(records.get("pid_ns"))
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

    ecs_metadata = http.pop(ECS_METADATA_URL, None)
    user_ids, other_entries, user_ids_total, users_link = _users_folder(records)

    return HostFacts(
        hostname=hostname.output.strip() if hostname else "",
        epoch=_int(_first_word(epoch.output), None) if epoch and epoch.rc == 0 else None,
        install_paths=_parse_paths(records["paths"].value if "paths" in records else ""),
        status=status,
        processes=parse_ps(ps.output) if ps and ps.rc == 0 else (),
        config=(
            FileFact(override.path, FileState.NOT_PROBED)
            if override and not override.read
            else file("config", config_path)
        ),
        http=http,
        app_info=file("app_info", layout.app_info_path),
        etc_hosts=file("etc_hosts", "/etc/hosts"),
        resolved=(
            parse_getent_ahostsv4(resolve.output)
            if resolve and (resolve.rc == 0 or resolve.over_limit)
            else ()
        ),
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
        user_ids_total=user_ids_total,
        users_link=users_link,
        resolve_over_limit=bool(resolve and resolve.over_limit),
        agent_pid_ns=agent_ns,
        own_pid_ns=own_ns,
        config_override=override,
        sys_conf_dir=sys_conf_dir,
        sys_conf_from=sys_conf_from,
        config_d=config_d,
        config_d_problem=config_d_problem,
        ecs_metadata=ecs_metadata,
        instance_identity=(
            file("instance_identity", f"{sys_conf_dir}/checkpoint/instance_identity")
            if "instance_identity" in records
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
            file("ca_bundle", layout.install_dir + "/ca-bundle.crt")
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


def _complete_lines(raw: bytes) -> str:
    """The text of raw bytes cut off mid-stream, less the last line the cut split."""
    text = raw.decode("utf-8", "replace")
    return text[: text.rfind("\n") + 1] if "\n" in text else text


def _value(records: dict[str, _Record], key: str) -> str | None:
    record = records.get(key)
    return record.value if record is not None else None


# A kept variable's value beyond this is cut: the agent's own values are paths,
# IDs and URLs, and a host's environment is not ours to carry whole.
ENV_VALUE_LIMIT = 4096
# The most config.d files a probe reads (LTD_CONFD_MAX in linux.sh).
CONFIG_D_MAX = 32
_CONFIG_D_STATES = {
    "0": FileState.PRESENT,
    "2": FileState.NOT_REGULAR,
    "3": FileState.UNREADABLE,
}


def _parse_env(record: _Record) -> dict[str, str] | None:
    """NAME=value lines of the variables the probe keeps; None when unreadable.

    The probe turned each newline inside a value into \\001 (so that no value
    can forge a line), and the NULs between variables into newlines.
    """
    if record.rc != "0":
        return None
    env: dict[str, str] = {}
    for line in record.value.split("\n"):
        name, sep, value = line.partition("=")
        if sep and name:
            env[name] = value.replace("\x01", "\n")[:ENV_VALUE_LIMIT]
    return env


def _config_override(record: _Record | None) -> ConfigOverride | None:
    """config_from: "<variable> <path>"; rc 0 read, 4 a path the probe does not read."""
    if record is None:
        return None
    variable, _, path = record.value.partition(" ")
    if variable not in ("LOONG_CONFIG", "ALIYUN_LOGTAIL_CONFIG"):
        return None
    return ConfigOverride(variable, path[:ENV_VALUE_LIMIT], read=record.rc == "0")


def _sys_conf_dir(record: _Record | None) -> tuple[str, str]:
    """The agent's folder and what chose it: "config <dir>" (its logtail_sys_conf_dir)
    or "env:<variable> <dir>"; the source returned is "config" or the variable's name.
    """
    default = STANDARD_LAYOUT.users_dir.rsplit("/", 1)[0]
    if record is None:
        return default, "default"
    source, _, path = record.value.partition(" ")
    variable = source.removeprefix("env:")
    known = ("LOONG_LOGTAIL_SYS_CONF_DIR", "ALIYUN_LOGTAIL_SYS_CONF_DIR", "logtail_sys_conf_dir")
    if not path.startswith("/") or (source != "config" and variable not in known):
        return default, "default"
    return path.rstrip("/") or "/", variable


def _config_d(
    records: dict[str, _Record], folder: str
) -> tuple[tuple[FileFact, ...] | None, str | None]:
    """config.d's files in the agent's order, and what kept any from being read whole."""
    listing = records.get("config_d_list")
    if listing is None:
        return None, None
    joined = records.get("config_d")
    sizes = records.get("config_d_sizes")
    contents: dict[str, tuple[str, bool]] = {}
    problem: str | None = None
    if joined is not None and sizes is not None:
        offset = 0
        cuts: list[tuple[str, int]] = []
        for line in sizes.value.splitlines():
            count, _, name = line.partition(" ")
            if count.isdigit() and name:
                cuts.append((name, int(count)))
        if sum(length for _, length in cuts) != joined.size:
            problem = "changed while the probe read it"
        for name, length in cuts:
            chunk = joined.raw[offset : offset + length]
            offset += length
            contents[name] = (chunk.decode("utf-8", "replace"), False)
    for key, record in records.items():
        if key.startswith("config_d="):
            contents[key[len("config_d=") :]] = (record.value, record.size >= VALUE_LIMIT)
    files: list[FileFact] = []
    for line in listing.value.splitlines():
        rc, _, name = line.partition(" ")
        path = f"{folder}/{name}"
        if rc == "4":
            problem = problem or "a file name of other than plain characters was not read"
            continue
        if rc == "5":
            problem = f"more than {CONFIG_D_MAX} files: the rest were not read"
            continue
        if rc == "0" and name in contents:
            text, cut = contents[name]
            files.append(FileFact(path, FileState.PRESENT, text, truncated=cut))
        elif rc == "0":
            files.append(FileFact(path, FileState.NOT_PROBED))
        else:
            files.append(FileFact(path, _CONFIG_D_STATES.get(rc, FileState.UNREADABLE)))
    return tuple(files), problem


def _pid_namespaces(record: _Record | None) -> tuple[int | None, dict[str, int]]:
    """pid_ns: "<pid> <inode>" lines, "self <inode>" the probe's own namespace."""
    own: int | None = None
    agents: dict[str, int] = {}
    if record is None:
        return own, agents
    for line in record.value.splitlines():
        pid, _, inode = line.partition(" ")
        if not inode.isdigit():
            continue
        if pid == "self":
            own = int(inode)
        elif pid.isdigit():
            agents[pid] = int(inode)
    return own, agents


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


_UsersFolder = tuple[tuple[str, ...] | None, tuple[str, ...], int | None, BrokenLink | None]


def _users_folder(records: dict[str, _Record]) -> _UsersFolder:
    """The users folder's listing: (account IDs, other entries, the count of all
    entries when the probe sent only the first, a link that cannot be followed)."""
    users = records.get("users")
    if users is not None and users.rc == "0":
        user_ids, other_entries = parse_users_listing(users.value)
        count = records.get("users.count")
        total = _int(count.rc, None) if count is not None else None
        if total is not None and total > len(user_ids) + len(other_entries):
            return user_ids, other_entries, total, None
        return user_ids, other_entries, None, None
    if users is not None and users.rc == "4":
        target, _, reason = users.value.partition("\n")
        return None, (), None, BrokenLink(target, "Too many levels of symbolic links" in reason)
    return None, (), None, None
