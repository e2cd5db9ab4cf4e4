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
from logtail_doctor.catalogue import spec as check_spec
from logtail_doctor.facts import FileState, HostFacts
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, M, Msg, joined, text
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
from logtail_doctor.text import first_items, one_line

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
    expected = M("step1.installed.expected", install_dir=INSTALL_DIR)
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
    binary = (
        f"{INSTALL_DIR}/{'loongcollector' if agent.flavour == 'loongcollector' else 'ilogtail'}"
    )
    needed = [INSTALL_DIR, binary, f"/etc/init.d/{agent.service}"]
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


def check_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    command = f"/etc/init.d/{agent.service} status"
    expected = M("step1.running.expected", command=command)
    if agent.flavour == "none" or f"/etc/init.d/{agent.service}" not in host.facts.install_paths:
        return skipped(cid, expected, M("step1.running.skip.no_script"))
    status = host.facts.status.get(agent.service)
    processes = [p for p in host.facts.processes if _AGENT_COMM.match(p.comm)]
    said: str | Msg = repr(one_line(status.output)) if status else M("step1.running.found.not_run")
    rc = str(status.rc) if status else "None"
    found = M(
        "step1.running.found", command=command, rc=rc, said=said, processes=str(len(processes))
    )
    evidence = (f"$ {command}\n{status.output.strip()}" if status else "",)
    if status and status.rc == 0 and "is running" in status.output and processes:
        return passed(cid, expected, found, *evidence)
    return failed(
        cid,
        expected,
        found,
        M("step1.running.fix", start_cmd=agent.ctl("start"), install_dir=INSTALL_DIR),
        *evidence,
    )


# --- Step 2: install parameters and endpoint ---------------------------------------------

_MISSING_CONFIG = "step2.skip.no_config"


def check_config_valid(host: Host) -> Outcome:
    cid = "step2.config_valid"
    expected = M("step2.config_valid.expected", config=CONFIG_PATH)
    config = host.facts.config
    fix = M("step2.config_valid.fix.reinstall", install_cmd=host.reinstall_command())
    if config.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            M("file.state", path=CONFIG_PATH, state=M(f"file.state.{config.state.name.lower()}")),
            fix,
        )
    if host.config is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=CONFIG_PATH, error=host.config_error or ""),
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


def _config_fix(host: Host) -> Msg:
    return M(
        "step2.fix.config",
        region=host.expect.project.region,
        network=host.expect.project.network,
        install_cmd=host.reinstall_command(),
        config=CONFIG_PATH,
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


def check_endpoint(host: Host) -> Outcome:
    cid = "step2.endpoint"
    if host.config is None:
        return skipped(cid, M("step2.endpoint.expected.short"), M(_MISSING_CONFIG))
    url = host.config.config_server_url
    expected = M("step2.endpoint.expected", url=url)
    answer = host.facts.http.get(url)
    if answer is None:
        return skipped(cid, expected, M("step2.endpoint.skip.not_requested", url=url))
    if answer.rc == 127 and not answer.status:
        return skipped(cid, expected, M("step2.endpoint.skip.no_curl"))
    name = host.config.config_server_host
    fix = M(
        "step2.endpoint.fix",
        curl_cmd=f"curl {url}",
        name=name,
        region=host.expect.project.region,
    )
    evidence = f"$ curl {url}\n{_excerpt(answer.body or answer.error)}"
    if answer.rc != 0:
        return failed(
            cid, expected, M("step2.endpoint.found.no_answer", error=answer.error), fix, evidence
        )
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


# --- Step 3: the IP the agent reports ----------------------------------------------------


def check_ip_recorded(host: Host) -> Outcome:
    cid = "step3.ip_recorded"
    expected = M("step3.ip_recorded.expected", path=APP_INFO_PATH)
    info = host.facts.app_info
    restart = host.agent.restart
    if info.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            M("file.state", path=APP_INFO_PATH, state=M(f"file.state.{info.state.name.lower()}")),
            M("step3.ip_recorded.fix.writes", restart_cmd=restart),
        )
    if host.app_info is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=APP_INFO_PATH, error=host.app_info_error or ""),
            M("step3.ip_recorded.fix.rewrites", restart_cmd=restart),
            _excerpt(info.content),
        )
    ip = host.app_info.ip
    if not ip:
        return failed(
            cid,
            expected,
            M("step3.ip_recorded.found.empty"),
            M("step3.ip_recorded.fix.set_ip", config=CONFIG_PATH, restart_cmd=restart),
            _excerpt(info.content),
        )
    if not is_ipv4(ip):
        return failed(
            cid,
            expected,
            M("step3.ip_recorded.found.not_ipv4", ip=repr(ip)),
            M("step3.ip_recorded.fix.set_ipv4", config=CONFIG_PATH, restart_cmd=restart),
            _excerpt(info.content),
        )
    return passed(cid, expected, M("step3.ip_recorded.found.ok", ip=ip), _excerpt(info.content))


def check_ip_in_group(host: Host) -> Outcome:
    cid = "step3.ip_in_group"
    ip = host.recorded_ip
    group = host.expect.group
    groups = (group,) if group else host.expect.all_groups
    names = ", ".join(g.name for g in groups)
    expected = M("step3.ip_in_group.expected", groups=names)
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
    )
    shown = " or ".join(prediction.candidates) or "no IP"
    expected = M("step3.ip_current.expected", candidates=shown, rule=prediction.rule)
    if ip is None:
        return skipped(cid, expected, M("step3.skip.no_ip"))
    lines = hosts_file_lines_for(facts.hostname, facts.etc_hosts.content)
    evidence = (
        f"hostname: {facts.hostname}",
        "/etc/hosts: " + (" | ".join(lines) if lines else f"(no line for {facts.hostname})"),
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
            config=CONFIG_PATH,
            restart_cmd=host.agent.restart,
            group=group,
        )
    return failed(cid, expected, M("step3.ip_current.found", ip=ip), fix, *evidence)


# --- Step 4: user identifier ---------------------------------------------------------------


def check_user_id(host: Host) -> Outcome:
    cid = "step4.user_id"
    ids = host.expect.account_ids
    expected = M("step4.user_id.expected", users_dir=USERS_DIR, ids=", ".join(ids))
    if host.expect.same_account_ecs:
        return passed(
            cid, M("step4.user_id.expected.same_account"), M("step4.user_id.found.same_account")
        )
    present = host.facts.user_ids
    fix = M(
        "step4.user_id.fix",
        create_cmd=f"sudo mkdir -p {USERS_DIR} && sudo touch {USERS_DIR}/{ids[0]}",
        project=host.expect.project.name,
    )
    if present is None:
        return failed(cid, expected, M("step4.user_id.found.no_dir", users_dir=USERS_DIR), fix)
    matching = [i for i in ids if i in present]
    if matching:
        return passed(cid, expected, f"{USERS_DIR}/{matching[0]}")
    others: list[str | Msg] = list(present)
    others += [M("step4.user_id.a_directory", name=d) for d in host.facts.user_id_other_entries]
    listed = joined(others[:10]) if others else M("step4.user_id.nothing")
    return failed(
        cid, expected, M("step4.user_id.found.holds", users_dir=USERS_DIR, listed=listed), fix
    )


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
assert set(CHECKS) == {s.check_id for s in CATALOGUE if s.step not in ("host", "server")}, (
    "catalogue drift"
)


def evaluate(facts: HostFacts, expectation: Expectation) -> dict[str, Outcome]:
    """Every check on one reachable host, in catalogue order."""
    host = Host(facts, expectation)
    outcomes = {
        "host.reachable": passed(
            "host.reachable",
            M("host.reachable.expected"),
            M("host.reachable.found.ok", hostname=facts.hostname),
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
