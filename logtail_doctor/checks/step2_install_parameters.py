"""Step 2 of the guide: the install parameters (region, network type) and the endpoint they name.

Also the causes beyond the guide that stop the agent from reaching that
endpoint: DNS, HTTPS, a proxy, a config edited after start, a skewed clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from logtail_doctor.actions import RestartAgent
from logtail_doctor.agent_config import VERSIONED_SETTINGS, version_key
from logtail_doctor.checks.host import (
    MAX_CLOCK_SKEW,
    MTIME_SLACK,
    Host,
    container_env_fix,
    daemons_and_workers,
    excerpt,
)
from logtail_doctor.checks.registry import CheckSpec, Fix, check
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
)
from logtail_doctor.parsers import (
    parse_sls_error,
)
from logtail_doctor.text import mask_password, one_line

_MISSING_CONFIG = "step2.skip.no_config"
# After a network, DNS, proxy or TLS repair: the agent's heartbeat backs off after failures
# (up to 12 minutes documented; its flags suggest up to 2 hours), so it may not notice.
_RESTART_AFTER_REPAIR = (
    " Then restart the agent: after failed attempts it waits longer and longer before it "
    "tries again"
)


@check(
    "step2.config_valid",
    "ilogtail_config.json exists and parses",
    test="test_config_file_is_valid",
    needs=("config", "layout", "config_override", "config_d", "config_d_problem"),
    fixes={
        "fix.reinstall": Fix(
            "The installer writes this file: reinstall with the project's parameter: {install_cmd}"
        ),
        "fix.broken": Fix("{fix} (the agent does not start with a broken config)"),
        "fix.community": Fix(
            "Install the SLS LoongCollector (it keeps /usr/local/ilogtail and registers with "
            "the machine group): {install_cmd}"
        ),
        "fix.config_d": Fix(
            "Correct {file} (the agent merges each config.d/*.json that is one JSON object "
            "over its config, when it starts) or remove it, then restart: {restart_cmd}"
        ),
    },
    texts={
        "expected": "{config} with a config server address",
        "found.ok": "{format} format, config server {url}",
        "found.community": (
            "{path} is the open-source LoongCollector's own config ({error}): the community "
            "edition does not heartbeat to SLS machine groups"
        ),
        "found.community.short": "community edition: no heartbeat to SLS",
        "skip.override_unread": (
            "{variable} in the agent's environment names {path} as its config, a path the "
            "probe does not read (not absolute, or of other than plain characters)"
        ),
        "found.config_d_skipped": (
            "{file} is not valid JSON ({error}): the agent skips it, so what it sets is not applied"
        ),
        "found.config_d_problem": "config.d ({folder}) {problem}",
        "found.config_d_skipped.short": "config.d file {file} ignored by the agent",
    },
    sources=(
        ("loongcollector", "core/app_config/AppConfig.cpp", "764-768"),
        ("loongcollector", "core/app_config/AppConfig.cpp", "779-780"),
        ("loongcollector", "core/app_config/AppConfig.cpp", "424-436"),
        ("loongcollector", "core/app_config/AppConfig.cpp", "648-690"),
    ),
)
def check_config_valid(c: CheckSpec, host: Host) -> Outcome:
    """The agent's config (`ilogtail_config.json`, either format; community:
    `conf/instance_config/local/loongcollector_config.json`) exists, parses and names an SLS
    config server. The config is the one the agent loads: the file `LOONG_CONFIG` or else
    `ALIYUN_LOGTAIL_CONFIG` in its environment names, if set, with each
    `/etc/ilogtail/config.d/*.json` merged over it in sorted order (top-level keys replaced);
    a config.d file that is not one JSON object is skipped by the agent, and fails here.
    """
    path = host.layout.config_path
    expected = c.msg("expected", config=path)
    config = host.facts.config
    override = host.facts.config_override
    if override is not None and not override.read:
        return c.skipped(
            expected,
            c.msg("skip.override_unread", variable=override.variable, path=repr(override.path)),
        )
    fix = c.msg("fix.reinstall", install_cmd=host.reinstall_command())
    if config.state is not FileState.PRESENT:
        return c.failed(
            expected,
            M("file.state", path=path, state=M(f"file.state.{config.state.name.lower()}")),
            fix,
        )
    if host.config is None and host.agent.flavour == "community":
        # The open-source edition's own config names no SLS config server: it
        # never heartbeats to SLS machine groups (that protocol is commercial).
        return c.failed(
            expected,
            c.msg("found.community", path=path, error=host.config_error or ""),
            c.msg("fix.community", install_cmd=host.reinstall_command()),
            excerpt(config.content),
        )
    if host.config is None:
        return c.failed(
            expected,
            M("file.unusable", path=path, error=host.config_error or ""),
            c.msg("fix.broken", fix=fix),
            excerpt(config.content),
        )
    if host.merged is not None and host.merged.skipped:
        skipped_file, error = host.merged.skipped[0]
        return c.failed(
            expected,
            c.msg("found.config_d_skipped", file=skipped_file, error=error),
            c.fix("fix.config_d", file=skipped_file, restart_cmd=host.agent.restart),
        )
    found = host.config_note(
        c.msg(
            "found.ok",
            format=host.config.file_format,
            url=host.config.config_server_url,
        )
    )
    if host.facts.config_d_problem:
        problem = c.msg(
            "found.config_d_problem",
            folder=f"{host.facts.sys_conf_dir}/config.d",
            problem=host.facts.config_d_problem,
        )
        return c.skipped(expected, M("agent.and", first=found, second=problem))
    return c.passed(expected, found, excerpt(config.content))


@check(
    "step2.config_loaded",
    "The running agent has loaded its config file",
    test="test_running_agent_loaded_the_config_file",
    needs=("config", "config_mtime", "epoch", "processes"),
    fixes={
        "fix": Fix(
            "The agent reads its config only when it starts: restart it to load the edit: "
            "{restart_cmd}",
            action=RestartAgent,
        ),
    },
    texts={
        "expected": "{config} unchanged since the agent started",
        "skip.no_start": "the agent's start time is unknown (not running?)",
        "skip.no_mtime": "the config file's modification time is unknown",
        "found": "the file changed at {changed}, after the agent (PID {pid}) started at {started}",
        "found.ok": (
            "the file last changed at {changed} and the agent (PID {pid}) started at {started}: "
            "it runs with this version"
        ),
        "found.short": "config changed after the agent started",
    },
    sources=(
        ("loongcollector", "core/app_config/AppConfig.cpp", "779-780"),
        ("ilogtail-1.8.8", "core/app_config/AppConfigBase.cpp", "289-290"),
    ),
)
def check_config_loaded(c: CheckSpec, host: Host) -> Outcome:
    """The config file has not changed since the agent's daemon started (the agent reads it only at
    start: restart it).
    """
    path = host.layout.config_path
    expected = c.msg("expected", config=path)
    facts = host.facts
    daemons, _ = daemons_and_workers(host.processes)
    daemon = next((p for p in host.processes if p.pid in daemons), None)
    if host.config is None:
        return c.skipped(expected, M(_MISSING_CONFIG))
    if daemon is None or daemon.elapsed is None or facts.epoch is None:
        return c.skipped(expected, c.msg("skip.no_start"))
    if facts.config_mtime is None:
        return c.skipped(expected, c.msg("skip.no_mtime"))
    started = facts.epoch - daemon.elapsed
    times = {"changed": _utc(facts.config_mtime), "started": _utc(started), "pid": str(daemon.pid)}
    if facts.config_mtime <= started + MTIME_SLACK:
        return c.passed(expected, c.msg("found.ok", **times))
    return c.failed(
        expected,
        c.msg("found", **times),
        # The action: a fix plan restarts only while this daemon still runs (idempotent).
        c.fix("fix", host.agent.restart_action(daemon.pid), restart_cmd=host.agent.restart),
    )


def _config_fix(host: Host) -> Msg:
    if host.container is not None:
        # The image holds a config per region: the variable picks one (read at start).
        value = f"/etc/ilogtail/conf/{host.install_param()}/ilogtail_config.json"
        variable = "ALIYUN_LOGTAIL_CONFIG"
        return M(
            "step2.fix.container",
            region=host.expect.project.region,
            variable=variable,
            value=value,
            how=container_env_fix(host.container, variable, value),
        )
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
    test="test_region_is_the_projects",
    needs=("config", "config_override", "config_d"),
    fixes={
        "config": Fix.of_step("step2.fix.config"),
        "container": Fix.of_step("step2.fix.container"),
    },
    texts={
        "expected": "region {region}",
        "found": "region {region} (config server {host})",
        "found.short": "agent installed for region {region}",
    },
)
def check_region(c: CheckSpec, host: Host) -> Outcome:
    """The region in the config server's name is the project's region."""
    expected = c.msg("expected", region=host.expect.project.region)
    if host.config is None or host.install is None:
        return c.skipped(expected, M(_MISSING_CONFIG))
    found = host.config_note(
        c.msg(
            "found",
            region=host.install.region or "(none)",
            host=host.config.config_server_host,
        ),
        "config_server_address",
        "config_servers",
    )
    if host.install.region == host.expect.project.region:
        return c.passed(expected, found)
    return c.failed(expected, found, _config_fix(host))


@check(
    "step2.network",
    "The agent's network type is the project's",
    test="test_network_type_is_the_projects",
    needs=("config", "config_override", "config_d"),
    fixes={
        "config": Fix.of_step("step2.fix.config"),
        "container": Fix.of_step("step2.fix.container"),
    },
    texts={
        "expected": "network type {network}",
        "found": "network type {network} (config server {host}, data endpoint {endpoints})",
        "found.short": "agent installed for network type {network}",
    },
)
def check_network(c: CheckSpec, host: Host) -> Outcome:
    """The network type the config says (intranet, including LoongCollector's `-internal`;
    internet; acceleration) is the project's.
    """
    expected = c.msg("expected", network=host.expect.project.network)
    if host.config is None or host.install is None:
        return c.skipped(expected, M(_MISSING_CONFIG))
    endpoints = ", ".join(host.config.data_endpoints) or "(none)"
    found = host.config_note(
        c.msg(
            "found",
            network=host.install.network,
            host=host.config.config_server_host,
            endpoints=endpoints,
        ),
        "config_server_address",
        "config_servers",
        "data_server_list",
        "data_servers",
    )
    if host.install.network == host.expect.project.network:
        return c.passed(expected, found)
    return c.failed(expected, found, _config_fix(host))


def _config_answer(host: Host) -> tuple[str, HttpAnswer | None]:
    assert host.config is not None
    url = host.config.config_server_url
    return url, host.facts.http.get(url)


def _usable_answer(
    c: CheckSpec, expected: Msg, url: str, answer: HttpAnswer | None
) -> HttpAnswer | Outcome:
    """The probe's answer for url, or the skip when there is none to judge.

    None: the probe did not ask (a URL of odd characters); exit 127 with no
    status: curl is not installed on the host.
    """
    if answer is None:
        return c.skipped(expected, M("step2.endpoint.skip.not_requested", url=url))
    if answer.rc == CURL_NOT_INSTALLED and not answer.status:
        return c.skipped(expected, M("step2.endpoint.skip.no_curl"))
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
    test="test_config_server_name_resolves",
    needs=("config", "http"),
    fixes={
        "fix": Fix(
            "Make {name} resolvable on the host (check: {check_cmd}). Intranet endpoints "
            "resolve only through Alibaba Cloud's private DNS (100.100.2.136, 100.100.2.138) "
            "on an ECS in {region}; elsewhere reinstall with {region}-internet or fix the "
            "DNS servers." + _RESTART_AFTER_REPAIR
        ),
    },
    texts={
        "expected": "{name} resolves to an address on the host",
        "found.ok": "{name} resolves",
        "found": "{name} does not resolve: {error}",
        "found.timed_out": "resolving {name} did not answer within {seconds} s: {error}",
        "found.short": "{name} does not resolve",
        "found.timed_out.short": "resolving {name} hangs",
    },
)
def check_dns(c: CheckSpec, host: Host) -> Outcome:
    """The config server's name resolves on the host (intranet names need Alibaba Cloud's private
    DNS).
    """
    if host.config is None:
        return c.skipped(c.msg("expected", name="?"), M(_MISSING_CONFIG))
    name = host.config.config_server_host
    expected = c.msg("expected", name=name)
    answer = _usable_answer(c, expected, *_config_answer(host))
    if isinstance(answer, Outcome):
        return answer
    if answer.rc != CURL_RESOLVE_FAILED and not _resolving_timed_out(answer):
        return c.passed(expected, c.msg("found.ok", name=name))
    check_cmd = f"Resolve-DnsName {name}" if host.windows else f"getent hosts {name}"
    seconds = _cut_after(answer)
    return c.failed(
        expected,
        c.msg("found", name=name, error=answer.error or f"exit code {answer.rc}")
        if seconds is None
        else c.msg("found.timed_out", name=name, seconds=seconds, error=answer.error),
        c.msg(
            "fix",
            check_cmd=check_cmd,
            name=name,
            region=host.expect.project.region,
        ),
    )


@check(
    "step2.endpoint",
    "The config server answers like SLS from the host",
    test="test_endpoint_answers_like_sls",
    needs=("config", "http"),
    fixes={
        "fix": Fix(
            "From this host, `{curl_cmd}` must return SLS's OLSInvalidMethod error: check "
            "that {name} resolves to the SLS endpoint (DNS, /etc/hosts), that outbound TCP "
            "80 and 443 are open (firewall, security group) and that no proxy intercepts it. "
            "An intranet endpoint works only from an ECS in {region}; elsewhere reinstall "
            "with {region}-internet." + _RESTART_AFTER_REPAIR
        ),
        "fix.windows": Fix(
            "From this host, `{curl_cmd}` must connect: check that {name} resolves to the "
            "SLS endpoint (DNS, C:\\Windows\\System32\\drivers\\etc\\hosts), that outbound "
            "TCP 80 and 443 are open (Windows Firewall, security group) and that no proxy "
            "intercepts it. An intranet endpoint works only from an ECS in {region}; "
            "elsewhere reinstall with {region}-internet." + _RESTART_AFTER_REPAIR
        ),
    },
    texts={
        "expected.short": "an SLS answer from the config server",
        "expected": "`curl {url}` on the host returns an SLS error body such as OLSInvalidMethod",
        "skip.not_requested": "the probe did not request {url} (unusual characters?)",
        "skip.no_curl": "curl is not installed on the host",
        "found.no_answer": "no HTTP answer: {error}",
        "found.timed_out": "{url} did not answer within {seconds} s: {error}",
        "found.not_sls": "HTTP {status} from something that is not SLS: {body}",
        "found.ok": "HTTP {status} with SLS error code {code}",
        "found.tcp": "TCP port 80 on {name} accepts connections",
        "found.no_answer.short": "config server does not answer over HTTP",
        "found.timed_out.short": "config server silent for {seconds} s",
        "found.not_sls.short": "HTTP {status} from a server that is not SLS",
    },
)
def check_endpoint(c: CheckSpec, host: Host) -> Outcome:
    """`curl <config server>` on the host returns an SLS error body such as `OLSInvalidMethod` (a
    TCP connect or another web server is not enough; on Windows, where PowerShell cannot fetch,
    a TCP connect to port 80 as the guide's telnet test).
    """
    if host.config is None:
        return c.skipped(c.msg("expected.short"), M(_MISSING_CONFIG))
    url, found = _config_answer(host)
    expected = c.msg("expected", url=url)
    answer = _usable_answer(c, expected, url, found)
    if isinstance(answer, Outcome):
        return answer
    name = host.config.config_server_host
    test_cmd = f"Test-NetConnection {name} -Port 80" if host.windows else f"curl {url}"
    fix = c.msg(
        "fix.windows" if host.windows else "fix",
        curl_cmd=test_cmd,
        name=name,
        region=host.expect.project.region,
    )
    evidence = f"$ {test_cmd}\n{excerpt(answer.body or answer.error)}"
    if answer.rc != 0 and answer.status is None:
        return c.failed(expected, _no_answer(url, answer), fix, evidence)
    if answer.tcp_only:
        # Windows without an HTTP answer: the guide's own test is a TCP connect.
        return c.passed(expected, c.msg("found.tcp", name=name), evidence)
    code = parse_sls_error(answer.body)
    if code is None:
        return c.failed(
            expected,
            c.msg(
                "found.not_sls",
                status=str(answer.status),
                body=repr(one_line(answer.body)[:120]),
            ),
            fix,
            evidence,
        )
    return c.passed(expected, c.msg("found.ok", status=str(answer.status), code=code), evidence)


def _https_variant(url: str) -> str:
    return "https://" + url.split("://", 1)[1] if "://" in url else url


@check(
    "step2.https",
    "HTTPS (443) to the config server works",
    test="test_https_to_the_config_server_works",
    needs=("config", "http"),
    fixes={
        "fix": Fix(
            "Open outbound TCP 443 to {name} (firewall, security group, proxy): the agent "
            "authenticates over HTTPS even when it sends over HTTP. Test: {test_cmd}."
            + _RESTART_AFTER_REPAIR
        ),
    },
    texts={
        "expected": "an answer over HTTPS from {url}",
        "found.ok": "{status} over HTTPS",
        "skip.http_fails": "plain HTTP fails too (see step2.endpoint)",
        "found": "no HTTPS answer while HTTP works: {error}",
        "found.timed_out": "{url} did not answer within {seconds} s while HTTP works: {error}",
        "found.short": "HTTPS 443 fails while HTTP works",
        "found.timed_out.short": "HTTPS 443 silent for {seconds} s",
    },
)
def check_https(c: CheckSpec, host: Host) -> Outcome:
    """The config server answers over HTTPS (443) too: the agent authenticates over 443 even when
    it sends over HTTP (any answer counts, the certificate is not judged: `curl -k` on Linux; on
    Windows a TCP connect is enough).
    """
    if host.config is None:
        return c.skipped(c.msg("expected", url="https://..."), M(_MISSING_CONFIG))
    url, plain = _config_answer(host)
    secure_url = _https_variant(url)
    expected = c.msg("expected", url=secure_url)
    answer = _usable_answer(c, expected, secure_url, host.facts.http.get(secure_url))
    if isinstance(answer, Outcome):
        return answer
    if answer.rc == 0:
        status = "TCP" if answer.tcp_only else f"HTTP {answer.status}"
        return c.passed(expected, c.msg("found.ok", status=status))
    if secure_url != url and (plain is None or plain.rc != 0):
        return c.skipped(expected, c.msg("skip.http_fails"))
    name = host.config.config_server_host
    # -k as the probe: the question is whether 443 answers, not whom the certificate names.
    test_cmd = (
        f"Test-NetConnection {name} -Port 443" if host.windows else f"curl -k -sS {secure_url}"
    )
    seconds = _cut_after(answer)
    return c.failed(
        expected,
        c.msg("found", error=answer.error or f"exit code {answer.rc}")
        if seconds is None
        else c.msg("found.timed_out", url=secure_url, seconds=seconds, error=answer.error),
        c.msg("fix", name=name, test_cmd=test_cmd),
        f"$ {test_cmd}\n{excerpt(answer.error or answer.body)}",
    )


_BUNDLE_SKIPS = {
    FileState.ABSENT: "skip.no_bundle",
    FileState.NOT_REGULAR: "skip.bundle_not_regular",
    FileState.UNREADABLE: "skip.bundle_unreadable",
}


@check(
    "step2.tls",
    "TLS to the config server verifies with the agent's own CA bundle",
    test="test_tls_verifies_with_the_agents_ca_bundle",
    needs=("config", "http", "ca_bundle", "agent_tls"),
    run_option="agent_tls",  # --agent-tls: loading the bundle costs each host ~20 ms of CPU
    fixes={
        "fix": Fix(
            "Something between this host and {name} presents a certificate that the agent's "
            "own CA bundle ({bundle}) does not trust, such as a TLS-inspecting proxy or "
            "firewall: exempt the SLS endpoints (*.log.aliyuncs.com) from TLS inspection, or "
            "append the inspecting CA's certificate to {bundle} (an upgrade of the agent "
            "replaces the bundle); then restart the agent: {restart_cmd}. Test: {test_cmd}"
        ),
    },
    texts={
        "expected": "`curl --cacert {bundle} {url}` verifies the config server's certificate",
        "found.ok": "HTTP {status}, the certificate verified with {bundle}",
        "found": "HTTPS answers without verification (-k), but verifying with {bundle} fails: "
        "{error}",
        "found.short": "TLS fails with the agent's CA bundle",
        "skip.not_probed": (
            "the probe did not verify TLS with the agent's bundle: it does with --agent-tls "
            "(not on Windows, for the community edition or without an https URL)"
        ),
        "skip.no_bundle": "no {bundle}: this agent carries no CA bundle of its own",
        "skip.bundle_not_regular": "{bundle} is not a regular file: not used",
        "skip.bundle_unreadable": "{bundle} cannot be read by the probe's user",
        "skip.https_fails": "HTTPS fails even without verification (see step2.https)",
    },
)
def check_tls(c: CheckSpec, host: Host) -> Outcome:
    """The config server's certificate verifies against the agent's own CA bundle
    (`ca-bundle.crt` in the install folder, which the agent uses instead of the system's):
    `curl --cacert <bundle> https://<config server>` succeeds on the host. A TLS-inspecting
    proxy or firewall passes `curl -k` (step2.https) and breaks this. Judged with
    `--agent-tls` (loading the bundle costs each host about 20 ms of CPU); not without a
    bundle, on Windows, or when HTTPS fails anyway.
    """
    bundle_fact = host.facts.ca_bundle
    bundle = bundle_fact.path if bundle_fact is not None else "ca-bundle.crt"
    if host.config is None:
        return c.skipped(c.msg("expected", bundle=bundle, url="https://..."), M(_MISSING_CONFIG))
    secure_url = _https_variant(host.config.config_server_url)
    expected = c.msg("expected", bundle=bundle, url=secure_url)
    if bundle_fact is None or bundle_fact.state is FileState.NOT_PROBED:
        return c.skipped(expected, c.msg("skip.not_probed"))
    skip = _BUNDLE_SKIPS.get(bundle_fact.state)
    if skip is not None:
        return c.skipped(expected, c.msg(skip, bundle=bundle))
    verified = host.facts.agent_tls
    if verified is None or verified.url != secure_url:
        return c.skipped(expected, c.msg("skip.not_probed"))
    unverified = host.facts.http.get(secure_url)
    if unverified is None or unverified.rc != 0:
        return c.skipped(expected, c.msg("skip.https_fails"))
    if verified.rc == 0:
        return c.passed(expected, c.msg("found.ok", status=str(verified.status), bundle=bundle))
    test_cmd = f"curl -sS --cacert {bundle} {secure_url}"
    return c.failed(
        expected,
        c.msg("found", bundle=bundle, error=verified.error or f"exit code {verified.rc}"),
        c.fix(
            "fix",
            name=host.config.config_server_host,
            bundle=bundle,
            restart_cmd=host.agent.restart,
            test_cmd=test_cmd,
        ),
        f"$ {test_cmd}\n{excerpt(verified.error or verified.body)}",
    )


# The variables the agent reads for a proxy; of a pair, the upper-case one wins.
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@check(
    "step2.proxy",
    "The agent's proxy variables are valid",
    test="test_agent_proxy_variables_are_valid",
    needs=("agent_env",),
    fixes={
        "fix": Fix(
            "Set {variables} to http://[user:password@]host:port in the agent's environment "
            "(its service unit or init script), then restart: {restart_cmd}"
        ),
    },
    texts={
        "expected": (
            "HTTP(S)_PROXY and ALL_PROXY, when set, of the form "
            "[scheme://][user:password@]host[:port]"
        ),
        "skip.windows": "the service's environment is not read on Windows",
        "skip.no_env": "the agent's environment could not be read (not running, or not root)",
        "found.none": "no proxy variables: the agent connects directly",
        "found.ok": "{variables}",
        "found": (
            "{variables} is not a valid proxy URL ({shown}): the agent ignores it and connects "
            "directly"
        ),
        "found.short": "invalid proxy {variables}",
    },
    sources=(("loongcollector", "core/app_config/AppConfig.cpp", "1215-1308"),),
)
def check_proxy(c: CheckSpec, host: Host) -> Outcome:
    """The proxy variables in the agent daemon's environment (`HTTP(S)_PROXY`, `ALL_PROXY`, either
    case) are `[scheme://][user:password@]host[:port]`; an invalid one is ignored by the agent.
    Passwords are shown as `***`. Not judged on Windows.
    """
    expected = c.msg("expected")
    env = host.facts.agent_env
    if host.windows:
        return c.skipped(expected, c.msg("skip.windows"))
    if env is None:
        return c.skipped(expected, c.msg("skip.no_env"))
    chosen: dict[str, str] = {}
    for upper in _PROXY_VARIABLES:
        for name in (upper, upper.lower()):
            if name in env:
                chosen[name] = env[name]
                break
    if not chosen:
        return c.passed(expected, c.msg("found.none"))
    shown = ", ".join(f"{name}={redact_proxy(value)}" for name, value in chosen.items())
    bad = [name for name, value in chosen.items() if not valid_proxy(value)]
    if not bad:
        return c.passed(expected, c.msg("found.ok", variables=shown))
    return c.failed(
        expected,
        c.msg("found", variables=", ".join(bad), shown=shown),
        c.msg("fix", variables=", ".join(bad), restart_cmd=host.agent.restart),
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
    """A proxy URL without its password: http://user:***@host:3128 (to the last @)."""
    return mask_password(value)


@check(
    "step2.clock",
    "The host's clock is within 15 minutes of SLS",
    test="test_host_clock_is_close_to_sls",
    needs=("epoch", "runner_epoch", "http"),
    fixes={
        "fix": Fix(
            "SLS rejects requests more than 15 minutes off (RequestTimeExpired): set the "
            "clock right ({sync_cmd}, and keep NTP on), or set "
            '"enable_log_time_auto_adjust": true in {config} (Logtail 1.0.19+); then '
            "restart: {restart_cmd}"
        ),
    },
    texts={
        "expected": "the host's clock within {minutes} minutes of SLS",
        "skip.no_clock": "the host's time could not be read",
        "skip.no_reference": "no reference clock (no Date from the endpoint)",
        "found": "host {host_time}, {reference} {reference_time}: {skew}",
        "the_endpoint": "endpoint {url}",
        "the_runner": "this runner",
        "found.short": "clock off by {skew}",
    },
)
def check_clock(c: CheckSpec, host: Host) -> Outcome:
    """The host's clock is within 15 minutes of the config server's `Date` (or of the runner's
    clock when no answer came); SLS rejects requests beyond that (`RequestTimeExpired`).
    """
    expected = c.msg("expected", minutes=str(MAX_CLOCK_SKEW // 60))
    facts = host.facts
    if facts.epoch is None:
        return c.skipped(expected, c.msg("skip.no_clock"))
    reference, reference_name = _reference_clock(host)
    if reference is None:
        return c.skipped(expected, c.msg("skip.no_reference"))
    skew = facts.epoch - reference
    found = c.msg(
        "found",
        host_time=_utc(facts.epoch),
        reference=reference_name,
        reference_time=_utc(reference),
        skew=f"{skew:+d} s",
    )
    if abs(skew) <= MAX_CLOCK_SKEW:
        return c.passed(expected, found)
    sync_cmd = "w32tm /resync" if host.windows else "sudo chronyc makestep"
    return c.failed(
        expected,
        found,
        c.msg(
            "fix",
            sync_cmd=sync_cmd,
            config=host.layout.config_path,
            restart_cmd=host.agent.restart,
        ),
    )


@check(
    "step2.agent_version",
    "The agent's version honours the settings its config turns on",
    test="test_agent_version_honours_the_config_settings",
    needs=("config", "app_info"),
    fixes={
        "fix": Fix(
            "Upgrade the agent to {minimum} or later by reinstalling it: `{install_cmd}`; "
            "until then {settings} in {config} has no effect"
        ),
    },
    texts={
        "expected": "an agent version that honours every setting the config turns on",
        "found.none": "the config turns on no setting that needs a newer agent",
        "found.ok": "{agent} honours {settings}",
        "found": "{agent} is older than {minimum}: it ignores {settings}",
        "skip.no_version": "the agent's version is not known ({path})",
        "found.short": "{agent} too old for {settings}",
    },
)
def check_agent_version(c: CheckSpec, host: Host) -> Outcome:
    """The agent's version (`app_info.json`) honours every version-dependent setting its config
    turns on: `enable_log_time_auto_adjust` (the guide's clock fix) needs Logtail 1.0.19 or
    later, and an older agent ignores it without a word.
    """
    expected = c.msg("expected")
    if host.config is None:
        return c.skipped(expected, M(_MISSING_CONFIG))
    settings = host.config.versioned_settings
    if not settings:
        return c.passed(expected, c.msg("found.none"))
    version = host.agent.version
    have = version_key(version) if version else None
    if version is None or have is None:
        return c.skipped(expected, c.msg("skip.no_version", path=host.layout.app_info_path))
    too_old = [s for s in settings if have < (version_key(VERSIONED_SETTINGS[s]) or ())]
    if not too_old:
        return c.passed(
            expected,
            c.msg(
                "found.ok",
                agent=host.agent.display,
                settings=", ".join(settings),
            ),
        )
    minimum = max((VERSIONED_SETTINGS[s] for s in too_old), key=lambda v: version_key(v) or ())
    return c.failed(
        expected,
        c.msg(
            "found",
            agent=host.agent.display,
            settings=", ".join(too_old),
            minimum=minimum,
        ),
        c.msg(
            "fix",
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
