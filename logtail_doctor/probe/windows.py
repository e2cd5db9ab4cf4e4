"""The Windows probe: one PowerShell run over WinRM, one line of base64 JSON back.

``windows.ps1`` prints ``LTD-WINDOWS-PROBE 1 <base64 of UTF-8 JSON>``;
``parse_windows_probe`` turns it into HostFacts (layout windows_layout(...),
services instead of init scripts, HTTP answers with curl's exit codes).

How the script reaches the host. A Windows command line that goes through
cmd.exe (as a WinRM command does) must stay under 8191 characters, and
``-EncodedCommand`` carries base64 of UTF-16LE, 2.7 characters per character of
script: the probe, 8 KB even without comments and indentation, would need
about 22,000. So ``windows_probe_command`` is a bootstrap of a few hundred
characters that defines ``$LtdStep`` and runs, as a script block, what it reads
from its standard input; ``windows_probe_input`` is the script sent there
(WinRM's Send). That is how Ansible runs every module over WinRM (its
bootstrap_wrapper.ps1 reads ``$input | Out-String``). Rejected: splitting the
probe into two commands (each would need the script squeezed to ~2,900
characters, i.e. one-letter names throughout: unreviewable for the read-only
promise), and a compressed payload unpacked by ``iex`` (the classic shape of
PowerShell malware, which endpoint protection blocks).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from logtail_doctor.facts import (
    CURL_CONNECT_FAILED,
    CURL_RESOLVE_FAILED,
    CURL_TIMEOUT,
    CURL_TLS_FAILED,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
    Process,
    windows_layout,
)
from logtail_doctor.parsers import is_ipv4
from logtail_doctor.probe.common import PROBE_URL_RE, VALUE_LIMIT, ProbeError
from logtail_doctor.text import one_line

WINDOWS_PROBE_FORMAT = "1"
WINDOWS_MARKER = "LTD-WINDOWS-PROBE"
# Both folders Logtail for Windows installs to (domain-facts §0); the first that exists wins.
WINDOWS_INSTALL_DIRS = (
    "C:\\Program Files\\Alibaba\\Logtail",
    "C:\\Program Files (x86)\\Alibaba\\Logtail",
)
WINDOWS_SERVICES = ("LogtailDaemon", "LogtailWorker")
WINDOWS_HOSTS_PATH = "C:\\Windows\\System32\\drivers\\etc\\hosts"
# powershell.exe with its options; the bootstrap follows -EncodedCommand.
POWERSHELL = "powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand"

_FILE_STATES = {
    0: FileState.PRESENT,
    1: FileState.ABSENT,
    2: FileState.NOT_REGULAR,
    3: FileState.UNREADABLE,
}
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=]+")
# Error texts from the host are shown in one line of at most this many characters.
_ERROR_CHARS = 300
# System.Net.WebExceptionStatus values that mean what a curl exit code means.
_WEB_STATUS_RC = {
    "Timeout": CURL_TIMEOUT,
    "NameResolutionFailure": CURL_RESOLVE_FAILED,
    "ConnectFailure": CURL_CONNECT_FAILED,
    "TrustFailure": CURL_TLS_FAILED,
    "SecureChannelFailure": CURL_TLS_FAILED,
}
# System.Net.Sockets.SocketError values of a failed TCP connect.
_SOCKET_RC = {
    "TimedOut": CURL_TIMEOUT,
    "timeout": CURL_TIMEOUT,  # the probe's own: the connect did not finish in time
    "HostNotFound": CURL_RESOLVE_FAILED,
    "NoData": CURL_RESOLVE_FAILED,
    "TryAgain": CURL_RESOLVE_FAILED,
}


def windows_probe_script() -> str:
    """windows.ps1 as written, comments and all."""
    return resources.files(__package__).joinpath("windows.ps1").read_text(encoding="utf-8")


def minify(script: str) -> str:
    """The script without comment lines, indentation and blank lines.

    Only whole-line comments are removed: the script keeps comments on lines
    of their own (a "#" inside a string is never touched).
    """
    lines = (line.strip() for line in script.splitlines())
    return "".join(line + "\n" for line in lines if line and not line.startswith("#"))


def windows_probe_input() -> str:
    """What the bootstrap reads from standard input: the probe, minified."""
    return minify(windows_probe_script())


def windows_bootstrap(step_seconds: int) -> str:
    """The PowerShell the command line carries: set the step bound, run stdin as a script."""
    if isinstance(step_seconds, bool) or not isinstance(step_seconds, int) or step_seconds < 1:
        raise ValueError(f"step_seconds must be a positive integer, not {step_seconds!r}")
    # Dot-sourced, so the script's variables live where $LtdStep does.
    return f"$LtdStep={step_seconds}\n. ([ScriptBlock]::Create(($input | Out-String)))\n"


def windows_probe_command(step_seconds: int) -> str:
    """The command line to run over WinRM; send windows_probe_input() to its stdin."""
    encoded = base64.b64encode(windows_bootstrap(step_seconds).encode("utf-16-le"))
    return f"{POWERSHELL} {encoded.decode('ascii')}"


def parse_windows_probe(stdout: str) -> HostFacts:
    """HostFacts from the probe's output; ProbeError (one line) when it is not usable."""
    document = _document(stdout)
    install_dir = _text(document.get("install_dir"))
    if install_dir not in WINDOWS_INSTALL_DIRS:
        install_dir = ""
    layout = windows_layout(install_dir or WINDOWS_INSTALL_DIRS[0])
    files = _object(document.get("files"))
    config = _file(files, "config", layout.config_path)
    user_ids, other_entries = _users(document)
    return HostFacts(
        hostname=_text(document.get("hostname")),
        epoch=_number(document.get("epoch")),
        install_paths=_install_paths(document, install_dir),
        status={},
        processes=_processes(document.get("processes")),
        config=config,
        http=_http(document.get("net"), _number(document.get("step"))),
        app_info=_file(files, "app_info", layout.app_info_path),
        etc_hosts=_file(files, "hosts", WINDOWS_HOSTS_PATH),
        resolved=_addresses(document.get("resolved")),
        resolve_rc=_resolve_rc(document),
        resolve_limit=_cut_after(document.get("resolve_error")),
        nics=_nics(document.get("nics")),
        user_ids=user_ids,
        user_id_other_entries=other_entries,
        user_defined_id=_file(files, "user_defined_id", layout.user_defined_id_path),
        layout=layout,
        services=_services(document.get("services")),
        config_mtime=_number(_object(files.get("config")).get("mtime"))
        if config.state is FileState.PRESENT
        else None,
        agent_env=None,
    )


# --- the frame -----------------------------------------------------------------------------


def _document(stdout: str) -> dict[str, Any]:
    lines = stdout.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip().startswith(WINDOWS_MARKER + " ")), None
    )
    if start is None:
        raise ProbeError(
            "the Windows probe printed nothing recognisable (no LTD-WINDOWS-PROBE line)"
        )
    parts = lines[start].strip().split(" ")
    if len(parts) != 3:
        raise ProbeError("the Windows probe's line is not '<marker> <format> <base64>'")
    if parts[1] != WINDOWS_PROBE_FORMAT:
        raise ProbeError(f"unknown Windows probe format {one_line(parts[1])[:20]!r}")
    # A console may wrap a long line: base64-only lines right after it continue it.
    continued = [parts[2]]
    for line in lines[start + 1 :]:
        if not _BASE64_LINE.fullmatch(line.strip()):
            break
        continued.append(line.strip())
    for encoded in ("".join(continued), parts[2]):
        document = _decode(encoded)
        if document is not None:
            return document
    raise ProbeError(
        "the Windows probe's answer is cut off or damaged (its base64 JSON does not decode)"
    )


def _decode(encoded: str) -> dict[str, Any] | None:
    try:
        text = base64.b64decode(encoded, validate=True).decode("utf-8", "replace")
        document = json.loads(text)
    except (binascii.Error, ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


# --- tolerant readers: a wrong type is a missing value, never an exception --------------------


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    """A JSON array; also Windows PowerShell 5.1's {"value": [...], "Count": n} form of one."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("value"), list):
        return list(value["value"])
    if value is None:
        return []
    return [value]


def _objects(value: object) -> list[dict[str, Any]]:
    return [entry for entry in _list(value) if isinstance(entry, dict)]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _short(value: object) -> str:
    return one_line(_text(value))[:_ERROR_CHARS]


def _b64(value: object) -> tuple[str, int] | None:
    """(text, byte count) of a base64 value, None when it is not base64."""
    try:
        raw = base64.b64decode(_text(value), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.decode("utf-8", "replace"), len(raw)


def _plain_name(value: object) -> str | None:
    """A directory entry's name as Windows allows it: no separators, no control characters."""
    name = _text(value)
    if not name or len(name) > 255 or any(c in "\\/" or not c.isprintable() for c in name):
        return None
    return name


# --- the facts ---------------------------------------------------------------------------------


def _file(files: dict[str, Any], key: str, path: str) -> FileFact:
    entry = files.get(key)
    if not isinstance(entry, dict):
        return FileFact(path, FileState.NOT_PROBED)
    number = _number(entry.get("state"))
    state = _FILE_STATES.get(number if number is not None else -1, FileState.UNREADABLE)
    if state is not FileState.PRESENT:
        return FileFact(path, state)
    decoded = _b64(entry.get("data"))
    if decoded is None:
        return FileFact(path, FileState.UNREADABLE)
    content, count = decoded
    size = _number(entry.get("size"))
    truncated = count >= VALUE_LIMIT or (size is not None and size > count)
    return FileFact(path, state, content, truncated=truncated)


def _install_paths(document: dict[str, Any], install_dir: str) -> dict[str, str]:
    paths: dict[str, str] = {}
    for entry in _objects(document.get("dirs")):
        path = _text(entry.get("path"))
        if path in WINDOWS_INSTALL_DIRS and entry.get("exists") is True:
            paths[path] = "d"
    if install_dir:
        for entry in _objects(document.get("entries"))[:200]:
            name = _plain_name(entry.get("name"))
            if name is not None:
                paths[f"{install_dir}\\{name}"] = "d" if entry.get("dir") is True else "f"
    return paths


def _services(value: object) -> dict[str, str]:
    services: dict[str, str] = {}
    for entry in _objects(value):
        name = _text(entry.get("name"))
        if name in WINDOWS_SERVICES and entry.get("exists") is True:
            services[name] = _short(entry.get("status"))[:40]
    return services


def _processes(value: object) -> tuple[Process, ...]:
    processes = []
    for entry in _objects(value)[:200]:
        pid, ppid, age = (_number(entry.get(k)) for k in ("pid", "ppid", "age"))
        name = _plain_name(entry.get("name"))
        if pid is not None and ppid is not None and pid >= 0 and ppid >= 0 and name:
            elapsed = age if age is not None and age >= 0 else None
            processes.append(Process(pid, ppid, name, elapsed))
    return tuple(processes)


def _addresses(value: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in _list(value) if isinstance(a, str) and is_ipv4(a)))


def _resolve_rc(document: dict[str, Any]) -> int | None:
    """0 resolved, 2 not (getent's "not found", which the Linux facts use)."""
    if "resolved" not in document and "resolve_error" not in document:
        return None
    return 2 if document.get("resolve_error") is not None or not document.get("resolved") else 0


def _nics(value: object) -> tuple[NicAddress, ...]:
    nics = []
    for entry in _objects(value):
        ip, prefix, name = entry.get("ip"), _number(entry.get("prefix")), _short(entry.get("nic"))
        if isinstance(ip, str) and is_ipv4(ip) and prefix is not None and 0 <= prefix <= 32:
            nics.append(NicAddress(name, ip, prefix))
    return tuple(nics)


def _users(document: dict[str, Any]) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    users = _object(document.get("users"))
    if _number(users.get("state")) != 0:
        return None, ()

    def names(key: str) -> tuple[str, ...]:
        return tuple(n for v in _list(users.get(key))[:200] if (n := _plain_name(v)) is not None)

    return names("files"), names("dirs")


def _http(value: object, step: int | None) -> dict[str, HttpAnswer]:
    answers: dict[str, HttpAnswer] = {}
    for entry in _objects(value):
        url = _text(entry.get("url"))
        if PROBE_URL_RE.fullmatch(url) and url not in answers:
            answers[url] = http_answer(url, entry, step)
    return answers


# The probe's own words when its wait ran out (Resolve4, the TCP connect).
_CUT_AFTER_RE = re.compile(r"timed out after ([0-9]{1,9}) ms")


def _cut_after(error: object) -> int | None:
    """Whole seconds of the probe's own wait that ran out, from its "timed out after N ms"."""
    match = _CUT_AFTER_RE.search(_text(error))
    return -(-int(match[1]) // 1000) if match else None


def http_answer(url: str, entry: dict[str, Any], step: int | None = None) -> HttpAnswer:
    """One URL's DNS, TCP and HTTP results as curl would have reported them.

    step: $LtdStep, the bound of one network step, for an HTTP GET that timed
    out where the entry does not say its own wait (http_wait).
    """
    host = urlsplit(url).hostname or url
    port = _number(entry.get("port"))
    where = f"{host}:{port}" if port else host
    dns_error = entry.get("dns_error")
    if dns_error is not None:
        why = _short(dns_error) or "no address"
        if "timed out" in why:
            return HttpAnswer(
                url,
                CURL_TIMEOUT,
                None,
                "",
                f"resolving {host} timed out ({why})",
                limit=_cut_after(dns_error),
            )
        return HttpAnswer(url, CURL_RESOLVE_FAILED, None, "", f"could not resolve {host}: {why}")
    tcp = _text(entry.get("tcp"))
    if tcp != "ok":
        if not tcp:
            return HttpAnswer(url, CURL_CONNECT_FAILED, None, "", "the probe could not test it")
        why = _short(entry.get("tcp_error")) or tcp
        failed_rc = _SOCKET_RC.get(tcp, CURL_CONNECT_FAILED)
        # "timeout" is the probe's own wait running out; the OS's TimedOut is not our bound.
        limit = _cut_after(entry.get("tcp_error")) if tcp == "timeout" else None
        return HttpAnswer(
            url, failed_rc, None, "", f"TCP connect to {where} failed: {tcp}: {why}", limit=limit
        )
    code = _number(entry.get("status"))
    date = _short(entry.get("date"))[:100] or None
    if code is not None and 100 <= code <= 599:
        decoded = _b64(entry.get("body"))
        body = decoded[0] if decoded else ""
        return HttpAnswer(url, 0, code, body, "", date)
    kind = _short(entry.get("http"))[:40]
    why = _short(entry.get("http_error"))
    detail = f"{kind}: {why}" if kind and why else kind or why or "no HTTP answer"
    web_rc = _WEB_STATUS_RC.get(kind)
    if web_rc is not None:
        # Invoke-WebRequest -TimeoutSec: the entry's http_wait, else one step.
        wait = _number(entry.get("http_wait")) or step
        limit = wait if web_rc == CURL_TIMEOUT and wait is not None and wait > 0 else None
        return HttpAnswer(url, web_rc, None, "", detail, date, limit=limit)
    # Connected, but no HTTP answer came back: what the guide's telnet test shows.
    return HttpAnswer(
        url, 0, None, "", f"TCP connect to {where} succeeded; no HTTP answer ({detail})", date, True
    )
