"""The guide's four steps as pure functions: HostFacts x Expectation -> Outcome.

Each check states what it expected and what it found, and when it fails, the
exact command or console action that fixes it, with the host's real values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from logtail_doctor.agent_config import (
    AgentConfig,
    ConfigError,
    InstallParameters,
    install_parameters,
    parse_agent_config,
)
from logtail_doctor.catalogue import (
    CATALOGUE,
    Outcome,
    failed,
    passed,
    skipped,
)
from logtail_doctor.catalogue import spec as check_spec
from logtail_doctor.facts import (
    CURL_NOT_INSTALLED,
    CURL_RESOLVE_FAILED,
    STANDARD_LAYOUT,
    FileState,
    HostFacts,
    HttpAnswer,
    Process,
)
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, M, Msg, joined, text
from logtail_doctor.ip_prediction import predict_agent_ip, usable_nics
from logtail_doctor.parsers import (
    AppInfo,
    AppInfoError,
    hosts_file_lines_for,
    is_ipv4,
    parse_app_info,
    parse_sls_error,
    parse_user_defined_ids,
)
from logtail_doctor.targets import MachineGroup, Project
from logtail_doctor.text import first_items, one_line

# The installer's layout (most hosts): HostFacts.layout holds each host's own.
INSTALL_DIR = STANDARD_LAYOUT.install_dir
CONFIG_PATH = STANDARD_LAYOUT.config_path
APP_INFO_PATH = STANDARD_LAYOUT.app_info_path
USERS_DIR = STANDARD_LAYOUT.users_dir
EVIDENCE_CHARS = 400
# SLS rejects requests more than 15 minutes off its clock (RequestTimeExpired).
MAX_CLOCK_SKEW = 15 * 60
# ps etimes and stat mtimes are whole seconds taken at slightly different moments.
MTIME_SLACK = 2

# comm of the agent's processes: ilogtail, ilogtail_1.8.7, loongcollector (the
# kernel cuts comm at 15 characters: "loongcollector_").
_AGENT_COMM = re.compile(r"^(ilogtail(_[0-9.]+)?|loongcollecto.*)$")
# Windows reports image names: ilogtail.exe, LogtailDaemon.exe (inferred names).
_WINDOWS_AGENT_IMAGE = re.compile(r"^(ilogtail|logtail)[a-z0-9_.]*\.exe$", re.IGNORECASE)


@dataclass(frozen=True)
class Expectation:
    """What one host should match, from the targets file."""

    project: Project
    account_ids: tuple[str, ...]
    group: MachineGroup | None  # None: the host's group is unknown; any group will do
    all_groups: tuple[MachineGroup, ...]
    same_account_ecs: bool = False


# Windows services: LogtailDaemon since Logtail 1.0, LogtailWorker before.
WINDOWS_SERVICES = ("LogtailDaemon", "LogtailWorker")


@dataclass(frozen=True)
class Agent:
    """Which agent a host runs and how it is controlled."""

    flavour: str  # "logtail" | "loongcollector" | "community" | "none"
    service: str  # init script (Linux) or service name (Windows); "" for community
    os: str = "linux"
    version: str | None = None  # from app_info.json

    @property
    def display(self) -> str:
        name = {
            "logtail": "Logtail",
            "loongcollector": "LoongCollector",
            "community": "LoongCollector community",
        }.get(self.flavour, "none")
        return f"{name} {self.version}" if self.version and self.flavour != "none" else name

    def ctl(self, verb: str) -> str:
        if self.os == "windows":
            cmdlet = {"start": "Start-Service", "stop": "Stop-Service"}.get(verb, "Get-Service")
            return f"{cmdlet} {self.service}"
        if self.flavour == "community":
            # The open-source edition ships no init script; a systemd unit named
            # after it is the usual way to run it (an inference, not documented).
            return f"sudo systemctl {verb} loongcollector"
        return f"sudo /etc/init.d/{self.service} {verb}"

    @property
    def restart(self) -> str:
        if self.os == "windows":
            return f"Restart-Service {self.service}"
        if self.flavour == "community":
            return self.ctl("restart")
        return f"{self.ctl('stop')} && {self.ctl('start')}"


class Host:
    """Facts of one host with the derived values several checks share, computed once."""

    def __init__(self, facts: HostFacts, expectation: Expectation) -> None:
        self.facts = facts
        self.expect = expectation
        self.layout = facts.layout
        self.config: AgentConfig | None = None
        self.config_error: str | None = None
        self.install: InstallParameters | None = None
        if facts.config.present:
            try:
                self.config = parse_agent_config(facts.config.content)
                self.install = install_parameters(self.config)
            except ConfigError as exc:
                self.config_error = str(exc)
        self.app_info, self.app_info_error = _read_app_info(facts)
        self.agent = detect_agent(facts, self.app_info)
        agent_name = _WINDOWS_AGENT_IMAGE if self.windows else _AGENT_COMM
        self.processes = tuple(p for p in facts.processes if agent_name.match(p.comm))

    @property
    def windows(self) -> bool:
        return self.layout.os == "windows"

    @property
    def recorded_ip(self) -> str | None:
        ip = self.app_info.ip if self.app_info else ""
        return ip if ip and is_ipv4(ip) else None

    @property
    def custom_group(self) -> MachineGroup | None:
        """The host's group when it identifies machines by custom identifier."""
        group = self.expect.group
        return group if group is not None and group.by_custom_id else None

    def install_param(self) -> str:
        project = self.expect.project
        suffix = {"internet": "-internet", "acceleration": "-acceleration"}.get(project.network, "")
        return f"{project.region}{suffix}"

    def reinstall_command(self) -> str:
        region = self.expect.project.region
        if self.windows:
            # Logtail for Windows: the installer zip per region, run from its folder.
            zip_url = f"http://logtail-release-{region}.oss-{region}.aliyuncs.com/win/logtail_installer.zip"
            return (
                f"Invoke-WebRequest {zip_url} -OutFile logtail_installer.zip; "
                "Expand-Archive logtail_installer.zip -DestinationPath logtail_installer; "
                f".\\logtail_installer\\logtail_installer.exe install {self.install_param()}"
            )
        script = "loongcollector.sh" if self.agent.flavour != "logtail" else "logtail.sh"
        base = (
            f"https://aliyun-observability-release-{region}.oss-{region}.aliyuncs.com/"
            "loongcollector/linux64/latest/loongcollector.sh"
            if script == "loongcollector.sh"
            else f"http://logtail-release-{region}.oss-{region}.aliyuncs.com/linux64/logtail.sh"
        )
        return (
            f"wget {base} -O {script} && chmod 755 {script} && "
            f"sudo ./{script} install {self.install_param()}"
        )


def detect_agent(facts: HostFacts, app_info: AppInfo | None = None) -> Agent:
    """The agent flavour from the install paths (Linux) or services (Windows)."""
    version = app_info.version if app_info else None
    if facts.layout.os == "windows":
        service = next((s for s in WINDOWS_SERVICES if s in facts.services), None)
        if service is None:
            return Agent("none", WINDOWS_SERVICES[0], "windows")
        return Agent("logtail", service, "windows", version)
    paths = facts.install_paths
    if "/etc/init.d/loongcollectord" in paths or f"{INSTALL_DIR}/loongcollector" in paths:
        return Agent("loongcollector", "loongcollectord", version=version)
    if "/etc/init.d/ilogtaild" in paths or f"{INSTALL_DIR}/ilogtail" in paths:
        return Agent("logtail", "ilogtaild", version=version)
    if facts.layout.name == "community":
        return Agent("community", "", version=version)
    return Agent("none", "ilogtaild")


def _read_app_info(facts: HostFacts) -> tuple[AppInfo | None, str | None]:
    """app_info.json parsed, or why it could not be (None, None: the file is not there)."""
    if not facts.app_info.present:
        return None, None
    try:
        return parse_app_info(facts.app_info.content), None
    except AppInfoError as exc:
        return None, str(exc)


def describe_agent(facts: HostFacts) -> str:
    """The agent's flavour and version, for the report: "LoongCollector 3.0.12"."""
    return detect_agent(facts, _read_app_info(facts)[0]).display


# --- Step 1: installed and running --------------------------------------------------------


def check_installed(host: Host) -> Outcome:
    cid = "step1.installed"
    agent, paths, layout = host.agent, host.facts.install_paths, host.layout
    if host.windows:
        expected = M("step1.installed.expected.windows", services=" / ".join(WINDOWS_SERVICES))
        if agent.flavour == "none":
            return failed(
                cid,
                expected,
                M("step1.installed.found.no_service", install_dir=layout.install_dir),
                M(
                    "step1.installed.fix.install",
                    region=host.expect.project.region,
                    install_cmd=host.reinstall_command(),
                ),
            )
        return passed(
            cid,
            expected,
            M("step1.installed.found.service", agent=agent.display, service=agent.service),
        )
    expected = M("step1.installed.expected", install_dir=layout.install_dir)
    if agent.flavour == "none":
        return failed(
            cid,
            expected,
            M("step1.installed.found.none", install_dir=INSTALL_DIR),
            M(
                "step1.installed.fix.install",
                region=host.expect.project.region,
                install_cmd=host.reinstall_command(),
            ),
        )
    if agent.flavour == "community":
        needed = [layout.install_dir, f"{layout.install_dir}/loongcollector"]
    else:
        binary = "loongcollector" if agent.flavour == "loongcollector" else "ilogtail"
        needed = [INSTALL_DIR, f"{INSTALL_DIR}/{binary}", f"/etc/init.d/{agent.service}"]
    missing = [p for p in needed if p not in paths]
    if missing:
        return failed(
            cid,
            expected,
            M("step1.installed.found.partial", agent=agent.display, missing=", ".join(missing)),
            M("step1.installed.fix.reinstall", install_cmd=host.reinstall_command()),
        )
    return passed(
        cid, expected, M("step1.installed.found.ok", agent=agent.display, paths=", ".join(needed))
    )


def _daemons_and_workers(processes: tuple[Process, ...]) -> tuple[list[int], list[int]]:
    """Agent processes whose parent is not an agent process, and those whose parent is."""
    pids = {p.pid for p in processes}
    daemons = [p.pid for p in processes if p.ppid not in pids]
    workers = [p.pid for p in processes if p.ppid in pids]
    return daemons, workers


def check_instances(host: Host) -> Outcome:
    cid = "step1.instances"
    agent = host.agent
    if agent.flavour == "community":
        # The open-source edition runs as one process (no daemon/worker pair).
        expected = M("step1.instances.expected.one")
    else:
        expected = M("step1.instances.expected")
    if host.windows:
        return skipped(cid, expected, M("step1.instances.skip.windows"))
    if agent.flavour == "none":
        return skipped(cid, expected, M("step1.instances.skip.none"))
    if not host.processes:
        return skipped(cid, expected, M("step1.instances.skip.not_running"))
    daemons, workers = _daemons_and_workers(host.processes)
    found = M(
        "step1.instances.found",
        daemons=str(len(daemons)),
        workers=str(len(workers)),
        pids=", ".join(f"{p.pid} (parent {p.ppid})" for p in host.processes[:10]),
    )
    wanted = (1, 0) if agent.flavour == "community" else (1, 1)
    if (len(daemons), len(workers)) == wanted:
        return passed(cid, expected, found)
    fix = M(
        "step1.instances.fix",
        stop_cmd=agent.ctl("stop"),
        pids=" ".join(str(pid) for pid in daemons),
        start_cmd=agent.ctl("start"),
    )
    return failed(cid, expected, found, fix)


# What the control scripts' exit codes mean: loongcollectord's `status` exits
# 0 running, 3 stopped, 1 abnormal process count; ilogtaild is assumed to
# follow the same template (domain-facts §8).
_STATUS_MEANING = {0: "running", 1: "abnormal", 3: "stopped"}


def check_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    if host.windows:
        return _windows_running(host)
    if agent.flavour == "community":
        expected = M("step1.running.expected.process", name="loongcollector")
        found = M("step1.running.found.processes", processes=str(len(host.processes)))
        if host.processes:
            return passed(cid, expected, found)
        return failed(
            cid,
            expected,
            found,
            M(
                "step1.running.fix",
                start_cmd=agent.ctl("start"),
                install_dir=host.layout.install_dir,
            ),
        )
    command = f"/etc/init.d/{agent.service} status"
    expected = M("step1.running.expected", command=command)
    if agent.flavour == "none" or f"/etc/init.d/{agent.service}" not in host.facts.install_paths:
        return skipped(cid, expected, M("step1.running.skip.no_script"))
    status = host.facts.status.get(agent.service)
    said: str | Msg = repr(one_line(status.output)) if status else M("step1.running.found.not_run")
    rc = str(status.rc) if status else "None"
    meaning = _STATUS_MEANING.get(status.rc) if status else None
    found = M(
        "step1.running.found",
        command=command,
        rc=rc
        if meaning is None
        else M("step1.running.rc", rc=rc, meaning=M(f"step1.running.rc.{meaning}")),
        said=said,
        processes=str(len(host.processes)),
    )
    evidence = (f"$ {command}\n{status.output.strip()}" if status else "",)
    if status and status.rc == 0 and "is running" in status.output and host.processes:
        return passed(cid, expected, found, *evidence)
    return failed(
        cid,
        expected,
        found,
        M("step1.running.fix", start_cmd=agent.ctl("start"), install_dir=INSTALL_DIR),
        *evidence,
    )


def _windows_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    expected = M("step1.running.expected.service", service=agent.service)
    if agent.flavour == "none":
        return skipped(cid, expected, M("step1.running.skip.no_service"))
    state = host.facts.services.get(agent.service, "")
    found = M("step1.running.found.service", service=agent.service, state=state or "?")
    if state == "Running":
        return passed(cid, expected, found)
    return failed(
        cid,
        expected,
        found,
        M(
            "step1.running.fix.windows",
            start_cmd=agent.ctl("start"),
            install_dir=host.layout.install_dir,
        ),
    )


# --- Step 2: install parameters and endpoint ---------------------------------------------

_MISSING_CONFIG = "step2.skip.no_config"


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
            _excerpt(config.content),
        )
    if host.config is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=path, error=host.config_error or ""),
            M("step2.config_valid.fix.broken", fix=fix),
            _excerpt(config.content),
        )
    return passed(
        cid,
        expected,
        M(
            "step2.config_valid.found.ok",
            format=host.config.file_format,
            url=host.config.config_server_url,
        ),
        _excerpt(config.content),
    )


def check_config_loaded(host: Host) -> Outcome:
    """The agent reads its config only at start: a later edit waits for a restart."""
    cid = "step2.config_loaded"
    path = host.layout.config_path
    expected = M("step2.config_loaded.expected", config=path)
    facts = host.facts
    daemons, _ = _daemons_and_workers(host.processes)
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
        cid, expected, found, M("step2.config_loaded.fix", restart_cmd=host.agent.restart)
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


def check_dns(host: Host) -> Outcome:
    cid = "step2.dns"
    if host.config is None:
        return skipped(cid, M("step2.dns.expected", name="?"), M(_MISSING_CONFIG))
    name = host.config.config_server_host
    expected = M("step2.dns.expected", name=name)
    answer = _usable_answer(cid, expected, *_config_answer(host))
    if isinstance(answer, Outcome):
        return answer
    if answer.rc != CURL_RESOLVE_FAILED:
        return passed(cid, expected, M("step2.dns.found.ok", name=name))
    check_cmd = f"Resolve-DnsName {name}" if host.windows else f"getent hosts {name}"
    return failed(
        cid,
        expected,
        M("step2.dns.found", name=name, error=answer.error or f"exit code {answer.rc}"),
        M(
            "step2.dns.fix",
            check_cmd=check_cmd,
            name=name,
            region=host.expect.project.region,
        ),
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
    evidence = f"$ {test_cmd}\n{_excerpt(answer.body or answer.error)}"
    if answer.rc != 0 and answer.status is None:
        return failed(
            cid, expected, M("step2.endpoint.found.no_answer", error=answer.error), fix, evidence
        )
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
    return failed(
        cid,
        expected,
        M("step2.https.found", error=answer.error or f"exit code {answer.rc}"),
        M("step2.https.fix", name=name, test_cmd=test_cmd),
        f"$ {test_cmd}\n{_excerpt(answer.error or answer.body)}",
    )


# The variables the agent reads for a proxy; of a pair, the upper-case one wins.
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


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


# --- Step 3: the IP the agent reports ----------------------------------------------------


def check_ip_recorded(host: Host) -> Outcome:
    cid = "step3.ip_recorded"
    path = host.layout.app_info_path
    config_path = host.layout.config_path
    expected = M("step3.ip_recorded.expected", path=path)
    info = host.facts.app_info
    restart = host.agent.restart
    if info.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            M("file.state", path=path, state=M(f"file.state.{info.state.name.lower()}")),
            M("step3.ip_recorded.fix.writes", restart_cmd=restart),
        )
    if host.app_info is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=path, error=host.app_info_error or ""),
            M("step3.ip_recorded.fix.rewrites", restart_cmd=restart),
            _excerpt(info.content),
        )
    ip = host.app_info.ip
    if not ip or not is_ipv4(ip):
        candidates = usable_nics(host.facts.nics)
        suggestion: str | Msg = (
            candidates[0].address if candidates else M("step3.ip_recorded.this_hosts_ip")
        )
        nic = candidates[0].interface if candidates else "eth0"
        return failed(
            cid,
            expected,
            M("step3.ip_recorded.found.empty")
            if not ip
            else M("step3.ip_recorded.found.not_ipv4", ip=repr(ip)),
            M(
                "step3.ip_recorded.fix.set_ip",
                ip=suggestion,
                nic=nic,
                config=config_path,
                restart_cmd=restart,
            ),
            _excerpt(info.content),
        )
    return passed(cid, expected, M("step3.ip_recorded.found.ok", ip=ip), _excerpt(info.content))


def check_custom_id(host: Host) -> Outcome:
    """A custom-identifier group matches the lines of user_defined_id, not IPs."""
    cid = "step3.custom_id"
    path = host.layout.user_defined_id_path
    group = host.custom_group
    if group is None:
        return passed(cid, M("step3.custom_id.expected.none"), M("step3.custom_id.found.by_ip"))
    ids = ", ".join(group.custom_ids)
    expected = M("step3.custom_id.expected", path=path, ids=ids, group=group.name)
    if host.windows:
        write_cmd = f"Set-Content -Path '{path}' -Value '{group.custom_ids[0]}'"
    else:
        write_cmd = f"echo '{group.custom_ids[0]}' | sudo tee -a {path}"
    fix = M("step3.custom_id.fix", write_cmd=write_cmd, group=group.name)
    fact = host.facts.user_defined_id
    if fact is None or not fact.present:
        state = fact.state if fact is not None else FileState.NOT_PROBED
        return failed(
            cid,
            expected,
            M("file.state", path=path, state=M(f"file.state.{state.name.lower()}")),
            fix,
        )
    lines = parse_user_defined_ids(fact.content)
    matching = [line for line in lines if line in group.custom_ids]
    if matching:
        return passed(cid, expected, M("step3.custom_id.found.ok", id=matching[0]))
    held = first_items([repr(line) for line in lines], 5) or M("step4.user_id.nothing")
    return failed(cid, expected, M("step3.custom_id.found", path=path, held=held), fix)


def check_ip_in_group(host: Host) -> Outcome:
    cid = "step3.ip_in_group"
    ip = host.recorded_ip
    group = host.expect.group
    groups = (group,) if group else host.expect.all_groups
    names = ", ".join(g.name for g in groups)
    expected = M("step3.ip_in_group.expected", groups=names)
    if host.custom_group is not None:
        return passed(cid, expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return skipped(cid, expected, M("step3.skip.no_ip"))
    listed = "; ".join(
        first_items(g.ips, 8)
        or "nothing: the targets file gives no ips (--sls reads them from SLS)"
        for g in groups
    )
    if any(ip in g.ips for g in groups):
        return passed(cid, expected, M("step3.ip_in_group.found.ok", ip=ip, groups=names))
    target: str | Msg = (
        groups[0].name if len(groups) == 1 else M("step3.ip_in_group.the_hosts_group")
    )
    return failed(
        cid,
        expected,
        M("step3.ip_in_group.found", ip=ip, groups=names, listed=listed),
        M("step3.ip_in_group.fix", project=host.expect.project.name, group=target, ip=ip),
    )


def check_ip_current(host: Host) -> Outcome:
    cid = "step3.ip_current"
    ip = host.recorded_ip
    facts = host.facts
    config = host.config
    prediction = predict_agent_ip(
        facts.hostname,
        facts.resolved,
        facts.nics,
        working_ip=config.working_ip if config else None,
        working_interface=config.working_interface if config else None,
        bind_interface=config.bind_interface if config else None,
        windows=host.windows,
    )
    shown = " or ".join(prediction.candidates) or "no IP"
    expected = M("step3.ip_current.expected", candidates=shown, rule=prediction.rule)
    if host.custom_group is not None:
        return passed(cid, expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return skipped(cid, expected, M("step3.skip.no_ip"))
    lines = hosts_file_lines_for(facts.hostname, facts.etc_hosts.content)
    evidence = (
        f"hostname: {facts.hostname}",
        f"{facts.etc_hosts.path}: "
        + (" | ".join(lines) if lines else f"(no line for {facts.hostname})"),
        "NICs: " + ", ".join(f"{n.interface} {n.address}" for n in facts.nics),
    )
    if ip in prediction.candidates:
        return passed(cid, expected, M("step3.ip_current.found.ok", ip=ip), *evidence)
    new_ip: str | Msg = (
        prediction.candidates[0]
        if len(prediction.candidates) == 1
        else M("step3.ip_current.the_new_ip")
    )
    group: str | Msg = (
        host.expect.group.name if host.expect.group else M("step3.ip_current.its_group")
    )
    fix = M("step3.ip_current.fix.restart", restart_cmd=host.agent.restart, ip=new_ip, group=group)
    local = {n.address for n in facts.nics}
    if prediction.source == "hostname" and not set(prediction.candidates) & local:
        # Restarting now would make the agent report an address this host does not have.
        fix = M(
            "step3.ip_current.fix.stale_hosts",
            hostname=facts.hostname,
            ip=new_ip,
            config=host.layout.config_path,
            restart_cmd=host.agent.restart,
            group=group,
        )
    return failed(cid, expected, M("step3.ip_current.found", ip=ip), fix, *evidence)


# --- Step 4: user identifier ---------------------------------------------------------------


def check_user_id(host: Host) -> Outcome:
    cid = "step4.user_id"
    ids = host.expect.account_ids
    users_dir = host.layout.users_dir
    sep = "\\" if host.windows else "/"
    expected = M("step4.user_id.expected", users_dir=users_dir, ids=", ".join(ids))
    if host.expect.same_account_ecs:
        return passed(
            cid, M("step4.user_id.expected.same_account"), M("step4.user_id.found.same_account")
        )
    present = host.facts.user_ids
    if host.windows:
        create_cmd = f"New-Item -ItemType File -Force -Path '{users_dir}{sep}{ids[0]}'"
    else:
        create_cmd = f"sudo mkdir -p {users_dir} && sudo touch {users_dir}/{ids[0]}"
    fix = M("step4.user_id.fix", create_cmd=create_cmd, project=host.expect.project.name)
    if present is None:
        return failed(cid, expected, M("step4.user_id.found.no_dir", users_dir=users_dir), fix)
    matching = [i for i in ids if i in present]
    if matching:
        return passed(cid, expected, f"{users_dir}{sep}{matching[0]}")
    others: list[str | Msg] = list(present)
    others += [M("step4.user_id.a_directory", name=d) for d in host.facts.user_id_other_entries]
    listed = joined(others[:10]) if others else M("step4.user_id.nothing")
    return failed(
        cid, expected, M("step4.user_id.found.holds", users_dir=users_dir, listed=listed), fix
    )


CHECKS: dict[str, Callable[[Host], Outcome]] = {
    "step1.installed": check_installed,
    "step1.instances": check_instances,
    "step1.running": check_running,
    "step2.config_valid": check_config_valid,
    "step2.config_loaded": check_config_loaded,
    "step2.region": check_region,
    "step2.network": check_network,
    "step2.dns": check_dns,
    "step2.endpoint": check_endpoint,
    "step2.https": check_https,
    "step2.proxy": check_proxy,
    "step2.clock": check_clock,
    "step3.ip_recorded": check_ip_recorded,
    "step3.custom_id": check_custom_id,
    "step3.ip_in_group": check_ip_in_group,
    "step3.ip_current": check_ip_current,
    "step4.user_id": check_user_id,
}
assert set(CHECKS) == {s.check_id for s in CATALOGUE if s.step not in ("host", "server")}, (
    "catalogue drift"
)


def evaluate(facts: HostFacts, expectation: Expectation) -> dict[str, Outcome]:
    """Every check on one reachable host, in catalogue order."""
    return evaluate_host(Host(facts, expectation))


def evaluate_host(host: Host) -> dict[str, Outcome]:
    """Every check on a Host already built (its agent is then known too)."""
    outcomes = {
        "host.reachable": passed(
            "host.reachable",
            M("host.reachable.expected"),
            M("host.reachable.found.ok", hostname=host.facts.hostname),
        )
    }
    for check_id, check in CHECKS.items():
        outcomes[check_id] = check(host)
    return outcomes


def unreachable(reason: str, remediation: str | Msg) -> dict[str, Outcome]:
    """The outcomes of a host the probe could not reach: one failure, the rest skipped."""
    outcomes = {
        "host.reachable": failed(
            "host.reachable", M("host.reachable.expected"), reason, remediation
        )
    }
    for spec in CATALOGUE[1:]:
        if spec.step == "server":  # judged from the SLS API, not from the host
            continue
        outcomes[spec.check_id] = skipped(
            spec.check_id, _title_msg(spec.check_id), M("host.skip.unreachable")
        )
    return outcomes


def _title_msg(check_id: str) -> Msg:
    key = f"title.{check_id}"
    return M(key) if key in CATALOGUES[DEFAULT_LANGUAGE] else text(check_spec(check_id).title)


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + " ..."
