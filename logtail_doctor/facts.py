"""What a probe learned about one host: plain typed values, no behaviour.

Checks are pure functions of these facts, so every check can be tested with
facts built from recorded probe output, without any host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class FileState(Enum):
    PRESENT = "present"
    ABSENT = "absent"
    NOT_REGULAR = "not a regular file"
    UNREADABLE = "unreadable"
    NOT_PROBED = "not probed"


@dataclass(frozen=True)
class FileFact:
    path: str
    state: FileState
    content: str = ""
    truncated: bool = False

    @property
    def present(self) -> bool:
        return self.state is FileState.PRESENT


@dataclass(frozen=True)
class CommandFact:
    """A command the probe ran on the host: its exit code and merged output.

    timed_out: the probe's bound on the step cut it (rc is then the bounding
    tool's code, e.g. timeout's 124, not the command's); limit: that bound in
    seconds, known when it cut.
    """

    rc: int
    output: str
    timed_out: bool = False
    limit: int | None = None
    # It printed more than the probe's cap per value (output: its first bytes).
    over_limit: bool = False


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    comm: str
    elapsed: int | None = None  # seconds since it started (ps etimes); None: not known


@dataclass(frozen=True)
class AgentLayout:
    """Where one agent flavour keeps its files on one OS."""

    name: str  # "standard" | "community" | "windows"
    os: str  # "linux" | "windows"
    install_dir: str
    config_path: str
    app_info_path: str
    users_dir: str
    user_defined_id_path: str
    # The collection configs the agent received from SLS; None: kept elsewhere (community).
    user_log_config_path: str | None = None


# Logtail and the SLS (commercial) LoongCollector: the installer's layout.
STANDARD_LAYOUT = AgentLayout(
    "standard",
    "linux",
    "/usr/local/ilogtail",
    "/usr/local/ilogtail/ilogtail_config.json",
    "/usr/local/ilogtail/app_info.json",
    "/etc/ilogtail/users",
    "/etc/ilogtail/user_defined_id",
    "/usr/local/ilogtail/user_log_config.json",
)
# The open-source LoongCollector outside logtail mode (domain-facts §6). Where
# it keeps user identifiers is not documented: conf/users is an inference.
COMMUNITY_LAYOUT = AgentLayout(
    "community",
    "linux",
    "/opt/loongcollector",
    "/opt/loongcollector/conf/instance_config/local/loongcollector_config.json",
    "/opt/loongcollector/run/app_info.json",
    "/opt/loongcollector/conf/users",
    "/opt/loongcollector/conf/user_defined_id",
)


def windows_layout(install_dir: str) -> AgentLayout:
    """Logtail for Windows under install_dir (either Program Files folder)."""
    return AgentLayout(
        "windows",
        "windows",
        install_dir,
        install_dir + "\\ilogtail_config.json",
        install_dir + "\\app_info.json",
        "C:\\LogtailData\\users",
        "C:\\LogtailData\\user_defined_id",
        install_dir + "\\user_log_config.json",
    )


@dataclass(frozen=True)
class NicAddress:
    interface: str
    address: str  # IPv4, no prefix length
    prefix: int


@dataclass(frozen=True)
class HttpAnswer:
    """What `curl URL` printed on the host. rc is curl's exit code (0 = an HTTP answer)."""

    url: str
    rc: int
    status: int | None
    body: str
    error: str  # curl's own message when rc != 0
    date: str | None = None  # the answer's Date header, as sent
    # Windows without an HTTP client answer: only a TCP connect was tried
    # (the guide's telnet test); rc 0 then means "connected".
    tcp_only: bool = False
    # Seconds of the probe's bound that cut the request (curl's --max-time, the
    # Windows probe's wait), known when rc is CURL_TIMEOUT; None: not known.
    limit: int | None = None


# Where the agent asks which account owns its ECS (core/common/EcsMetaData.cpp).
ECS_METADATA_URL = "http://100.100.100.200/latest/dynamic/instance-identity/document"

# curl's exit codes, which the Windows probe's parser also uses for its own failures.
CURL_RESOLVE_FAILED = 6
CURL_CONNECT_FAILED = 7
CURL_TIMEOUT = 28
CURL_TLS_FAILED = 35
CURL_NOT_INSTALLED = 127


@dataclass(frozen=True)
class BrokenLink:
    """A symbolic link the probe found where a folder should be, that cannot be followed."""

    target: str  # what it points to, as readlink prints it
    loops: bool  # True: a loop of links (ELOOP); False: it points to nothing


@dataclass(frozen=True)
class ConfigOverride:
    """The daemon's variable naming the config file it loads, and whether the probe read it."""

    variable: str  # LOONG_CONFIG | ALIYUN_LOGTAIL_CONFIG
    path: str
    read: bool  # False: a path the probe does not read (not absolute, odd characters)


@dataclass(frozen=True)
class HostFacts:
    hostname: str
    epoch: int | None
    install_paths: dict[str, str]  # path -> "d" | "f" | "l -> target"
    status: dict[str, CommandFact]  # init script name -> `status` result
    processes: tuple[Process, ...]
    config: FileFact
    http: dict[str, HttpAnswer]  # config server URL -> answer seen from the host
    app_info: FileFact
    etc_hosts: FileFact
    resolved: tuple[str, ...]  # getaddrinfo(hostname, AF_INET) order, deduplicated
    resolve_rc: int | None
    nics: tuple[NicAddress, ...]
    user_ids: tuple[str, ...] | None  # regular files in /etc/ilogtail/users; None: no such dir
    user_id_other_entries: tuple[str, ...] = field(default=())  # sub-dirs and other oddities
    user_defined_id: FileFact | None = None
    layout: AgentLayout = STANDARD_LAYOUT
    # Windows: service name -> state ("Running", "Stopped", ...) of the agent's
    # services that exist. Linux uses `status` (init scripts) instead.
    services: dict[str, str] = field(default_factory=dict)
    config_mtime: int | None = None  # epoch seconds; None: unknown
    # Proxy variables (HTTP_PROXY, https_proxy, ALL_PROXY, NO_PROXY, ...) in
    # the environment of the agent's daemon; None: not read (no process, no access).
    agent_env: dict[str, str] | None = None
    runner_epoch: float | None = None  # the runner's clock when the probe answered
    # Seconds of the bound that cut resolving the host's own name (getent on
    # Linux); None: it finished (resolve_rc says how) or was not tried.
    resolve_limit: int | None = None
    # user_log_config.json: the collection configs SLS sent the agent (its first 64 KiB);
    # None: this layout keeps them elsewhere.
    user_log_config: FileFact | None = None
    # Entries in the users folder in all, when the probe sent only the first
    # names (64 KiB of them); None: user_ids and user_id_other_entries list all.
    user_ids_total: int | None = None
    # The users folder's path is a symbolic link that cannot be followed; None: not so.
    users_link: BrokenLink | None = None
    # getent of the host's own name printed more than the probe's cap per value:
    # resolved holds the addresses of its first 64 KiB.
    resolve_over_limit: bool = False
    # issue 33 (agent-env): what the agent itself runs with.
    # The PID namespace (its inode) of each agent process by PID (as text), and
    # of the probe's own shell (the host's); empty: not read (no access, an
    # older probe, Windows).
    agent_pid_ns: dict[str, int] = field(default_factory=dict)
    own_pid_ns: int | None = None
    # The variable of the daemon's environment that chose the config file the
    # agent loads (LOONG_CONFIG, ALIYUN_LOGTAIL_CONFIG); None: the install's own.
    config_override: ConfigOverride | None = None
    # The agent's folder of users/, user_defined_id, config.d/, checkpoint/, and
    # what said so: "default", "config" (its logtail_sys_conf_dir) or the
    # variable of the daemon's environment (ALIYUN_LOGTAIL_SYS_CONF_DIR, ...).
    sys_conf_dir: str = "/etc/ilogtail"
    sys_conf_from: str = "default"
    # <sys conf dir>/config.d/*.json in the agent's (sorted) order; None: no such folder.
    config_d: tuple[FileFact, ...] | None = None
    # Why config.d could not be read as a whole (a file changed while read,
    # more files than the probe reads); None: read.
    config_d_problem: str | None = None
    # <sys conf dir>/checkpoint/instance_identity: the agent's cache of ECS metadata.
    instance_identity: FileFact | None = None
    # ECS_METADATA_URL as the host reached it; None: not asked (a users file, an
    # ALIYUN_LOGTAIL_USER_ID or the cache names the account, or an older probe).
    ecs_metadata: HttpAnswer | None = None
    # The agent's own log (agent-log, issue 33 part B): the last 64 KiB of
    # ilogtail.LOG / loongcollector.LOG (truncated: the file was longer); None: not probed.
    agent_log: FileFact | None = None
    # The host's offset from UTC in seconds (`date +%z`): the log's times are local; None: unknown.
    utc_offset: int | None = None
    # The agent's own CA bundle (ca-bundle.crt in the install folder): its state only,
    # no content; None: not probed (another layout, an older probe).
    ca_bundle: FileFact | None = None
    # The https config server fetched verifying with that bundle (no -k); None: not tried
    # (no readable bundle, no https URL, an older probe).
    agent_tls: HttpAnswer | None = None
    # The agent's container, when the host is one (podman://, docker://, kubectl://):
    # set by the runner from the host spec (and the pod's status), never by the probe.
    container: ContainerFacts | None = None

    @property
    def os(self) -> str:
        return self.layout.os


@dataclass(frozen=True)
class PodStatus:
    """What the Kubernetes API says of an agent's pod (`kubectl get pod -o json`), runner side."""

    name: str
    namespace: str
    phase: str  # Pending | Running | Succeeded | Failed | Unknown
    ready: bool  # the agent container's readiness
    restarts: int  # the agent container's restart count
    waiting_reason: str | None = None  # CrashLoopBackOff, ImagePullBackOff, ...; None: not waiting
    last_exit: str | None = None  # the last termination: "Error, exit code 1"; None: none
    node: str | None = None
    daemonset: str | None = None  # the DaemonSet that owns the pod (logtail-ds, ...)
    started: str | None = None  # the pod's start time, as the API gives it


@dataclass(frozen=True)
class ContainerFacts:
    """The agent runs in a container reached through a container engine (not over SSH)."""

    engine: str  # "podman" | "docker" | "kubectl"
    name: str  # the container's (podman, docker) or the pod's (kubectl) name
    container: str | None = None  # kubectl: the agent's container in the pod
    namespace: str | None = None  # kubectl: the pod's namespace
    context: str | None = None  # kubectl: the kubeconfig context, if the spec named one
    pod: PodStatus | None = None  # kubectl: the pod's status; None: not read
    pod_error: str | None = None  # kubectl: why the pod's status could not be read
