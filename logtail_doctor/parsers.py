"""Parsers for the output of the commands the probe runs, and for app_info.json.

Each takes the text a command printed and returns typed facts. They never
raise on odd input except where a caller needs to know (app_info.json), and
then only AppInfoError.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass

from logtail_doctor.facts import HttpAnswer, NicAddress, Process
from logtail_doctor.text import json_error_place

HTTP_CODE_MARKER = "\nltd-http-code:"


def parse_ps(text: str) -> tuple[Process, ...]:
    """`ps -e -o pid= -o ppid= -o etimes= -o comm=` lines; without etimes on old ps."""
    processes = []
    for line in text.splitlines():
        parts = line.split(None, 3)
        elapsed = _small_int(parts[2]) if len(parts) == 4 else None
        if elapsed is None:
            parts = line.split(None, 2)
        if len(parts) >= 3:
            pid, ppid = _small_int(parts[0]), _small_int(parts[1])
            if pid is not None and ppid is not None:
                processes.append(Process(pid, ppid, parts[-1].strip(), elapsed))
    return tuple(processes)


# "2: eth0    inet 10.0.0.5/24 brd ..." or, point to point,
# "3: tun0    inet 10.8.0.1 peer 10.8.0.2/32 ...".
_IP_ADDR_RE = re.compile(
    r"^\d+:\s+(?P<ifname>\S+)\s+inet\s+(?P<addr>[0-9.]+)"
    r"(?:/(?P<prefix>\d+)|\s+peer\s+[0-9.]+/(?P<peer_prefix>\d+))"
)


def parse_ip_addr(text: str) -> tuple[NicAddress, ...]:
    """`ip -4 -o addr show` lines, in the kernel's order (primary address first)."""
    nics = []
    for line in text.splitlines():
        match = _IP_ADDR_RE.match(line.strip())
        if match and _is_ipv4(match["addr"]):
            # "eth0@if12" appears for veth peers in some iproute2 versions.
            name = match["ifname"].split("@", 1)[0]
            prefix = int(match["prefix"] or match["peer_prefix"])
            nics.append(NicAddress(name, match["addr"], prefix))
    return tuple(nics)


def parse_getent_ahostsv4(text: str) -> tuple[str, ...]:
    """`getent ahostsv4 NAME`: one line per address and socket type; keep first-seen order."""
    seen: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if parts and _is_ipv4(parts[0]) and parts[0] not in seen:
            seen.append(parts[0])
    return tuple(seen)


def parse_users_listing(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`ls -1Ap DIR`: (plain entries, entries that are directories)."""
    files: list[str] = []
    others: list[str] = []
    for line in text.splitlines():
        if not line:
            continue
        if line.endswith("/"):
            others.append(line[:-1])
        else:
            files.append(line)
    return tuple(files), tuple(others)


def parse_user_defined_ids(text: str) -> tuple[str, ...]:
    """user_defined_id: one custom identifier per non-blank line, spaces around it dropped.

    A file saved by Windows tools may be UTF-16 (NUL bytes between the
    characters once read as UTF-8) or start with a byte-order mark: both are
    read back as the plain text they hold.
    """
    text = text.replace("\x00", "").lstrip("\ufeff\ufffd")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def parse_curl(url: str, rc: int, text: str) -> HttpAnswer:
    """`curl -sS [-i] -w '\\nltd-http-code:%{http_code}' URL` output plus its exit code.

    With -i the answer's header blocks come first (more than one after a
    100 Continue or a proxy's CONNECT); the last block's Date header is kept.
    Without the trailing code marker the output was cut off (the probe keeps
    64 KiB of it): what arrived is still read, and the error says so.
    """
    body, marker, code = text.rpartition(HTTP_CODE_MARKER)
    if not marker:
        body, code = text, ""
    status: int | None = None
    date: str | None = None
    for _ in range(8):  # a bounded number of header blocks
        if not body.startswith("HTTP/"):
            break
        head, sep, rest = body.partition("\r\n\r\n")
        if not sep:
            head, sep, rest = body.partition("\n\n")
        status_line = head.split("\n", 1)[0].split()
        status = _small_int(status_line[1]) if len(status_line) > 1 else None
        date = _header(head, "date") or date
        body = rest
    if marker:
        status = _small_int(code.strip())
    if status == 0:  # curl prints 000 when no HTTP answer came
        status = None
    # With -sS, curl's own error message is the last "curl: (N) ..." line.
    lines = [ln for ln in body.splitlines() if ln.startswith("curl: (")]
    error = ""
    if lines:
        error = lines[-1][:300]
        body = body.replace(lines[-1], "").strip()
    elif not marker:
        error = f"the answer was cut off after {len(text)} characters"
        if status is None:
            body, error = "", " ".join(text.split())[:300] or error
    elif rc != 0:
        error = f"curl exit code {rc}"
    return HttpAnswer(url, rc, status, body, error, date)


def _header(head: str, name: str) -> str | None:
    for line in head.splitlines()[1:]:
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == name:
            return value.strip()
    return None


def parse_sls_error(body: str) -> str | None:
    """The error code of an SLS error answer, or None when the body is not one.

    SLS answers a bare GET on an endpoint with
    ``{"Error":{"Code":"OLSInvalidMethod","Message":...,"RequestId":...}}``;
    its REST API uses ``{"errorCode": ..., "errorMessage": ...}``.
    """
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    error = document.get("Error")
    if isinstance(error, dict) and isinstance(error.get("Code"), str) and error["Code"]:
        return str(error["Code"])
    code = document.get("errorCode")
    if isinstance(code, str) and code and isinstance(document.get("errorMessage"), str):
        return code
    return None


class AppInfoError(ValueError):
    """app_info.json cannot be read; the message says why."""


@dataclass(frozen=True)
class AppInfo:
    ip: str
    hostname: str
    version: str | None
    version_key: str | None
    update_time: str | None


_VERSION_KEYS = ("loongcollector_version", "logtail_version", "ilogtail_version")


def parse_app_info(text: str) -> AppInfo:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AppInfoError(f"not valid JSON ({json_error_place(exc.msg, exc.lineno)})") from None
    except RecursionError:
        raise AppInfoError("not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict):
        raise AppInfoError("not a JSON object")
    ip = document.get("ip", "")
    if not isinstance(ip, str):
        raise AppInfoError(f"ip is not a string: {ip!r}")
    version_key = next((k for k in _VERSION_KEYS if isinstance(document.get(k), str)), None)
    hostname = document.get("hostname")
    update_time = document.get("update_time")
    return AppInfo(
        ip=ip.strip(),
        hostname=hostname if isinstance(hostname, str) else "",
        version=document[version_key] if version_key else None,
        version_key=version_key,
        update_time=update_time if isinstance(update_time, str) else None,
    )


def hosts_file_lines_for(name: str, text: str) -> tuple[str, ...]:
    """The /etc/hosts lines that bind NAME (comments stripped), for evidence."""
    found = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        fields = line.split()
        if len(fields) >= 2 and name in fields[1:]:
            found.append(line)
    return tuple(found)


def _small_int(text: str) -> int | None:
    """An ASCII decimal of at most 10 digits, else None (str.isdigit accepts '²')."""
    if text.isascii() and text.isdigit() and len(text) <= 10:
        return int(text)
    return None


def is_ipv4(text: str) -> bool:
    return _is_ipv4(text)


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True
