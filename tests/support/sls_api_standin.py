"""A stand-in for the SLS API on loopback, speaking its wire protocol (stdlib only).

Serves one project's machine groups the way Log Service does, for the SDK
adapter's tests and the end-to-end runs with --sls:

* ``GET /machinegroups?offset=&size=`` (ListMachineGroup, for ``logtail-doctor init``),
* ``GET /machinegroups/{group}`` (GetMachineGroup) and
  ``GET /machinegroups/{group}/machines?offset=&size=`` (ListMachines, pages of
  at most 500, ``{"count","total","machines"}``);
* ``GET /machinegroups/{group}/configs`` (GetAppliedConfigs, ``{"count","configs"}``);
* the project from the ``Host`` header, ``<project>.<endpoint host>``;
* errors as SLS sends them: JSON ``{"errorCode","errorMessage"}``, the HTTP
  status of the documented code, an ``x-log-requestid`` header;
* real verification of the v1 signature: ``Authorization: LOG <AccessKeyId>:
  <base64 HMAC-SHA1>`` over ``METHOD\\nContent-MD5\\nContent-Type\\nDate\\n`` +
  the ``x-log-*`` / ``x-acs-*`` headers (sorted, ``name:value\\n``) + the
  resource (path, then ``?`` and the sorted ``key=value`` query joined by
  ``&``), with a known test key. ``x-log-date`` is left out: the SDK adds it
  after signing, and SLS accepts the SDK's requests.

Switches: ``throttle`` (answer N requests, or all, with ExceedQuota) and
``delay`` (wait before answering, bounded). Every wait is bounded; handler
threads are daemons; ``stop()`` ends it.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

API_VERSION = "0.6.0"
MAX_PAGE = 500
MAX_DELAY = 30.0
CLOCK_SKEW_LIMIT = 15 * 60


@dataclass
class StandinGroup:
    machine_list: list[str]
    identify_type: str = "ip"
    machines: list[dict[str, Any]] = field(default_factory=list)  # ListMachines entries
    # GetAppliedConfigs: the collection configs applied to the group.
    configs: list[str] = field(default_factory=lambda: ["app-logs"])


def machine(
    ip: str, last_heartbeat: float, user_defined_id: str = "", unique_id: str = ""
) -> dict[str, Any]:
    """A ListMachines entry, with the field names SLS uses."""
    return {
        "ip": ip,
        "machine-uniqueid": unique_id or f"UUID-{ip}",
        "userdefined-id": user_defined_id,
        "lastHeartbeatTime": int(last_heartbeat),
    }


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int
    error_code: str | None


class SlsApiStandin:
    def __init__(
        self,
        project: str,
        groups: dict[str, StandinGroup],
        access_key_id: str,
        access_key_secret: str,
        security_token: str | None = None,
    ) -> None:
        self.project = project
        self.groups = groups
        self.access_key_id = access_key_id
        self._secret = access_key_secret
        self.security_token = security_token
        self.throttle: int | bool = 0  # True: every request; N: the next N requests
        self.delay = 0.0
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"SlsApiStandin(project={self.project!r}, endpoint={self.endpoint!r})"

    # ------------------------------------------------------------------ lifecycle

    @property
    def endpoint(self) -> str:
        if self._server is None:
            return "(stopped)"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SlsApiStandin:
        standin = self

        class Handler(_Handler):
            owner = standin

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> SlsApiStandin:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ the API

    def answer(
        self, method: str, raw_path: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        parts = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(parts.path)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        status, body = self._answer(method, path, query, headers)
        with self._lock:
            self.seen.append(Seen(method, path, query, headers, status, body.get("errorCode")))
        return status, body

    def _answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        lower = {k.lower(): v for k, v in headers.items()}
        auth_error = self._verify(method, path, query, lower)
        if auth_error is not None:
            return auth_error
        with self._lock:
            throttled = self.throttle is True or (
                isinstance(self.throttle, int) and self.throttle > 0
            )
            if throttled and self.throttle is not True:
                self.throttle = int(self.throttle) - 1
        if throttled:
            return _error(403, "ExceedQuota", "Project read quota exceed.")
        host = lower.get("host", "").split(":")[0]
        project = host.split(".", 1)[0] if "." in host else ""
        if project != self.project:
            return _error(404, "ProjectNotExist", f"The Project does not exist : {project}")
        if method != "GET":
            return _error(405, "MethodNotAllowed", f"method {method} is not allowed")
        segments = path.strip("/").split("/")
        if segments == ["machinegroups"]:  # ListMachineGroup
            asked = self._page(query)
            if isinstance(asked, tuple):
                return asked
            names = sorted(self.groups)
            chosen = names[asked.start : asked.stop]
            return 200, {"count": len(chosen), "total": len(names), "machinegroups": chosen}
        if len(segments) not in (2, 3) or segments[0] != "machinegroups":
            return _error(400, "ParameterInvalid", f"unknown resource {path}")
        name = segments[1]
        group = self.groups.get(name)
        if group is None:
            return _error(404, "MachineGroupNotExist", f"MachineGroup {name} does not exist")
        if len(segments) == 2:
            return 200, {
                "groupName": name,
                "groupType": "",
                "machineIdentifyType": group.identify_type,
                "groupAttribute": {"externalName": "", "groupTopic": ""},
                "machineList": list(group.machine_list),
                "createTime": 1700000000,
                "lastModifyTime": 1700000000,
            }
        if segments[2] == "configs":  # GetAppliedConfigs
            return 200, {"count": len(group.configs), "configs": list(group.configs)}
        if segments[2] != "machines":
            return _error(400, "ParameterInvalid", f"unknown resource {path}")
        window = self._page(query)
        if isinstance(window, tuple):
            return window
        page = group.machines[window.start : window.stop]
        return 200, {"count": len(page), "total": len(group.machines), "machines": page}

    @staticmethod
    def _page(query: dict[str, str]) -> slice | tuple[int, dict[str, Any]]:
        """The offset/size window a list request asks for, or its error."""
        try:
            offset = int(query.get("offset", "0"))
            size = int(query.get("size", "100"))
        except ValueError:
            return _error(400, "ParameterInvalid", "offset and size must be integers")
        if offset < 0 or not 0 < size <= MAX_PAGE:
            return _error(400, "ParameterInvalid", f"size must be in 1..{MAX_PAGE}")
        return slice(offset, offset + size)

    def _verify(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]] | None:
        if headers.get("x-log-apiversion") != API_VERSION:
            return _error(400, "InvalidAPIVersion", "x-log-apiversion must be 0.6.0")
        if headers.get("x-log-signaturemethod") != "hmac-sha1":
            return _error(400, "SignatureMethodNotSupported", "x-log-signaturemethod")
        date = headers.get("date", "")
        try:
            sent = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            return _error(400, "InvalidDateFormat", "Date header is missing or invalid")
        if abs(time.time() - sent) > CLOCK_SKEW_LIMIT:
            return _error(400, "RequestTimeExpired", "Request time is expired")
        authorization = headers.get("authorization", "")
        if not authorization.startswith("LOG ") or ":" not in authorization:
            return _error(401, "Unauthorized", "Authorization header is missing")
        key_id, _, signature = authorization[4:].rpartition(":")
        if key_id != self.access_key_id:
            return _error(401, "Unauthorized", "The AccessKeyId is not found")
        expected = sign(method, path, query, headers, self._secret)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            # Like SLS, name the signature received: the client must not echo it.
            return _error(401, "SignatureNotMatch", f"signature {signature} not match")
        if self.security_token and headers.get("x-acs-security-token") != self.security_token:
            return _error(401, "SecurityToken.Expired", "the security token has expired")
        return None


def sign(
    method: str, path: str, query: dict[str, str], headers: dict[str, str], secret: str
) -> str:
    """The v1 signature of a request, computed from what arrived on the wire."""
    lower = {k.lower(): v for k, v in headers.items()}
    canonical_headers = "".join(
        f"{name}:{lower[name]}\n"
        for name in sorted(lower)
        if (name.startswith(("x-log-", "x-acs-")))
        and not name.startswith("x-log-meta-")
        and name != "x-log-date"
    )
    resource = path
    if query:
        resource += "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items()))
    text = (
        f"{method}\n{lower.get('content-md5', '')}\n{lower.get('content-type', '')}\n"
        f"{lower.get('date', '')}\n{canonical_headers}{resource}"
    )
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"errorCode": code, "errorMessage": message}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a client may stay silent
    owner: SlsApiStandin

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
        if length:
            self.rfile.read(length)
        delay = min(max(self.owner.delay, 0.0), MAX_DELAY)
        if delay:
            time.sleep(delay)
        status, body = self.owner.answer(self.command, self.path, dict(self.headers.items()))
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-log-requestid", secrets.token_hex(12).upper())
            self.end_headers()
            self.wfile.write(data)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
