"""What every check reads: the host's facts, what it should match, and its agent."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from logtail_doctor.actions import RestartAgent, StartAgent
from logtail_doctor.agent_config import (
    AgentConfig,
    ConfigError,
    InstallParameters,
    MergedConfig,
    install_parameters,
    load_config_document,
    merge_config_d,
    parse_config_document,
)
from logtail_doctor.facts import STANDARD_LAYOUT, ContainerFacts, HostFacts, Process
from logtail_doctor.i18n import M, Msg
from logtail_doctor.kube import CONFIG_MAP, DAEMONSETS
from logtail_doctor.parsers import (
    AppInfo,
    AppInfoError,
    is_ipv4,
    parse_app_info,
)
from logtail_doctor.targets import MachineGroup, Project

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
    # The agent runs in this container (its image's entrypoint starts it): no init
    # script; it is started, stopped and restarted with its container or pod.
    container: ContainerFacts | None = None

    @property
    def display(self) -> str:
        name = {
            "logtail": "Logtail",
            "loongcollector": "LoongCollector",
            "community": "LoongCollector community",
        }.get(self.flavour, "none")
        return f"{name} {self.version}" if self.version and self.flavour != "none" else name

    def ctl(self, verb: str) -> str:
        if self.container is not None:
            return container_ctl(self.container, verb)
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
        if self.container is not None:
            return container_ctl(self.container, "restart")
        if self.os == "windows":
            return f"Restart-Service {self.service}"
        if self.flavour == "community":
            return self.ctl("restart")
        return f"{self.ctl('stop')} && {self.ctl('start')}"

    @property
    def start_action(self) -> StartAgent | None:
        """What a fix plan starts it with: the script the printed commands name, or its unit.

        None on Windows, in a container and without an agent: those are started by a person.
        """
        if self.os == "windows" or self.flavour == "none" or self.container is not None:
            return None
        if self.flavour == "community":
            return StartAgent(unit="loongcollector")
        return StartAgent(init_script=f"/etc/init.d/{self.service}")

    def restart_action(self, daemon_pid: int) -> RestartAgent | None:
        """A restart a fix plan does once: only while the daemon DAEMON_PID still runs."""
        start = self.start_action
        if start is None:
            return None
        return RestartAgent(str(daemon_pid), start.init_script, start.unit)


def kubectl_for(container: ContainerFacts) -> str:
    """`kubectl [--context=C] -n NS`: the start of a command on the pod, in its own cluster."""
    context = f" --context={container.context}" if container.context else ""
    return f"kubectl{context} -n {container.namespace or 'default'}"


def container_ctl(container: ContainerFacts, verb: str) -> str:
    """How a person starts, stops or restarts an agent that runs as a container or a pod.

    On Kubernetes the DaemonSet owns the pods: a restart is a rollout restart (its
    pods start again with the ConfigMap's current values); a stop is not offered.
    """
    if container.engine == "kubectl":
        if verb == "stop":
            return f"{kubectl_for(container)} delete pod {container.name}"
        return f"{kubectl_for(container)} rollout restart ds/{daemonset_of(container)}"
    word = {"start": "restart"}.get(verb, verb)  # the agent is the container's own process
    return f"{container.engine} {word} {container.name}"


def daemonset_of(container: ContainerFacts) -> str:
    """The agent's DaemonSet: its pod's owner, else from the pod's name (logtail-ds-xxxxx)."""
    if container.pod is not None and container.pod.daemonset:
        return container.pod.daemonset
    for daemonset, _ in DAEMONSETS:
        if container.name.startswith(f"{daemonset}-"):
            return daemonset
    return DAEMONSETS[0][0]  # Logtail's


# The ConfigMap keys the agent's DaemonSet hands its variables from (ACK's logtail-ds).
_CONFIG_MAP_KEYS = {
    "ALIYUN_LOGTAIL_USER_ID": "log-ali-uid",
    "ALIYUN_LOGTAIL_USER_DEFINED_ID": "log-machine-group",
}


def container_env_fix(container: ContainerFacts, variable: str, value: str) -> str:
    """How a person gives a container agent VARIABLE=VALUE: the agent reads it once, at start.

    On Kubernetes a value the DaemonSet takes from the ConfigMap is changed there and
    the pods restarted; another is set on the DaemonSet (which restarts its pods).
    """
    if container.engine == "kubectl":
        kubectl = kubectl_for(container)
        daemonset = daemonset_of(container)
        key = _CONFIG_MAP_KEYS.get(variable)
        if key is not None:
            # log-ali-uid is a comma list (cross-account collection): add, never replace.
            edit = f"add {value} to {key}" if key == "log-ali-uid" else f"set {key}: {value}"
            return (
                f"{kubectl} edit configmap {CONFIG_MAP} ({edit}), "
                f"then {kubectl} rollout restart ds/{daemonset}"
            )
        pick = f" -c {container.container}" if container.container else ""
        return f"{kubectl} set env ds/{daemonset}{pick} {variable}={value}"
    return (
        f"re-create container {container.name} with -e {variable}={value} "
        f"(`{container.engine} inspect {container.name}` shows how it was run)"
    )


def container_logs(container: ContainerFacts, previous: bool = False) -> str:
    """The command that shows what the agent's container printed (the last run's, if previous)."""
    if container.engine == "kubectl":
        pick = f" -c {container.container}" if container.container else ""
        return f"{kubectl_for(container)} logs {container.name}{pick}" + (
            " --previous" if previous else ""
        )
    return f"{container.engine} logs --tail 100 {container.name}"


class Host:
    """Facts of one host with the derived values several checks share, computed once."""

    def __init__(self, facts: HostFacts, expectation: Expectation) -> None:
        self.facts = facts
        self.expect = expectation
        # The config file the agent loads: the install's, or the one its
        # environment names (LOONG_CONFIG, ALIYUN_LOGTAIL_CONFIG).
        self.layout = dataclasses.replace(facts.layout, config_path=facts.config.path)
        self.config: AgentConfig | None = None
        self.config_error: str | None = None
        self.install: InstallParameters | None = None
        # config.d merged over the config, as the agent merges it; None: no config.d read.
        self.merged: MergedConfig | None = None
        if facts.config.present:
            try:
                document = load_config_document(facts.config.content)
                if facts.config_d:
                    readable = [(f.path, f.content) for f in facts.config_d if f.present]
                    self.merged = merge_config_d(document, readable)
                    document = self.merged.document
                self.config = parse_config_document(document)
                self.install = install_parameters(self.config)
            except ConfigError as exc:
                self.config_error = str(exc)
        self.app_info, self.app_info_error = _read_app_info(facts)
        self.agent = detect_agent(facts, self.app_info)
        agent_name = _WINDOWS_AGENT_IMAGE if self.windows else _AGENT_COMM
        agents = tuple(p for p in facts.processes if agent_name.match(p.comm))
        # Agents in another PID namespace than the probe's (the host's) run in
        # containers on this host: they are not this host's agent
        # (`loongcollectord status` counts only init's namespace).
        own = facts.own_pid_ns
        self.processes = tuple(
            p for p in agents if own is None or facts.agent_pid_ns.get(str(p.pid), own) == own
        )
        self.container_processes = tuple(p for p in agents if p not in self.processes)

    def config_set_by(self, key: str) -> str:
        """The file whose value of a top-level config key the agent uses."""
        if self.merged is not None and key in self.merged.set_by:
            return self.merged.set_by[key]
        return self.layout.config_path

    def env_ids(self, *names: str) -> list[tuple[str, tuple[str, ...]]]:
        """Each of the variables NAMES set in the agent's environment, with its
        comma-separated identifiers (trimmed, empty ones dropped).
        """
        env = self.facts.agent_env or {}
        return [
            (name, tuple(i.strip() for i in env[name].split(",") if i.strip()))
            for name in names
            if name in env
        ]

    def config_note(self, found: Msg, *keys: str) -> Msg:
        """FOUND, saying which file set it where that is not the install's config alone:
        the variable that named the config file, and the config.d file that set one of
        KEYS (or, without KEYS, the config.d files merged).
        """
        override = self.facts.config_override
        if override is not None and override.read:
            found = M(
                "agent.config_named",
                found=found,
                path=override.path,
                variable=M("agent.from_env", variable=override.variable),
            )
        if self.merged is None or not self.merged.merged:
            return found
        if not keys:
            return M("agent.config_d_merged", found=found, files=", ".join(self.merged.merged))
        for key in keys:
            if key in self.merged.set_by:
                return M("agent.set_in", found=found, setting=key, file=self.merged.set_by[key])
        return found

    def working_ip(self) -> tuple[str | None, str]:
        """working_ip as the agent resolves it, and where it was set: the config's key wins
        over the environment's working_ip, ALIYUN_LOGTAIL_WORKING_IP, LOONG_WORKING_IP, the
        last of those set winning among them (JsonUtil.cpp LOAD_PARAMETER).
        """
        if self.config is not None and self.config.working_ip:
            source = self.config_set_by("working_ip")
            # The install's own file keeps the words the rule always had.
            return self.config.working_ip, (
                "ilogtail_config.json" if source == CONFIG_PATH else source
            )
        env = self.facts.agent_env or {}
        for name in ("LOONG_WORKING_IP", "ALIYUN_LOGTAIL_WORKING_IP", "working_ip"):
            if env.get(name, "").strip():
                return env[name].strip(), f"{name} of the agent's environment"
        return None, "ilogtail_config.json"

    def in_agent_folder(self, found: Msg) -> Msg:
        """FOUND, saying what moved the agent's folder (users/, user_defined_id) if anything did."""
        source = self.facts.sys_conf_from
        if source == "default":
            return found
        said = (
            M("agent.from_config", setting="logtail_sys_conf_dir", config=self.layout.config_path)
            if source == "config"
            else M("agent.from_env", variable=source)
        )
        return M("agent.folder_moved", found=found, folder=self.facts.sys_conf_dir, source=said)

    @property
    def windows(self) -> bool:
        return self.layout.os == "windows"

    @property
    def container(self) -> ContainerFacts | None:
        """The agent's container when the host is one (podman://, docker://, kubectl://)."""
        return self.facts.container

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


def daemons_and_workers(processes: tuple[Process, ...]) -> tuple[list[int], list[int]]:
    """Agent processes whose parent is not an agent process, and those whose parent is."""
    pids = {p.pid for p in processes}
    daemons = [p.pid for p in processes if p.ppid not in pids]
    workers = [p.pid for p in processes if p.ppid in pids]
    return daemons, workers


def detect_agent(facts: HostFacts, app_info: AppInfo | None = None) -> Agent:
    """The agent flavour from the install paths (Linux) or services (Windows)."""
    version = app_info.version if app_info else None
    if facts.layout.os == "windows":
        service = next((s for s in WINDOWS_SERVICES if s in facts.services), None)
        if service is None:
            return Agent("none", WINDOWS_SERVICES[0], "windows")
        return Agent("logtail", service, "windows", version)
    paths = facts.install_paths
    if facts.container is not None:
        # An agent image: the binary under the install dir, no init script.
        if f"{INSTALL_DIR}/loongcollector" in paths:
            return Agent("loongcollector", "", version=version, container=facts.container)
        if f"{INSTALL_DIR}/ilogtail" in paths:
            return Agent("logtail", "", version=version, container=facts.container)
        return Agent("none", "", container=facts.container)
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


def title_msg(check_id: str) -> Msg:
    """A check's title as a message: translated where the catalogues have it."""
    return M(f"title.{check_id}")


def excerpt(text: str) -> str:
    """Evidence for a finding: at most EVIDENCE_CHARS characters of it."""
    text = text.strip()
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + " ..."
