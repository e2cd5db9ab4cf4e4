"""The server's side: machine groups and heartbeats read from the SLS API.

``MachineGroupReader`` is what the rest of logtail-doctor needs from Log
Service: a group's identification type and machine list (GetMachineGroup),
and the machines heartbeating to it (ListMachines). ``SdkReader`` is the one
adapter, over aliyun-log-python-sdk (pinned in pyproject.toml). It is bounded:
one request never waits longer than ``request_timeout``, a whole run of
requests never longer than ``total_timeout``, and the SDK's own retry loop
(10 attempts, 1 s apart) never runs.

Credentials come from logtail_doctor.sls.credentials; no ``SlsApiError``
message contains the secret (or a signature).
"""

from __future__ import annotations

import functools
import ipaddress
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from logtail_doctor.sls.credentials import Credentials, load_credentials
from logtail_doctor.sls.errors import SlsApiError

PAGE_SIZE = 500  # ListMachines' maximum page size
MAX_PAGES = 200  # 100,000 machines: more is a misbehaving server, not a fleet

# Error codes SLS answers when a request is throttled or the service is busy.
_THROTTLED = {"ExceedQuota", "QuotaExceed", "ReadQuotaExceed", "ServerBusy", "RequestThrottled"}
_CREDENTIALS = {
    "SignatureNotMatch",
    "Unauthorized",
    "InvalidAccessKeyId",
    "InvalidAccessKeyId.NotFound",
    "SecurityToken.Expired",
    "SecurityTokenExpired",
    "InvalidSecurityToken",
    "UnAuthorized",
}


@dataclass(frozen=True)
class GroupInfo:
    """GetMachineGroup: how the group identifies machines, and which it lists."""

    name: str
    identify_type: str  # "ip" | "userdefined"
    machine_list: tuple[str, ...]


@dataclass(frozen=True)
class Machine:
    """One entry of ListMachines: a machine heartbeating to the group."""

    ip: str
    user_defined_id: str
    unique_id: str
    last_heartbeat: int  # unix seconds


class MachineGroupReader(Protocol):
    def get_group(self, project: str, name: str) -> GroupInfo: ...

    def list_machines(self, project: str, name: str) -> list[Machine]: ...

    def applied_configs(self, project: str, name: str) -> list[str]: ...


def default_endpoint(region: str) -> str:
    """The project's public API endpoint; HTTPS, since requests carry a signature."""
    return f"https://{region}.log.aliyuncs.com"


def check_endpoint(endpoint: str) -> str:
    """``http(s)://host[:port]`` or ``host[:port]``; raises ValueError (one line) otherwise."""
    text = endpoint.strip()
    parts = urllib.parse.urlsplit(text if "://" in text else f"http://{text}")
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"--sls-endpoint {endpoint!r}: the scheme must be http or https")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"--sls-endpoint {endpoint!r}: bad port") from None
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.username:
        raise ValueError(
            f"--sls-endpoint {endpoint!r}: expected http(s)://host[:port], "
            "e.g. https://cn-hangzhou.log.aliyuncs.com"
        )
    host = parts.hostname
    if ":" in host:
        raise ValueError(f"--sls-endpoint {endpoint!r}: IPv6 endpoints are not supported")
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


@dataclass
class Budget:
    """A deadline shared by every request of one run, so the whole read is bounded."""

    total_seconds: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=-1.0)

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.clock()

    def remaining(self) -> float:
        return self.total_seconds - (self.clock() - self.started)


class _Retryable(Exception):
    """Raised from inside the SDK's retry loop, which only catches LogException."""

    def __init__(self, original: Exception) -> None:
        super().__init__("retryable")
        self.original = original


class SdkReader:
    """MachineGroupReader over aliyun-log-python-sdk's LogClient (signature v1).

    Bounds: every request has ``request_timeout``; throttling is retried with
    back-off (1 s, 2 s, 4 s ...) while ``total_timeout`` lasts; a time-out or a
    refused connection ends the read at once. The SDK's own loop (10 tries,
    ``time.sleep(1)``, for HTTP >= 500, RequestTimeout and connection errors)
    is bypassed: see ``_client``.
    """

    def __init__(
        self,
        credentials: Credentials,
        endpoint: str,
        request_timeout: float = 10.0,
        total_timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._endpoint = check_endpoint(endpoint)
        self._credentials = credentials
        self._request_timeout = request_timeout
        self.budget = Budget(total_timeout)
        self._sleep = sleep
        self._client_object: Any = None

    def __repr__(self) -> str:
        return f"SdkReader(endpoint={self._endpoint!r}, credentials={self._credentials!r})"

    # -- the SDK, tamed ------------------------------------------------------------------

    def _client(self) -> Any:
        if self._client_object is not None:
            return self._client_object
        from aliyun.log import LogClient, LogException  # noqa: PLC0415 (heavy; only with --sls)

        # The SDK's stubs omit the private parts we override below.
        base: Any = LogClient

        class _Client(base):  # type: ignore[misc]
            def _sendRequest(self, *args: Any, **kwargs: Any) -> Any:
                # LogClient._send retries 10 times with time.sleep(1) whatever
                # our time-out: every HTTP >= 500, RequestTimeout and any
                # "HTTPConnectionPool..." error (a read time-out, a refused
                # connection). Its loop catches only LogException, so we turn
                # those into _Retryable, which leaves the loop at the first
                # attempt; SdkReader._call decides what is retried.
                try:
                    result = super()._sendRequest(*args, **kwargs)
                except LogException as exc:
                    raise _Retryable(exc) from None
                # ListMachinesResponse indexes machine["userdefined-id"] with [],
                # so an entry without one (an IP group's machine) is a KeyError.
                body = result[0] if isinstance(result, tuple) and result else None
                if isinstance(body, dict) and isinstance(body.get("machines"), list):
                    for machine in body["machines"]:
                        if isinstance(machine, dict):
                            machine.setdefault("userdefined-id", "")
                return result

        parts = urllib.parse.urlsplit(self._endpoint)
        creds = self._credentials
        client: Any = _Client(
            self._endpoint,
            creds.access_key_id,
            creds.access_key_secret,
            creds.security_token,
            # source: without it the SDK opens a UDP socket towards the endpoint
            # at construction to guess a local IP; we never send logs.
            source="logtail-doctor",
        )
        # Pitfall: LogClient builds URLs as http(s)://<project>.<host>:<port>
        # unless Util.is_row_ip(endpoint), which is true only for a bare dotted
        # quad; "http://127.0.0.1:8080" gives http://web-logs.127.0.0.1:8080
        # (a DNS failure, then 10 retries). Decide on the parsed host instead.
        # The Host header still says <project>.<host>, as SLS expects.
        host = parts.hostname or ""
        client._isRowIp = _is_ip(host)
        if host == "localhost" or (_is_ip(host) and ipaddress.ip_address(host).is_loopback):
            # A loopback endpoint (a stand-in) never goes through HTTP(S)_PROXY, and
            # no ~/.netrc may replace the Authorization header the SDK computed.
            client._session.trust_env = False
        client.timeout = self._request_timeout
        client.set_user_agent("logtail-doctor")
        self._client_object = client
        return client

    def _call(self, what: str, project: str, group: str, fn: Callable[[], Any]) -> Any:
        """One API call: bounded time-outs, throttling retried with back-off, one-line errors."""
        client = self._client()
        delay = 1.0
        while True:
            remaining = self.budget.remaining()
            if remaining <= 0.5:
                raise SlsApiError(
                    f"SLS API: gave up after {self.budget.total_seconds:g} s "
                    f"({what}, project {project})"
                )
            client.timeout = min(self._request_timeout, remaining)
            try:
                return fn()
            except _Retryable as exc:
                error: Exception = exc.original
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                # The SDK parsing an answer it did not expect (a field missing).
                raise SlsApiError(
                    f"SLS API: unexpected {what} answer for project {project} "
                    f"({type(exc).__name__})",
                    "group",
                ) from None
            except Exception as exc:
                error = exc
            code, status = _code_and_status(error)
            if code in _THROTTLED or status in (429, 503):
                if delay + 0.5 < self.budget.remaining():
                    self._sleep(delay)
                    delay *= 2
                    continue
                spent = self.budget.total_seconds - self.budget.remaining()
                raise SlsApiError(
                    f"SLS API: throttled ({code or status}), still after {spent:.0f} s of "
                    f"back-off (cap {self.budget.total_seconds:g} s; {what}, project {project})"
                ) from None
            raise _explain(
                error,
                code=code,
                status=status,
                what=what,
                project=project,
                group=group,
                reader=self,
            ) from None

    # -- MachineGroupReader -------------------------------------------------------------

    def get_group(self, project: str, name: str) -> GroupInfo:
        response = self._call(
            "GetMachineGroup",
            project,
            name,
            lambda: self._client().get_machine_group(project, name),
        )
        try:
            detail = response.get_machine_group()
            machines = detail.machine_list or []
            identify = str(detail.machine_type or "ip")
            return GroupInfo(name, identify, tuple(str(m).strip() for m in machines))
        except (AttributeError, TypeError, ValueError) as exc:
            raise SlsApiError(
                f"SLS API: unexpected GetMachineGroup answer for group {name}: "
                f"{type(exc).__name__}",
                "group",
            ) from None

    def list_groups(self, project: str) -> list[str]:
        """ListMachineGroup: the names of every machine group of the project (for init)."""
        names: list[str] = []
        offset = 0
        for _ in range(MAX_PAGES):
            response = self._call(
                "ListMachineGroup",
                project,
                "",
                functools.partial(
                    self._client().list_machine_group, project, offset=offset, size=PAGE_SIZE
                ),
            )
            try:
                page = [str(name) for name in response.get_machine_group()]
                count = int(response.get_machine_group_count())
                total = int(response.get_machine_group_total())
            except (AttributeError, TypeError, ValueError) as exc:
                raise SlsApiError(
                    f"SLS API: unexpected ListMachineGroup answer for project {project}: "
                    f"{type(exc).__name__}"
                ) from None
            names.extend(page)
            offset += count
            if count == 0 or offset >= total:
                return names
        raise SlsApiError(
            f"SLS API: ListMachineGroup for project {project} did not end after {MAX_PAGES} pages"
        )

    def list_machines(self, project: str, name: str) -> list[Machine]:
        # Our own paging rather than size=-1: the SDK's list_more loops while the
        # server says there is more, with no bound of its own.
        machines: list[Machine] = []
        offset = 0
        for _ in range(MAX_PAGES):
            response = self._call(
                "ListMachines",
                project,
                name,
                functools.partial(
                    self._client().list_machines, project, name, offset=offset, size=PAGE_SIZE
                ),
            )
            try:
                page = [
                    Machine(
                        str(m.ip or ""),
                        str(m.user_defined_id or ""),
                        str(m.machine_unique_id or ""),
                        int(m.heartbeat_time),
                    )
                    for m in response.get_machines()
                ]
                count, total = int(response.get_machine_count()), int(response.get_machine_total())
            except (AttributeError, TypeError, ValueError) as exc:
                raise SlsApiError(
                    f"SLS API: unexpected ListMachines answer for group {name}: "
                    f"{type(exc).__name__}",
                    "group",
                ) from None
            machines.extend(page)
            offset += count
            if count == 0 or offset >= total:
                return machines
        raise SlsApiError(
            f"SLS API: ListMachines for group {name} did not end after {MAX_PAGES} pages",
            "group",
        )

    def applied_configs(self, project: str, name: str) -> list[str]:
        """GetAppliedConfigs: the names of the collection configs applied to the group."""
        response = self._call(
            "GetAppliedConfigs",
            project,
            name,
            lambda: self._client().get_machine_group_applied_configs(project, name),
        )
        try:
            configs = response.get_configs()
            if not isinstance(configs, list) or len(configs) > PAGE_SIZE * MAX_PAGES:
                raise TypeError("configs")
            return [str(config) for config in configs]
        except (AttributeError, TypeError, ValueError) as exc:
            raise SlsApiError(
                f"SLS API: unexpected GetAppliedConfigs answer for group {name}: "
                f"{type(exc).__name__}",
                "group",
            ) from None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def _code_and_status(error: Exception) -> tuple[str, int]:
    code = getattr(error, "get_error_code", None)
    status = getattr(error, "resp_status", 0)
    return (str(code()) if callable(code) else "", status if isinstance(status, int) else 0)


def _explain(
    error: Exception,
    *,
    code: str,
    status: int,
    what: str,
    project: str,
    group: str,
    reader: SdkReader,
) -> SlsApiError:
    """One line for a failed call. Built from the error code only: the server's
    message may quote the string to sign, and the SDK's the request."""
    request_id = getattr(error, "get_request_id", None)
    rid = str(request_id()) if callable(request_id) else ""
    ref = f", request {rid}" if rid and rid.isprintable() and len(rid) < 64 else ""
    if status != 403 and (code in _CREDENTIALS or status == 401):
        expired = "expired" in code.lower()
        kind = "credentials expired" if expired else "credentials rejected"
        creds = reader._credentials
        origin = f" from {creds.source}" if creds.source else ""
        return SlsApiError(
            f"SLS API: {kind} ({code or status}{ref}) for project {project}, "
            f"AccessKey {creds.masked_id}{origin}"
        )
    if code == "ProjectNotExist":
        return SlsApiError(f"SLS API: project {project} does not exist ({code}{ref})")
    if code == "MachineGroupNotExist":
        return SlsApiError(
            f"SLS API: machine group {group} does not exist in project {project} ({code}{ref})",
            "group",
        )
    if code == "RequestTimeExpired":
        return SlsApiError(
            f"SLS API: request time rejected ({code}{ref}): this machine's clock is more "
            "than 15 minutes off"
        )
    if status == 403:
        return SlsApiError(
            f"SLS API: access denied ({code or status}{ref}) to {what} in project {project}: "
            "the AccessKey needs log:GetMachineGroup and log:ListMachines"
        )
    if code == "LogRequestError":
        text = str(error).lower()
        if "timed out" in text or "timeout" in text:
            return SlsApiError(
                f"SLS API: no answer from {reader._endpoint} within "
                f"{reader._request_timeout:g} s ({what}, project {project})"
            )
        if "refused" in text:
            return SlsApiError(f"SLS API: connection refused by {reader._endpoint}")
        if "name or service not known" in text or "resolve" in text or "nodename" in text:
            return SlsApiError(f"SLS API: cannot resolve the endpoint host of {reader._endpoint}")
        return SlsApiError(f"SLS API: cannot reach {reader._endpoint} ({what}, project {project})")
    if code:
        return SlsApiError(
            f"SLS API: {what} failed with {code} (HTTP {status}{ref}) for project {project}",
            "group" if status == 404 else "run",
        )
    return SlsApiError(f"SLS API: {what} failed: {type(error).__name__}")


def connect(endpoint: str) -> SdkReader:
    """The reader for a run: credentials from the environment or the credentials file."""
    return SdkReader(load_credentials(), endpoint)
