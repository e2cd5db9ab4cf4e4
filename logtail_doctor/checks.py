"""The guide's four steps as pure functions: HostFacts x Expectation -> Outcome.

Each check states what it expected and what it found, and when it fails, the
exact command or console action that fixes it, with the host's real values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
from logtail_doctor.facts import FileState, HostFacts
from logtail_doctor.ip_prediction import predict_agent_ip
from logtail_doctor.parsers import (
    AppInfo,
    AppInfoError,
    hosts_file_lines_for,
    is_ipv4,
    parse_app_info,
    parse_sls_error,
)
from logtail_doctor.targets import MachineGroup, Project

INSTALL_DIR = "/usr/local/ilogtail"
CONFIG_PATH = f"{INSTALL_DIR}/ilogtail_config.json"
APP_INFO_PATH = f"{INSTALL_DIR}/app_info.json"
USERS_DIR = "/etc/ilogtail/users"
EVIDENCE_CHARS = 400

# comm of the agent's processes: ilogtail, ilogtail_1.8.7, loongcollector (the
# kernel cuts comm at 15 characters: "loongcollector_").
_AGENT_COMM = re.compile(r"^(ilogtail(_[0-9.]+)?|loongcollecto.*)$")


@dataclass(frozen=True)
class Expectation:
    """What one host should match, from the targets file."""

    project: Project
    account_ids: tuple[str, ...]
    group: MachineGroup | None  # None: the host's group is unknown; any group will do
    all_groups: tuple[MachineGroup, ...]
    same_account_ecs: bool = False


@dataclass(frozen=True)
class Agent:
    flavour: str  # "logtail" | "loongcollector" | "none"
    service: str  # init script name

    @property
    def display(self) -> str:
        return {"logtail": "Logtail", "loongcollector": "LoongCollector"}.get(self.flavour, "none")

    def ctl(self, verb: str) -> str:
        return f"sudo /etc/init.d/{self.service} {verb}"

    @property
    def restart(self) -> str:
        return f"{self.ctl('stop')} && {self.ctl('start')}"


class Host:
    """Facts of one host with the derived values several checks share, computed once."""

    def __init__(self, facts: HostFacts, expectation: Expectation) -> None:
        self.facts = facts
        self.expect = expectation
        self.agent = detect_agent(facts)
        self.config: AgentConfig | None = None
        self.config_error: str | None = None
        self.install: InstallParameters | None = None
        if facts.config.present:
            try:
                self.config = parse_agent_config(facts.config.content)
                self.install = install_parameters(self.config)
            except ConfigError as exc:
                self.config_error = str(exc)
        self.app_info: AppInfo | None = None
        self.app_info_error: str | None = None
        if facts.app_info.present:
            try:
                self.app_info = parse_app_info(facts.app_info.content)
            except AppInfoError as exc:
                self.app_info_error = str(exc)

    @property
    def recorded_ip(self) -> str | None:
        ip = self.app_info.ip if self.app_info else ""
        return ip if ip and is_ipv4(ip) else None

    def install_param(self) -> str:
        project = self.expect.project
        suffix = {"internet": "-internet", "acceleration": "-acceleration"}.get(project.network, "")
        return f"{project.region}{suffix}"

    def reinstall_command(self) -> str:
        region = self.expect.project.region
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


def detect_agent(facts: HostFacts) -> Agent:
    paths = facts.install_paths
    if "/etc/init.d/loongcollectord" in paths or f"{INSTALL_DIR}/loongcollector" in paths:
        return Agent("loongcollector", "loongcollectord")
    if "/etc/init.d/ilogtaild" in paths or f"{INSTALL_DIR}/ilogtail" in paths:
        return Agent("logtail", "ilogtaild")
    return Agent("none", "ilogtaild")


# --- Step 1: installed and running --------------------------------------------------------


def check_installed(host: Host) -> Outcome:
    cid = "step1.installed"
    agent, paths = host.agent, host.facts.install_paths
    expected = f"{INSTALL_DIR}/, the agent binary and its init script"
    if agent.flavour == "none":
        return failed(
            cid,
            expected,
            f"no agent: neither /etc/init.d/ilogtaild nor "
            f"/etc/init.d/loongcollectord nor {INSTALL_DIR}/ilogtail exists",
            f"Install the agent for project region {host.expect.project.region}: "
            f"{host.reinstall_command()}",
        )
    binary = (
        f"{INSTALL_DIR}/{'loongcollector' if agent.flavour == 'loongcollector' else 'ilogtail'}"
    )
    needed = [INSTALL_DIR, binary, f"/etc/init.d/{agent.service}"]
    missing = [p for p in needed if p not in paths]
    if missing:
        return failed(
            cid,
            expected,
            f"{agent.display} is partly installed: missing {', '.join(missing)}",
            f"Reinstall the agent: {host.reinstall_command()}",
        )
    return passed(cid, expected, f"{agent.display}: {', '.join(needed)} present")


def check_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    command = f"/etc/init.d/{agent.service} status"
    expected = f"`{command}` exits 0 saying 'is running', and agent processes exist"
    if agent.flavour == "none" or f"/etc/init.d/{agent.service}" not in host.facts.install_paths:
        return skipped(cid, expected, "the agent's init script is not installed")
    status = host.facts.status.get(agent.service)
    processes = [p for p in host.facts.processes if _AGENT_COMM.match(p.comm)]
    said = _one_line(status.output) if status else "nothing (the probe could not run it)"
    rc = status.rc if status else None
    found = f"`{command}` exited {rc} saying {said!r}; {len(processes)} agent process(es)"
    evidence = (f"$ {command}\n{status.output.strip()}" if status else "",)
    if status and status.rc == 0 and "is running" in status.output and processes:
        return passed(cid, expected, found, *evidence)
    return failed(
        cid,
        expected,
        found,
        f"Start the agent: {agent.ctl('start')}; if it does not stay up, "
        f"read {INSTALL_DIR}/ilogtail.LOG (Logtail) or loongcollector.LOG",
        *evidence,
    )


# --- Step 2: install parameters and endpoint ---------------------------------------------


def check_config_valid(host: Host) -> Outcome:
    cid = "step2.config_valid"
    expected = f"{CONFIG_PATH} with a config server address"
    config = host.facts.config
    fix = (
        f"The installer writes this file: reinstall with the project's parameter: "
        f"{host.reinstall_command()}"
    )
    if config.state is not FileState.PRESENT:
        return failed(cid, expected, f"{CONFIG_PATH} is {config.state.value}", fix)
    if host.config is None:
        return failed(
            cid,
            expected,
            f"{CONFIG_PATH} is unusable: {host.config_error}",
            f"The agent does not start with a broken config. {fix}",
            _excerpt(config.content),
        )
    return passed(
        cid,
        expected,
        f"{host.config.file_format} format, config server {host.config.config_server_url}",
        _excerpt(config.content),
    )


def _config_fix(host: Host) -> str:
    return (
        f"Reinstall for region {host.expect.project.region} over the "
        f"{host.expect.project.network} network: {host.reinstall_command()} "
        f"(or correct the config server and data endpoint in {CONFIG_PATH}, then "
        f"restart: {host.agent.restart})"
    )


def check_region(host: Host) -> Outcome:
    cid = "step2.region"
    expected = f"region {host.expect.project.region}"
    if host.config is None or host.install is None:
        return skipped(cid, expected, "ilogtail_config.json is missing or unusable")
    found = (
        f"region {host.install.region or '(none)'} (config server {host.config.config_server_host})"
    )
    if host.install.region == host.expect.project.region:
        return passed(cid, expected, found)
    return failed(cid, expected, found, _config_fix(host))


def check_network(host: Host) -> Outcome:
    cid = "step2.network"
    expected = f"network type {host.expect.project.network}"
    if host.config is None or host.install is None:
        return skipped(cid, expected, "ilogtail_config.json is missing or unusable")
    endpoints = ", ".join(host.config.data_endpoints) or "(none)"
    found = (
        f"network type {host.install.network} (config server "
        f"{host.config.config_server_host}, data endpoint {endpoints})"
    )
    if host.install.network == host.expect.project.network:
        return passed(cid, expected, found)
    return failed(cid, expected, found, _config_fix(host))


def check_endpoint(host: Host) -> Outcome:
    cid = "step2.endpoint"
    if host.config is None:
        return skipped(
            cid,
            "an SLS answer from the config server",
            "ilogtail_config.json is missing or unusable",
        )
    url = host.config.config_server_url
    expected = f"`curl {url}` on the host returns an SLS error body such as OLSInvalidMethod"
    answer = host.facts.http.get(url)
    if answer is None:
        return skipped(cid, expected, f"the probe did not request {url} (unusual characters?)")
    if answer.rc == 127 and not answer.status:
        return skipped(cid, expected, "curl is not installed on the host")
    name = host.config.config_server_host
    fix = (
        f"From this host, `curl {url}` must return SLS's OLSInvalidMethod error: check that "
        f"{name} resolves to the SLS endpoint (DNS, /etc/hosts), that outbound TCP 80 and 443 "
        f"are open (firewall, security group) and that no proxy intercepts it. An intranet "
        f"endpoint works only from an ECS in {host.expect.project.region}; elsewhere "
        f"reinstall with {host.expect.project.region}-internet"
    )
    evidence = f"$ curl {url}\n{_excerpt(answer.body or answer.error)}"
    if answer.rc != 0:
        return failed(cid, expected, f"no HTTP answer: {answer.error}", fix, evidence)
    code = parse_sls_error(answer.body)
    if code is None:
        return failed(
            cid,
            expected,
            f"HTTP {answer.status} from something that is not SLS: "
            f"{_one_line(answer.body)[:120]!r}",
            fix,
            evidence,
        )
    return passed(cid, expected, f"HTTP {answer.status} with SLS error code {code}", evidence)


# --- Step 3: the IP the agent reports ----------------------------------------------------


def check_ip_recorded(host: Host) -> Outcome:
    cid = "step3.ip_recorded"
    expected = f"{APP_INFO_PATH} with a non-empty IPv4 in 'ip'"
    info = host.facts.app_info
    if info.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            f"{APP_INFO_PATH} is {info.state.value}",
            f"The agent writes it when it starts: {host.agent.restart}",
        )
    if host.app_info is None:
        return failed(
            cid,
            expected,
            f"{APP_INFO_PATH} is unusable: {host.app_info_error}",
            f"The agent rewrites it when it starts: {host.agent.restart}",
            _excerpt(info.content),
        )
    ip = host.app_info.ip
    if not ip:
        return failed(
            cid,
            expected,
            "'ip' is empty: the agent found no IP and cannot work",
            f'Set "working_ip": "<this host\'s IP>" in {CONFIG_PATH}, then '
            f"restart: {host.agent.restart}",
            _excerpt(info.content),
        )
    if not is_ipv4(ip):
        return failed(
            cid,
            expected,
            f"'ip' is {ip!r}, not an IPv4 address",
            f'Set "working_ip" in {CONFIG_PATH} to this host\'s IPv4, then '
            f"restart: {host.agent.restart}",
            _excerpt(info.content),
        )
    return passed(cid, expected, f"ip {ip}", _excerpt(info.content))


def check_ip_in_group(host: Host) -> Outcome:
    cid = "step3.ip_in_group"
    ip = host.recorded_ip
    group = host.expect.group
    groups = (group,) if group else host.expect.all_groups
    names = ", ".join(g.name for g in groups)
    expected = f"the agent's IP listed in machine group {names}"
    if ip is None:
        return skipped(cid, expected, "app_info.json records no usable IP")
    listed = "; ".join(_first(g.ips, 8) or "(empty)" for g in groups)
    if any(ip in g.ips for g in groups):
        return passed(cid, expected, f"{ip} is in {names}")
    target = groups[0].name if len(groups) == 1 else "the host's machine group"
    return failed(
        cid,
        expected,
        f"{ip} is not in {names} (which lists {listed})",
        f"In the SLS console, project {host.expect.project.name}, machine group "
        f"{target}: add {ip} (the IP this agent reports), save, wait one minute and "
        f"check the heartbeat",
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
    )
    shown = " or ".join(prediction.candidates) or "no IP"
    expected = f"the IP the agent would take now: {shown} ({prediction.rule})"
    if ip is None:
        return skipped(cid, expected, "app_info.json records no usable IP")
    lines = hosts_file_lines_for(facts.hostname, facts.etc_hosts.content)
    evidence = (
        f"hostname: {facts.hostname}",
        "/etc/hosts: " + (" | ".join(lines) if lines else f"(no line for {facts.hostname})"),
        "NICs: " + ", ".join(f"{n.interface} {n.address}" for n in facts.nics),
    )
    if ip in prediction.candidates:
        return passed(cid, expected, f"app_info.json ip {ip}", *evidence)
    new_ip = prediction.candidates[0] if len(prediction.candidates) == 1 else "the new IP"
    group = host.expect.group.name if host.expect.group else "(its group)"
    fix = (
        f"Restart the agent so it takes the current IP: {host.agent.restart}; then put "
        f"{new_ip} (the new app_info.json ip) in machine group {group} in the SLS console"
    )
    local = {n.address for n in facts.nics}
    if prediction.source == "hostname" and not set(prediction.candidates) & local:
        # Restarting now would make the agent report an address this host does not have.
        fix = (
            f"First correct the stale line for {facts.hostname} in /etc/hosts (it points to "
            f'{new_ip}, which no NIC of this host has), or set "working_ip" in '
            f"{CONFIG_PATH}; then restart the agent: {host.agent.restart}, and check that "
            f"machine group {group} lists the ip app_info.json then shows"
        )
    return failed(
        cid,
        expected,
        f"app_info.json ip {ip}: the network changed since the agent started",
        fix,
        *evidence,
    )


# --- Step 4: user identifier ---------------------------------------------------------------


def check_user_id(host: Host) -> Outcome:
    cid = "step4.user_id"
    ids = host.expect.account_ids
    expected = f"{USERS_DIR}/<account ID> for one of {', '.join(ids)}"
    if host.expect.same_account_ecs:
        return passed(
            cid,
            "no user identifier (an ECS of the project's own account)",
            "not needed: same_account_ecs is true in the targets file",
        )
    present = host.facts.user_ids
    fix = (
        f"Create the identifier file: sudo mkdir -p {USERS_DIR} && "
        f"sudo touch {USERS_DIR}/{ids[0]} (the ID of the Alibaba Cloud account that owns "
        f"project {host.expect.project.name}, not a RAM user's)"
    )
    if present is None:
        return failed(cid, expected, f"{USERS_DIR} does not exist", fix)
    matching = [i for i in ids if i in present]
    if matching:
        return passed(cid, expected, f"{USERS_DIR}/{matching[0]}")
    others = list(present) + [f"{d}/ (a directory)" for d in host.facts.user_id_other_entries]
    listed = ", ".join(others[:10]) if others else "nothing"
    return failed(cid, expected, f"{USERS_DIR} holds {listed}", fix)


CHECKS: dict[str, Callable[[Host], Outcome]] = {
    "step1.installed": check_installed,
    "step1.running": check_running,
    "step2.config_valid": check_config_valid,
    "step2.region": check_region,
    "step2.network": check_network,
    "step2.endpoint": check_endpoint,
    "step3.ip_recorded": check_ip_recorded,
    "step3.ip_in_group": check_ip_in_group,
    "step3.ip_current": check_ip_current,
    "step4.user_id": check_user_id,
}
assert set(CHECKS) == {s.check_id for s in CATALOGUE if s.step != "host"}, "catalogue drift"


def evaluate(facts: HostFacts, expectation: Expectation) -> dict[str, Outcome]:
    """Every check on one reachable host, in catalogue order."""
    host = Host(facts, expectation)
    outcomes = {
        "host.reachable": passed(
            "host.reachable", "an answer to the probe", f"answered as {facts.hostname}"
        )
    }
    for check_id, check in CHECKS.items():
        outcomes[check_id] = check(host)
    return outcomes


def unreachable(reason: str, remediation: str) -> dict[str, Outcome]:
    """The outcomes of a host the probe could not reach: one failure, the rest skipped."""
    outcomes = {
        "host.reachable": failed("host.reachable", "an answer to the probe", reason, remediation)
    }
    for spec in CATALOGUE[1:]:
        outcomes[spec.check_id] = skipped(spec.check_id, spec.title, "the host is unreachable")
    return outcomes


def _first(items: tuple[str, ...], count: int) -> str:
    shown = ", ".join(items[:count])
    return shown + (f" (+{len(items) - count} more)" if len(items) > count else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + " ..."
