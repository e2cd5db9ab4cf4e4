"""Scenario files: parse, validate and fill in defaults.

A scenario is a YAML mapping with the keys ``project``, ``account_ids``,
``machine_groups`` and ``hosts``.  Every problem is reported as a
:class:`~lab.errors.LabError` whose message is one line naming the file and
the offending field, e.g. ``demo.yaml: hosts[3].agent: must be one of ...``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from lab.errors import LabError

NETWORKS: Final = ("intranet", "internet", "acceleration")
# What an agent's config may point at: the project's network types plus
# LoongCollector's newer private endpoint flavour <region>-internal.
CONFIG_NETWORKS: Final = (*NETWORKS, "internal")
# logtail0: Logtail 0.x; community: the open-source LoongCollector (not logtail mode).
AGENTS: Final = ("logtail", "logtail0", "loongcollector", "community", "none")
AGENT_STATES: Final = ("running", "stopped")
# huge: a 1 GiB sparse file; binary: 100 KiB of random bytes.
CONFIG_STATES: Final = ("ok", "invalid", "missing", "huge", "binary")
# old: Logtail's config_server_address; new: LoongCollector's config_servers;
# community: the open-source edition's own small config, with no SLS servers.
CONFIG_FORMATS: Final = ("old", "new", "community")
# unresolvable: /etc/hosts does not list the endpoint names at all.
# huge: an endpoint whose answer is a 1 GiB body (what the probe reads must stay bounded).
ENDPOINT_MODES: Final = ("sls", "other_web", "refused", "unresolvable", "huge")
HTTPS_MODES: Final = ("ok", "blocked")
MAX_AGENT_INSTANCES: Final = 2
MAX_CLOCK_OFFSET: Final = 10 * 365 * 86400
APP_INFO_STATES: Final = ("ok", "missing", "huge", "binary")
RECEIVED_CONFIGS: Final = ("ok", "none", "other", "missing")
# The agent's own log (ilogtail.LOG / loongcollector.LOG): a healthy start, a line of
# each self-restart cause (10 minutes before the lab's start), or hostile contents:
# 2 GiB (sparse) ending in healthy lines, binary bytes, a symlink loop, no log.
AGENT_LOGS: Final = (
    "ok",
    "resource_limit",
    "ip_changed",
    "config_watchdog",
    "huge",
    "binary",
    "symlink_loop",
    "missing",
)
# The agent's own CA bundle (install folder ca-bundle.crt): the lab CA (as the real
# bundle holds SLS's public CA), another CA only (a TLS-inspecting middlebox whose CA
# the host's system store trusts but the agent's bundle does not), or none.
CA_BUNDLES: Final = ("ok", "untrusting", "missing")
# How the host's SSH port misbehaves: silent = a listener that accepts and never
# speaks; drop = sshd runs but an iptables rule in the host's netns drops port 22.
SSH_FAULTS: Final = ("none", "silent", "drop")
# How the agent's `status` misbehaves: hang = never returns; hold_output = returns
# but leaves a child holding its output open; drop_session = kills the ssh session
# it runs in (the connection drops mid-probe).
STATUS_FAULTS: Final = ("normal", "hang", "hold_output", "drop_session", "flood", "freeze_session")
# What /etc/ilogtail/users is: a folder of the user_ids (plain), that folder plus
# 30,000 more empty files (many), or a symbolic link to itself (loop).
USERS_FOLDERS: Final = ("plain", "many", "loop")
HUGE_FILE_SIZE: Final = 1 << 30
BINDING_WORDS: Final = ("own", "none", "loopback")
# Where the host's agent runs: on the host (none), in a podman container joined to
# the host's network namespace (podman), or in such a container playing a pod of
# the recorded cluster (pod: reached through the kubectl stand-in, lab/kubectl_standin.py).
CONTAINERS: Final = ("none", "podman", "pod")

# Host IPs are handed out from 10.250.0.2 upwards; 10.250.254.0/23 is kept
# free for the stand-in endpoint and for addresses scenarios make up.
MAX_HOSTS: Final = 254 * 256 - 2

_HOST_NAME_RE: Final = re.compile(r"[a-z0-9-]{1,20}")
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME_RE: Final = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_PROJECT_RE: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,61}[a-z0-9]|[a-z0-9]")
_REGION_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GROUP_RE: Final = re.compile(r"[A-Za-z0-9_.-]{1,128}")
_ACCOUNT_RE: Final = re.compile(r"[0-9]{1,32}")
# Any file name: hostile scenarios plant names with shell metacharacters.
_USER_ID_RE: Final = re.compile(r"[^/\x00]{1,100}")
# Hostile scenarios plant hostnames with shell metacharacters: any printable ASCII.
_ODD_HOSTNAME_RE: Final = re.compile(r"[!-~](?:[ -~]{0,62}[!-~])?")
_NIC_RE: Final = re.compile(r"[a-z][a-z0-9]{0,14}")
_ENV_NAME_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONFIG_KEY_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_CUSTOM_ID_RE: Final = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_VERSION_RE: Final = re.compile(r"[ -~]{1,64}")


@dataclass(frozen=True)
class Project:
    """The SLS project the fleet ships logs to."""

    name: str
    region: str
    network: str


@dataclass(frozen=True)
class MachineGroup:
    """A machine group.

    IP-based (``custom_ids is None``): its members' IPs come from the host list,
    plus ``extra_ips``.  Custom-identifier based: the group lists ``custom_ids``
    and its hosts contribute no IPs.
    """

    name: str
    extra_ips: tuple[str, ...] = ()
    custom_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ExtraNic:
    """A dummy interface created inside a host's network namespace."""

    name: str
    ip: str  # CIDR, e.g. 10.251.0.5/24


@dataclass(frozen=True)
class HostSpec:
    """One simulated host with every optional field resolved."""

    name: str
    hostname: str
    sshd: bool
    machine_group: str
    in_group: bool
    same_account_ecs: bool
    agent: str
    agent_state: str
    config: str
    config_format: str
    config_region: str
    config_network: str
    endpoint: str
    app_info: str
    app_info_ip: str
    hostname_binding: str
    extra_nics: tuple[ExtraNic, ...]
    user_ids: tuple[str, ...]
    expect: Any = None
    ssh_fault: str = "none"
    agent_status: str = "normal"
    config_server_url_override: str | None = None
    agent_version: str | None = None  # None: the flavour's own version
    agent_instances: int = 1
    agent_env: tuple[tuple[str, str], ...] = ()  # (name, value), in file order
    clock_offset: int = 0
    https: str = "ok"
    config_changed_after_start: bool = False
    agent_records_ip: bool = False
    config_extra: tuple[tuple[str, str | int | bool], ...] = ()  # (key, value)
    user_defined_id: str | None = None
    # The collection configs the agent received: ok (one of the project), none (an empty
    # list), other (another project's only), missing (no user_log_config.json).
    received_configs: str = "ok"
    project: str = ""  # the scenario's project (what "ok" names)
    container: str = "none"  # one of CONTAINERS
    users_folder: str = "plain"  # see USERS_FOLDERS
    # What the agent runs with (issue 33), planted as a real install has them:
    # the account written into /etc/ilogtail/checkpoint/instance_identity, the
    # agent's cache of the ECS metadata (default: the scenario's first account on a
    # same-account ECS, as the agent writes it there; None: no cache).
    ecs_metadata_cache: str | None = None
    config_d: tuple[tuple[str, str], ...] = ()  # /etc/ilogtail/config.d/<name>: its text
    # Where the agent's config is written when its environment names another file
    # (ALIYUN_LOGTAIL_CONFIG in agent_env); the install's own file then holds a
    # leftover config of STALE_REGION, which the agent does not load.
    config_path: str | None = None
    # A second agent (daemon and worker) in a PID namespace of its own beside the
    # host's, as a logtail-ds pod or `docker run` of the agent's image has it.
    container_agent: bool = False
    agent_log: str = "ok"  # one of AGENT_LOGS
    agent_ca_bundle: str = "ok"  # one of CA_BUNDLES

    def to_entry(self) -> dict[str, Any]:
        """The resolved scenario entry as plain data (lists, dicts, scalars)."""
        entry = dataclasses.asdict(self)
        entry["extra_nics"] = [dict(n) for n in entry["extra_nics"]]
        entry["user_ids"] = list(entry["user_ids"])
        entry["agent_env"] = dict(self.agent_env)
        entry["config_extra"] = dict(self.config_extra)
        entry["config_d"] = dict(self.config_d)
        return entry

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> HostSpec:
        """Inverse of :meth:`to_entry` (used when a lab is loaded from its state file)."""
        data = dict(entry)
        data["extra_nics"] = tuple(ExtraNic(**n) for n in data["extra_nics"])
        data["user_ids"] = tuple(data["user_ids"])
        data["agent_env"] = tuple(data.get("agent_env", {}).items())
        data["config_extra"] = tuple(data.get("config_extra", {}).items())
        data["config_d"] = tuple(data.get("config_d", {}).items())
        return cls(**data)


@dataclass(frozen=True)
class Scenario:
    """A validated scenario file."""

    path: Path
    project: Project
    account_ids: tuple[str, ...]
    machine_groups: tuple[MachineGroup, ...]
    hosts: tuple[HostSpec, ...]


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects a mapping key given twice."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", mark)
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


class _Checker:
    """Validation helpers that know which file they are reporting on."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, message: str) -> LabError:
        # A field name may come from the file itself: keep the message on one line.
        field = field if field.isprintable() else repr(field)
        return LabError(f"{self.path}: {field or 'document'}: {message}")

    def mapping(self, value: object, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, f"must be a mapping, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(field, f"keys must be strings, got {key!r}")
            if key not in allowed:
                raise self.fail(
                    f"{field}.{key}" if field else key,
                    f"unknown key (allowed: {', '.join(allowed)})",
                )
        return {str(k): v for k, v in value.items()}

    def required(self, data: dict[str, Any], key: str, field: str) -> object:
        if key not in data:
            raise self.fail(_join(field, key), "is required")
        return data[key]

    def string(self, value: object, field: str, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, got {_kind(value)}")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(field, f"{value!r} does not match {pattern.pattern}")
        return value

    def choice(self, value: object, field: str, choices: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in choices:
            raise self.fail(field, f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    def boolean(self, value: object, field: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false (got {value!r})")
        return value

    def sequence(self, value: object, field: str) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(field, f"must be a list, got {_kind(value)}")
        return value

    def ipv4(self, value: object, field: str) -> str:
        text = self.string(value, field)
        try:
            ipaddress.IPv4Address(text)
        except ValueError:
            raise self.fail(field, f"{text!r} is not an IPv4 address") from None
        return text


def _kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


_HOST_KEYS: Final = (
    "name",
    "hostname",
    "sshd",
    "machine_group",
    "in_group",
    "same_account_ecs",
    "agent",
    "agent_state",
    "config",
    "config_format",
    "config_region",
    "config_network",
    "endpoint",
    "app_info",
    "app_info_ip",
    "hostname_binding",
    "extra_nics",
    "user_ids",
    "expect",
    "ssh_fault",
    "agent_status",
    "config_server_url_override",
    "agent_version",
    "agent_instances",
    "agent_env",
    "clock_offset",
    "https",
    "config_changed_after_start",
    "agent_records_ip",
    "config_extra",
    "user_defined_id",
    "received_configs",
    "container",
    "users_folder",
    "ecs_metadata_cache",
    "config_d",
    "config_path",
    "container_agent",
    "agent_log",
    "agent_ca_bundle",
)


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file; raise LabError with a one-line message."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabError(f"{path}: cannot read scenario: {exc}") from None
    return parse_scenario(text, path)


def parse_scenario(text: str, path: Path) -> Scenario:
    """Validate scenario YAML ``text``; ``path`` is only used in messages."""
    chk = _Checker(path)
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "document"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LabError(f"{path}: {where}: invalid YAML: {problem}") from None
    top = chk.mapping(raw, "", ("project", "account_ids", "machine_groups", "hosts"))

    pdata = chk.mapping(chk.required(top, "project", ""), "project", ("name", "region", "network"))
    project = Project(
        name=chk.string(chk.required(pdata, "name", "project"), "project.name", _PROJECT_RE),
        region=chk.string(chk.required(pdata, "region", "project"), "project.region", _REGION_RE),
        network=chk.choice(chk.required(pdata, "network", "project"), "project.network", NETWORKS),
    )

    account_ids: list[str] = []
    for i, item in enumerate(chk.sequence(chk.required(top, "account_ids", ""), "account_ids")):
        account_ids.append(chk.string(item, f"account_ids[{i}]", _ACCOUNT_RE))

    groups: list[MachineGroup] = []
    raw_groups = chk.sequence(chk.required(top, "machine_groups", ""), "machine_groups")
    if not raw_groups:
        raise chk.fail("machine_groups", "needs at least one group")
    for i, item in enumerate(raw_groups):
        field = f"machine_groups[{i}]"
        gdata = chk.mapping(item, field, ("name", "extra_ips", "custom_ids"))
        name = chk.string(chk.required(gdata, "name", field), f"{field}.name", _GROUP_RE)
        if any(g.name == name for g in groups):
            raise chk.fail(f"{field}.name", f"duplicate machine group {name!r}")
        extra = tuple(
            chk.ipv4(ip, f"{field}.extra_ips[{j}]")
            for j, ip in enumerate(chk.sequence(gdata.get("extra_ips", []), f"{field}.extra_ips"))
        )
        custom: tuple[str, ...] | None = None
        if "custom_ids" in gdata:
            if "extra_ips" in gdata:
                raise chk.fail(
                    f"{field}.custom_ids",
                    "a group identifies machines by IP (extra_ips) or by custom_ids, not both",
                )
            raw_ids = chk.sequence(gdata["custom_ids"], f"{field}.custom_ids")
            if not raw_ids:
                raise chk.fail(f"{field}.custom_ids", "needs at least one custom identifier")
            custom = tuple(
                chk.string(cid, f"{field}.custom_ids[{j}]", _CUSTOM_ID_RE)
                for j, cid in enumerate(raw_ids)
            )
        groups.append(MachineGroup(name=name, extra_ips=extra, custom_ids=custom))

    raw_hosts = chk.sequence(chk.required(top, "hosts", ""), "hosts")
    if not raw_hosts:
        raise chk.fail("hosts", "needs at least one host")
    if len(raw_hosts) > MAX_HOSTS:
        raise chk.fail("hosts", f"at most {MAX_HOSTS} hosts fit in the lab subnet")
    hosts: list[HostSpec] = []
    names: set[str] = set()
    for i, item in enumerate(raw_hosts):
        host = _parse_host(
            chk, item, f"hosts[{i}]", project=project, account_ids=account_ids, groups=groups
        )
        if host.name in names:
            raise chk.fail(f"hosts[{i}].name", f"duplicate host name {host.name!r}")
        names.add(host.name)
        hosts.append(host)

    return Scenario(
        path=path,
        project=project,
        account_ids=tuple(account_ids),
        machine_groups=tuple(groups),
        hosts=tuple(hosts),
    )


def _parse_host(
    chk: _Checker,
    item: object,
    field: str,
    *,
    project: Project,
    account_ids: list[str],
    groups: list[MachineGroup],
) -> HostSpec:
    data = chk.mapping(item, field, _HOST_KEYS)

    def f(key: str) -> str:
        return f"{field}.{key}"

    name = chk.string(chk.required(data, "name", field), f("name"), _HOST_NAME_RE)
    hostname = chk.string(data.get("hostname", f"lt-{name}"), f("hostname"), _ODD_HOSTNAME_RE)
    if len(hostname) > 64:
        raise chk.fail(f("hostname"), "is longer than 64 characters")

    group_names = tuple(g.name for g in groups)
    machine_group = chk.choice(
        data.get("machine_group", groups[0].name), f("machine_group"), group_names
    )

    binding = chk.string(data.get("hostname_binding", "own"), f("hostname_binding"))
    if binding not in BINDING_WORDS:
        try:
            ipaddress.IPv4Address(binding)
        except ValueError:
            raise chk.fail(
                f("hostname_binding"),
                f"must be own, none, loopback or an IPv4 address (got {binding!r})",
            ) from None

    nics: list[ExtraNic] = []
    for j, nic in enumerate(chk.sequence(data.get("extra_nics", []), f("extra_nics"))):
        nfield = f"{field}.extra_nics[{j}]"
        ndata = chk.mapping(nic, nfield, ("name", "ip"))
        nic_name = chk.string(chk.required(ndata, "name", nfield), f"{nfield}.name", _NIC_RE)
        if nic_name in ("lo", "eth0") or any(n.name == nic_name for n in nics):
            raise chk.fail(f"{nfield}.name", f"{nic_name!r} is already taken")
        cidr = chk.string(chk.required(ndata, "ip", nfield), f"{nfield}.ip")
        try:
            iface = ipaddress.IPv4Interface(cidr)
        except ValueError:
            raise chk.fail(f"{nfield}.ip", f"{cidr!r} is not an IPv4 address/prefix") from None
        if "/" not in cidr:
            raise chk.fail(f"{nfield}.ip", f"{cidr!r} needs a prefix length, e.g. /24")
        nics.append(ExtraNic(name=nic_name, ip=str(iface)))

    agent = chk.choice(data.get("agent", "logtail"), f("agent"), AGENTS)
    # The community edition has no user-identifier files (it does not talk to SLS).
    if agent == "community" and data.get("user_ids"):
        raise chk.fail(f("user_ids"), "agent community has no user identifier files")
    default_users = [] if agent == "community" else account_ids[:1]
    user_ids: list[str] = []
    for j, uid in enumerate(chk.sequence(data.get("user_ids", default_users), f("user_ids"))):
        text = chk.string(uid, f"{field}.user_ids[{j}]", _USER_ID_RE)
        if text in (".", ".."):
            raise chk.fail(f"{field}.user_ids[{j}]", f"{text!r} is not a file name")
        user_ids.append(text)

    default_format = "community" if agent == "community" else "old"
    agent_state = chk.choice(data.get("agent_state", "running"), f("agent_state"), AGENT_STATES)
    config = chk.choice(data.get("config", "ok"), f("config"), CONFIG_STATES)
    endpoint = chk.choice(data.get("endpoint", "sls"), f("endpoint"), ENDPOINT_MODES)

    extras = _agent_extras(chk, data, f, agent=agent, agent_state=agent_state, config=config)
    same_account = chk.boolean(data.get("same_account_ecs", False), f("same_account_ecs"))
    extras.update(
        _agent_inputs(chk, data, f, agent=agent, same_account=same_account, accounts=account_ids)
    )

    return HostSpec(
        name=name,
        hostname=hostname,
        sshd=chk.boolean(data.get("sshd", True), f("sshd")),
        machine_group=machine_group,
        in_group=chk.boolean(data.get("in_group", True), f("in_group")),
        same_account_ecs=chk.boolean(data.get("same_account_ecs", False), f("same_account_ecs")),
        agent=agent,
        agent_state=agent_state,
        config=config,
        config_format=chk.choice(
            data.get("config_format", default_format), f("config_format"), CONFIG_FORMATS
        ),
        config_region=chk.string(
            data.get("config_region", project.region), f("config_region"), _REGION_RE
        ),
        config_network=chk.choice(
            data.get("config_network", project.network), f("config_network"), CONFIG_NETWORKS
        ),
        endpoint=endpoint,
        app_info=chk.choice(data.get("app_info", "ok"), f("app_info"), APP_INFO_STATES),
        app_info_ip=chk.string(data.get("app_info_ip", "auto"), f("app_info_ip")),
        hostname_binding=binding,
        extra_nics=tuple(nics),
        user_ids=tuple(user_ids),
        expect=_plain(data.get("expect")),
        ssh_fault=chk.choice(data.get("ssh_fault", "none"), f("ssh_fault"), SSH_FAULTS),
        agent_status=chk.choice(
            data.get("agent_status", "normal"), f("agent_status"), STATUS_FAULTS
        ),
        config_server_url_override=_optional_text(
            chk, data.get("config_server_url_override"), f("config_server_url_override")
        ),
        https=chk.choice(data.get("https", "ok"), f("https"), HTTPS_MODES),
        received_configs=chk.choice(
            data.get("received_configs", "ok"), f("received_configs"), RECEIVED_CONFIGS
        ),
        project=project.name,
        container=_container(chk, data, f, agent),
        users_folder=chk.choice(
            data.get("users_folder", "plain"), f("users_folder"), USERS_FOLDERS
        ),
        agent_log=chk.choice(data.get("agent_log", "ok"), f("agent_log"), AGENT_LOGS),
        agent_ca_bundle=chk.choice(
            data.get("agent_ca_bundle", "ok"), f("agent_ca_bundle"), CA_BUNDLES
        ),
        **extras,
    )


def _container(chk: _Checker, data: dict[str, Any], f: Callable[[str], str], agent: str) -> str:
    """Where the agent runs; a container holds the Logtail or LoongCollector image's layout."""
    container = chk.choice(data.get("container", "none"), f("container"), CONTAINERS)
    if container != "none" and agent not in ("logtail", "loongcollector"):
        raise chk.fail(f("container"), f"needs agent logtail or loongcollector (got {agent})")
    for key in ("agent_status", "agent_instances", "agent_records_ip"):
        if container != "none" and key in data:
            raise chk.fail(f(key), "has no meaning for an agent in a container")
    return container


def _agent_extras(
    chk: _Checker,
    data: dict[str, Any],
    f: Callable[[str], str],
    *,
    agent: str,
    agent_state: str,
    config: str,
) -> dict[str, Any]:
    """The agent's optional fields (HostSpec keyword arguments), checked together."""
    instances = data.get("agent_instances", 1)
    if (
        not isinstance(instances, int)
        or isinstance(instances, bool)
        or instances not in range(1, MAX_AGENT_INSTANCES + 1)
    ):
        raise chk.fail(f("agent_instances"), f"must be 1 or 2 (got {instances!r})")
    offset = data.get("clock_offset", 0)
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > MAX_CLOCK_OFFSET:
        raise chk.fail(
            f("clock_offset"),
            f"must be whole seconds between -{MAX_CLOCK_OFFSET} and {MAX_CLOCK_OFFSET}"
            f" (got {offset!r})",
        )
    changed = chk.boolean(
        data.get("config_changed_after_start", False), f("config_changed_after_start")
    )
    records_ip = chk.boolean(data.get("agent_records_ip", False), f("agent_records_ip"))
    agent_version = data.get("agent_version")
    if agent_version is not None:
        agent_version = chk.string(agent_version, f("agent_version"), _VERSION_RE)
    agent_env = _env_mapping(chk, data.get("agent_env", {}), f("agent_env"))
    config_extra = _config_extra(chk, data.get("config_extra", {}), f("config_extra"))
    user_defined_id = data.get("user_defined_id")
    if user_defined_id is not None:
        user_defined_id = chk.string(user_defined_id, f("user_defined_id"))
        if len(user_defined_id) > 4096 or "\x00" in user_defined_id:
            raise chk.fail(f("user_defined_id"), "must be at most 4096 characters, no NUL")

    # Fields that only mean something on a host with an agent.
    if agent == "none":
        for key in (
            "agent_version",
            "agent_instances",
            "agent_env",
            "config_changed_after_start",
            "config_extra",
            "user_defined_id",
        ):
            if key in data:
                raise chk.fail(f(key), "needs an agent (this host has agent: none)")
    if agent in ("community", "none") and records_ip:
        raise chk.fail(f("agent_records_ip"), f"needs an init script (agent {agent} has none)")
    if agent in ("community", "none") and data.get("agent_status", "normal") != "normal":
        raise chk.fail(f("agent_status"), f"needs an init script (agent {agent} has none)")
    if instances > 1 and agent_state != "running":
        raise chk.fail(f("agent_instances"), "a second instance needs agent_state: running")
    if changed and (agent_state != "running" or config == "missing"):
        raise chk.fail(
            f("config_changed_after_start"),
            "needs a running agent (agent_state: running) and a config file (config not missing)",
        )

    return {
        "agent_version": agent_version,
        "agent_instances": instances,
        "agent_env": agent_env,
        "clock_offset": offset,
        "config_changed_after_start": changed,
        "agent_records_ip": records_ip,
        "config_extra": config_extra,
        "user_defined_id": user_defined_id,
    }


# The region of the leftover config in the install's own file when config_path
# moves the one the agent loads.
STALE_REGION = "cn-shanghai"
_CONFIG_D_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,64}\.json")
_AGENT_FILE_RE = re.compile(r"/(etc|usr/local)/ilogtail/[A-Za-z0-9._/-]{1,200}")


def _agent_inputs(
    chk: _Checker,
    data: dict[str, Any],
    f: Callable[[str], str],
    *,
    agent: str,
    same_account: bool,
    accounts: list[str],
) -> dict[str, Any]:
    """ecs_metadata_cache, config_d, config_path, container_agent (HostSpec keywords)."""
    standard = agent not in ("community", "none")
    for key in ("config_d", "config_path", "container_agent"):
        if key in data and not standard:
            raise chk.fail(f(key), f"needs Logtail or LoongCollector (this host has {agent})")
    cache = data.get("ecs_metadata_cache", same_account and standard)
    owner: str | None
    if cache is True:
        owner = accounts[0]
    elif cache is False:
        owner = None
    else:
        owner = chk.string(cache, f("ecs_metadata_cache"), _ACCOUNT_RE)
    if owner is not None and not standard:
        raise chk.fail(f("ecs_metadata_cache"), f"needs an agent's folder (this host has {agent})")
    files: list[tuple[str, str]] = []
    for name, text in _free_mapping(chk, data.get("config_d", {}), f("config_d")).items():
        if not isinstance(name, str) or not _CONFIG_D_NAME_RE.fullmatch(name):
            raise chk.fail(f("config_d"), f"{name!r} is not a config.d file name (*.json)")
        body = chk.string(text, f"{f('config_d')}.{name}")
        if len(body) > 65536:
            raise chk.fail(f"{f('config_d')}.{name}", "must be at most 65536 characters")
        files.append((name, body))
    config_path = data.get("config_path")
    if config_path is not None:
        config_path = chk.string(config_path, f("config_path"), _AGENT_FILE_RE)
        if ".." in config_path.split("/"):
            raise chk.fail(f("config_path"), "must not hold ..")
    return {
        "ecs_metadata_cache": owner,
        "config_d": tuple(files),
        "config_path": config_path,
        "container_agent": chk.boolean(data.get("container_agent", False), f("container_agent")),
    }


def _free_mapping(chk: _Checker, value: object, field: str) -> dict[object, object]:
    if not isinstance(value, dict):
        raise chk.fail(field, f"must be a mapping, got {_kind(value)}")
    return value


def _env_mapping(chk: _Checker, value: object, field: str) -> tuple[tuple[str, str], ...]:
    """agent_env: NAME -> value; a value is any printable text (no NUL, no newline)."""
    data = _free_mapping(chk, value, field)
    result: list[tuple[str, str]] = []
    for key, val in data.items():
        if not isinstance(key, str) or not _ENV_NAME_RE.fullmatch(key):
            raise chk.fail(field, f"{key!r} is not a variable name ({_ENV_NAME_RE.pattern})")
        text = chk.string(val, f"{field}.{key}")
        if len(text) > 4096 or not text.isprintable():
            raise chk.fail(
                f"{field}.{key}", "must be at most 4096 printable characters (no NUL, no newline)"
            )
        result.append((key, text))
    return tuple(result)


def _config_extra(
    chk: _Checker, value: object, field: str
) -> tuple[tuple[str, str | int | bool], ...]:
    """config_extra: top-level config key -> string, integer or boolean."""
    data = _free_mapping(chk, value, field)
    result: list[tuple[str, str | int | bool]] = []
    for key, val in data.items():
        if not isinstance(key, str) or not _CONFIG_KEY_RE.fullmatch(key):
            raise chk.fail(field, f"{key!r} is not a config key ({_CONFIG_KEY_RE.pattern})")
        if isinstance(val, str):
            if len(val) > 1024 or "\x00" in val:
                raise chk.fail(f"{field}.{key}", "must be at most 1024 characters, no NUL")
        elif not isinstance(val, int):  # bool is an int
            raise chk.fail(
                f"{field}.{key}", f"must be a string, an integer or true/false, got {_kind(val)}"
            )
        result.append((key, val))
    return tuple(result)


def _optional_text(chk: _Checker, value: object, field: str) -> str | None:
    if value is None:
        return None
    text = chk.string(value, field)
    if not text or len(text) > 512 or "\x00" in text:
        raise chk.fail(field, "must be 1-512 characters, no NUL")
    return text


def _plain(value: object) -> Any:
    """Free-form data made JSON-safe (YAML dates and the like become strings)."""
    return json.loads(json.dumps(value, default=str))
