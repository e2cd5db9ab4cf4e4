"""Step 2 of the guide: the install parameters (region, network type) and the endpoint they name.

Also the causes beyond the guide that stop the agent from reaching that
endpoint: DNS, HTTPS, a proxy, a config edited after start, a skewed clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from logtail_doctor.agent_config import VERSIONED_SETTINGS, version_key
from logtail_doctor.checks.host import (
    MAX_CLOCK_SKEW,
    MTIME_SLACK,
    Host,
    daemons_and_workers,
    excerpt,
)
from logtail_doctor.checks.registry import check
from logtail_doctor.facts import (
    CURL_NOT_INSTALLED,
    CURL_RESOLVE_FAILED,
    CURL_TIMEOUT,
    FileState,
    HttpAnswer,
)
from logtail_doctor.i18n import M, Msg
from logtail_doctor.outcome import (
    Outcome,
    failed,
    passed,
    skipped,
)
from logtail_doctor.parsers import (
    parse_sls_error,
)
from logtail_doctor.text import one_line

_MISSING_CONFIG = "step2.skip.no_config"


@check(
    "step2.config_valid",
    "ilogtail_config.json exists and parses",
    needs=("config", "layout"),
    fixes=(
        "step2.config_valid.fix.reinstall",
        "step2.config_valid.fix.broken",
        "step2.config_valid.fix.community",
    ),
)
def check_config_valid(host: Host) -> Outcome:
    cid = "step2.config_valid"
    path = host.layout.config_path
    expected = M("step2.config_valid.expected", config=path)
    config = host.facts.config
    fix = M("step2.config_valid.fix.reinstall", install_cmd=host.reinstall_command())
    if config.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            M("file.state", path=path, state=M(f"file.state.{config.state.name.lower()}")),
            fix,
        )
    if host.config is None and host.agent.flavour == "community":
        # The open-source edition's own config names no SLS config server: it
        # never heartbeats to SLS machine groups (that protocol is commercial).
        return failed(
            cid,
            expected,
            M("step2.config_valid.found.community", path=path, error=host.config_error or ""),
            M("step2.config_valid.fix.community", install_cmd=host.reinstall_command()),
            excerpt(config.content),
        )
    if host.config is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=path, error=host.config_error or ""),
            M("step2.config_valid.fix.broken", fix=fix),
            excerpt(config.content),
        )
    return passed(
        cid,
        expected,
        M(
            "step2.config_valid.found.ok",
            format=host.config.file_format,
            url=host.config.config_server_url,
        ),
        excerpt(config.content),
    )


@check(
    "step2.config_loaded",
    "The running agent has loaded its config file",
    needs=("config", "config_mtime", "epoch", "processes"),
    fixes=("step2.config_loaded.fix",),
    automatable=("step2.config_loaded.fix",),
)
def check_config_loaded(host: Host) -> Outcome:
    """The agent reads its config only at start: a later edit waits for a restart."""
    cid = "step2.config_loaded"
    path = host.layout.config_path
    expected = M("step2.config_loaded.expected", config=path)
    facts = host.facts
    daemons, _ = daemons_and_workers(host.processes)
    daemon = next((p for p in host.processes if p.pid in daemons), None)
    if host.config is None:
        return skipped(cid, expected, M(_MISSING_CONFIG))
    if daemon is None or daemon.elapsed is None or facts.epoch is None:
        return skipped(cid, expected, M("step2.config_loaded.skip.no_start"))
    if facts.config_mtime is None:
        return skipped(cid, expected, M("step2.config_loaded.skip.no_mtime"))
    started = facts.epoch - daemon.elapsed
    found = M(
        "step2.config_loaded.found",
        changed=_utc(facts.config_mtime),
        started=_utc(started),
        pid=str(daemon.pid),
    )
    if facts.config_mtime <= started + MTIME_SLACK:
        return passed(cid, expected, found)
    return failed(
        cid,
        expected,
        found,
        # daemon_pid: a fix plan restarts only while this daemon still runs (idempotent).
        M(
            "step2.config_loaded.fix",
            restart_cmd=host.agent.restart,
            daemon_pid=str(daemon.pid),
            **host.agent.control,
        ),
    )


def _config_fix(host: Host) -> Msg:
    return M(
        "step2.fix.config",
        region=host.expect.project.region,
        network=host.expect.project.network,
        install_cmd=host.reinstall_command(),
        config=host.layout.config_path,
        restart_cmd=host.agent.restart,
    )


@check(
    "step2.region",
    "The agent's region is the project's region",
    needs=("config",),
    fixes=("step2.fix.config",),
)
def check_region(host: Host) -> Outcome:
    cid = "step2.region"
    expected = M("step2.region.expected", region=host.expect.project.region)
    if host.config is None or host.install is None:
        return skipped(cid, expected, M(_MISSING_CONFIG))
    found = M(
        "step2.region.found",
        region=host.install.region or "(none)",
        host=host.config.config_server_host,
    )
    if host.install.region == host.expect.project.region:
        return passed(cid, expected, found)
    return failed(cid, expected, found, _config_fix(host))


@check(
    "step2.network",
    "The agent's network type is the project's",
    needs=("config",),
    fixes=("step2.fix.config",),
)
def check_network(host: Host) -> Outcome:
    cid = "step2.network"
    expected = M("step2.network.expected", network=host.expect.project.network)
    if host.config is None or host.install is None:
        return skipped(cid, expected, M(_MISSING_CONFIG))
    endpoints = ", ".join(host.config.data_endpoints) or "(none)"
    found = M(
        "step2.network.found",
        network=host.install.network,
        host=host.config.config_server_host,
        endpoints=endpoints,
    )
    if host.install.network == host.expect.project.network:
        return passed(cid, expected, found)
    return failed(cid, expected, found, _config_fix(host))


def _config_answer(host: Host) -> tuple[str, HttpAnswer | None]:
    assert host.config is not None
    url = host.config.config_server_url
    return url, host.facts.http.get(url)


def _usable_answer(
    cid: str, expected: Msg, url: str, answer: HttpAnswer | None
) -> HttpAnswer | Outcome:
    """The probe's answer for url, or the skip when there is none to judge.

    None: the probe did not ask (a URL of odd characters); exit 127 with no
    status: curl is not installed on the host.
    """
    if answer is None:
        return skipped(cid, expected, M("step2.endpoint.skip.not_requested", url=url))
    if answer.rc == CURL_NOT_INSTALLED and not answer.status:
        return skipped(cid, expected, M("step2.endpoint.skip.no_curl"))
    return answer


def _cut_after(answer: HttpAnswer) -> str | None:
    """The bound, in seconds, that cut the probe's request; None when it ended by itself."""
    if answer.rc == CURL_TIMEOUT and answer.limit is not None:
        return str(answer.limit)
    return None


def _resolving_timed_out(answer: HttpAnswer) -> bool:
    """The request timed out before the name resolved (curl's "Resolving timed out")."""
    error = answer.error.lower()
    return answer.rc == CURL_TIMEOUT and error.startswith(("curl: (28) resolving", "resolving"))


def _no_answer(url: str, answer: HttpAnswer) -> Msg:
    """What came back instead of an HTTP answer: the bound that cut it, or the error."""
    seconds = _cut_after(answer)
    if seconds is not None:
        return M("step2.endpoint.found.timed_out", url=url, seconds=seconds, error=answer.error)
    return M("step2.endpoint.found.no_answer", error=answer.error)


@check(
    "step2.dns",
    "The config server's name resolves on the host",
    needs=("config", "http"),
    fixes=("step2.dns.fix",),
)
def check_dns(host: Host) -> Outcome:
    cid = "step2.dns"
    if host.config is None:
        return skipped(cid, M("step2.dns.expected", name="?"), M(_MISSING_CONFIG))
    name = host.config.config_server_host
    expected = M("step2.dns.expected", name=name)
    answer = _usable_answer(cid, expected, *_config_answer(host))
    if isinstance(answer, Outcome):
        return answer
    if answer.rc != CURL_RESOLVE_FAILED and not _resolving_timed_out(answer):
        return passed(cid, expected, M("step2.dns.found.ok", name=name))
    check_cmd = f"Resolve-DnsName {name}" if host.windows else f"getent hosts {name}"
    seconds = _cut_after(answer)
    return failed(
        cid,
        expected,
        M("step2.dns.found", name=name, error=answer.error or f"exit code {answer.rc}")
        if seconds is None
        else M("step2.dns.found.timed_out", name=name, seconds=seconds, error=answer.error),
        M(
            "step2.dns.fix",
            check_cmd=check_cmd,
            name=name,
            region=host.expect.project.region,
        ),
    )


@check(
    "step2.endpoint",
    "The config server answers like SLS from the host",
    needs=("config", "http"),
    fixes=("step2.endpoint.fix", "step2.endpoint.fix.windows"),
)
def check_endpoint(host: Host) -> Outcome:
    cid = "step2.endpoint"
    if host.config is None:
        return skipped(cid, M("step2.endpoint.expected.short"), M(_MISSING_CONFIG))
    url, found = _config_answer(host)
    expected = M("step2.endpoint.expected", url=url)
    answer = _usable_answer(cid, expected, url, found)
    if isinstance(answer, Outcome):
        return answer
    name = host.config.config_server_host
    test_cmd = f"Test-NetConnection {name} -Port 80" if host.windows else f"curl {url}"
    fix = M(
        "step2.endpoint.fix.windows" if host.windows else "step2.endpoint.fix",
        curl_cmd=test_cmd,
        name=name,
        region=host.expect.project.region,
    )
    evidence = f"$ {test_cmd}\n{excerpt(answer.body or answer.error)}"
    if answer.rc != 0 and answer.status is None:
        return failed(cid, expected, _no_answer(url, answer), fix, evidence)
    if answer.tcp_only:
        # Windows without an HTTP answer: the guide's own test is a TCP connect.
        return passed(cid, expected, M("step2.endpoint.found.tcp", name=name), evidence)
    code = parse_sls_error(answer.body)
    if code is None:
        return failed(
            cid,
            expected,
            M(
                "step2.endpoint.found.not_sls",
                status=str(answer.status),
                body=repr(one_line(answer.body)[:120]),
            ),
            fix,
            evidence,
        )
    return passed(
        cid, expected, M("step2.endpoint.found.ok", status=str(answer.status), code=code), evidence
    )


def _https_variant(url: str) -> str:
    return "https://" + url.split("://", 1)[1] if "://" in url else url


@check(
    "step2.https",
    "HTTPS (443) to the config server works",
    needs=("config", "http"),
    fixes=("step2.https.fix",),
)
def check_https(host: Host) -> Outcome:
    """The agent authenticates over HTTPS even when it talks HTTP (domain-facts §4.1)."""
    cid = "step2.https"
    if host.config is None:
        return skipped(cid, M("step2.https.expected", url="https://..."), M(_MISSING_CONFIG))
    url, plain = _config_answer(host)
    secure_url = _https_variant(url)
    expected = M("step2.https.expected", url=secure_url)
    answer = _usable_answer(cid, expected, secure_url, host.facts.http.get(secure_url))
    if isinstance(answer, Outcome):
        return answer
    if answer.rc == 0:
        status = "TCP" if answer.tcp_only else f"HTTP {answer.status}"
        return passed(cid, expected, M("step2.https.found.ok", status=status))
    if secure_url != url and (plain is None or plain.rc != 0):
        return skipped(cid, expected, M("step2.https.skip.http_fails"))
    name = host.config.config_server_host
    # -k as the probe: the question is whether 443 answers, not whom the certificate names.
    test_cmd = (
        f"Test-NetConnection {name} -Port 443" if host.windows else f"curl -k -sS {secure_url}"
    )
    seconds = _cut_after(answer)
    return failed(
        cid,
        expected,
        M("step2.https.found", error=answer.error or f"exit code {answer.rc}")
        if seconds is None
        else M("step2.https.found.timed_out", url=secure_url, seconds=seconds, error=answer.error),
        M("step2.https.fix", name=name, test_cmd=test_cmd),
        f"$ {test_cmd}\n{excerpt(answer.error or answer.body)}",
    )


# The variables the agent reads for a proxy; of a pair, the upper-case one wins.
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@check(
    "step2.proxy",
    "The agent's proxy variables are valid",
    needs=("agent_env",),
    fixes=("step2.proxy.fix",),
)
def check_proxy(host: Host) -> Outcome:
    cid = "step2.proxy"
    expected = M("step2.proxy.expected")
    env = host.facts.agent_env
    if host.windows:
        return skipped(cid, expected, M("step2.proxy.skip.windows"))
    if env is None:
        return skipped(cid, expected, M("step2.proxy.skip.no_env"))
    chosen: dict[str, str] = {}
    for upper in _PROXY_VARIABLES:
        for name in (upper, upper.lower()):
            if name in env:
                chosen[name] = env[name]
                break
    if not chosen:
        return passed(cid, expected, M("step2.proxy.found.none"))
    shown = ", ".join(f"{name}={redact_proxy(value)}" for name, value in chosen.items())
    bad = [name for name, value in chosen.items() if not valid_proxy(value)]
    if not bad:
        return passed(cid, expected, M("step2.proxy.found.ok", variables=shown))
    return failed(
        cid,
        expected,
        M("step2.proxy.found", variables=", ".join(bad), shown=shown),
        M("step2.proxy.fix", variables=", ".join(bad), restart_cmd=host.agent.restart),
    )


_PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")
_PROXY_RE = re.compile(
    r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?"
    r"(?:[^@/\s]*@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>[0-9]{1,5}))?/?$"
)


def valid_proxy(value: str) -> bool:
    """[scheme://][user[:password]@]host[:port]: what a proxy variable must look like.

    The agent's own rule (AppConfig::CheckAndResetProxyEnv) is not public in
    detail; this is the form curl and the docs accept, which it follows.
    """
    match = _PROXY_RE.match(value.strip())
    if match is None:
        return False
    scheme = (match["scheme"] or "http").lower()
    port = match["port"]
    return scheme in _PROXY_SCHEMES and (port is None or 0 < int(port) < 65536)


def redact_proxy(value: str) -> str:
    """A proxy URL without its password: http://user:***@host:3128."""
    return re.sub(r"^((?:[^:/@]+://)?[^:/@]*):[^@/]*@", r"\1:***@", value)


@check(
    "step2.clock",
    "The host's clock is within 15 minutes of SLS",
    needs=("epoch", "runner_epoch", "http"),
    fixes=("step2.clock.fix",),
)
def check_clock(host: Host) -> Outcome:
    cid = "step2.clock"
    expected = M("step2.clock.expected", minutes=str(MAX_CLOCK_SKEW // 60))
    facts = host.facts
    if facts.epoch is None:
        return skipped(cid, expected, M("step2.clock.skip.no_clock"))
    reference, reference_name = _reference_clock(host)
    if reference is None:
        return skipped(cid, expected, M("step2.clock.skip.no_reference"))
    skew = facts.epoch - reference
    found = M(
        "step2.clock.found",
        host_time=_utc(facts.epoch),
        reference=reference_name,
        reference_time=_utc(reference),
        skew=f"{skew:+d} s",
    )
    if abs(skew) <= MAX_CLOCK_SKEW:
        return passed(cid, expected, found)
    sync_cmd = "w32tm /resync" if host.windows else "sudo chronyc makestep"
    return failed(
        cid,
        expected,
        found,
        M(
            "step2.clock.fix",
            sync_cmd=sync_cmd,
            config=host.layout.config_path,
            restart_cmd=host.agent.restart,
        ),
    )


@check(
    "step2.agent_version",
    "The agent's version honours the settings its config turns on",
    needs=("config", "app_info"),
    fixes=("step2.agent_version.fix",),
)
def check_agent_version(host: Host) -> Outcome:
    """An agent older than a setting ignores it silently (the clock fix of step 5, say)."""
    cid = "step2.agent_version"
    expected = M("step2.agent_version.expected")
    if host.config is None:
        return skipped(cid, expected, M(_MISSING_CONFIG))
    settings = host.config.versioned_settings
    if not settings:
        return passed(cid, expected, M("step2.agent_version.found.none"))
    version = host.agent.version
    have = version_key(version) if version else None
    if version is None or have is None:
        return skipped(
            cid, expected, M("step2.agent_version.skip.no_version", path=host.layout.app_info_path)
        )
    too_old = [s for s in settings if have < (version_key(VERSIONED_SETTINGS[s]) or ())]
    if not too_old:
        return passed(
            cid,
            expected,
            M(
                "step2.agent_version.found.ok",
                agent=host.agent.display,
                settings=", ".join(settings),
            ),
        )
    minimum = max((VERSIONED_SETTINGS[s] for s in too_old), key=lambda v: version_key(v) or ())
    return failed(
        cid,
        expected,
        M(
            "step2.agent_version.found",
            agent=host.agent.display,
            settings=", ".join(too_old),
            minimum=minimum,
        ),
        M(
            "step2.agent_version.fix",
            minimum=minimum,
            install_cmd=host.reinstall_command(),
            settings=", ".join(too_old),
            config=host.layout.config_path,
        ),
    )


def _reference_clock(host: Host) -> tuple[int | None, Msg]:
    """The SLS endpoint's clock (its Date header) when it answered, else the runner's."""
    if host.config is not None:
        url = host.config.config_server_url
        for candidate in (url, _https_variant(url)):
            answer = host.facts.http.get(candidate)
            if answer is not None and answer.date:
                try:
                    when = parsedate_to_datetime(answer.date)
                except (TypeError, ValueError, IndexError, OverflowError):
                    continue
                if when.tzinfo is not None:
                    return int(when.timestamp()), M("step2.clock.the_endpoint", url=candidate)
    if host.facts.runner_epoch is not None:
        return int(host.facts.runner_epoch), M("step2.clock.the_runner")
    return None, M("step2.clock.the_runner")


def _utc(epoch: int) -> str:
    try:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return f"epoch {epoch}"
