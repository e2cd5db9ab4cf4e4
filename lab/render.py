"""Text of every file the lab writes: agent files, /etc/hosts, targets.yaml, ssh_config."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from lab.errors import LabError
from lab.scenario import HostSpec, Scenario

SLS_IP: Final = "10.250.255.254"  # answers like the SLS config/data endpoint
OTHER_WEB_IP: Final = "10.250.255.253"  # some unrelated web server (404 page)
REFUSED_IP: Final = "10.250.255.252"  # up, but nothing listens on :80
HUGE_IP: Final = "10.250.255.251"  # answers every request with a 1 GiB body
ENDPOINT_IPS: Final = {
    "sls": SLS_IP,
    "other_web": OTHER_WEB_IP,
    "refused": REFUSED_IP,
    "huge": HUGE_IP,
}

LOGTAIL_VERSION: Final = "1.8.7"
LOGTAIL0_VERSION: Final = "0.16.48"
LOONGCOLLECTOR_VERSION: Final = "3.0.12"
COMMUNITY_VERSION: Final = f"{LOONGCOLLECTOR_VERSION} Community Edition"
# app_info.json of the community edition also names its build (made-up values).
COMMUNITY_GIT_HASH: Final = "9c3e1d5b7a2f4e6081b3c5d7e9f1a2b4c6d8e0f1"
COMMUNITY_BUILD_DATE: Final = "20250612"


@dataclass(frozen=True)
class AgentLayout:
    """Where an agent flavour keeps its files on a host, and how it runs."""

    binary: str  # absolute path of the executable; its basename is the process comm
    config: str
    app_info: str
    user_defined_id: str
    init_scripts: tuple[str, ...]  # under /etc/init.d; the first one is used at start-up
    pair: bool  # True: a daemon plus one worker; False: one process
    version_key: str
    version: str
    user_log_config: str | None = None  # the collection configs received; None: kept elsewhere
    log: str = ""  # the agent's own log (ilogtail.LOG / loongcollector.LOG)


_LOGTAIL_DIR: Final = "/usr/local/ilogtail"
_COMMUNITY_DIR: Final = "/opt/loongcollector"


def agent_layout(spec: HostSpec) -> AgentLayout | None:
    """The agent's layout, or None for a host without an agent."""
    if spec.agent == "none":
        return None
    if spec.agent == "community":
        return AgentLayout(
            binary=f"{_COMMUNITY_DIR}/loongcollector",
            config=f"{_COMMUNITY_DIR}/conf/instance_config/local/loongcollector_config.json",
            app_info=f"{_COMMUNITY_DIR}/run/app_info.json",
            user_defined_id=f"{_COMMUNITY_DIR}/conf/user_defined_id",
            init_scripts=(),
            pair=False,
            version_key="loongcollector_version",
            version=spec.agent_version or COMMUNITY_VERSION,
            log=f"{_COMMUNITY_DIR}/log/loongcollector.LOG",
        )
    scripts: tuple[str, ...]
    if spec.agent == "loongcollector":
        binary, scripts = "loongcollector", ("loongcollectord", "ilogtaild")
        version_key, version = "loongcollector_version", LOONGCOLLECTOR_VERSION
    else:
        binary, scripts = "ilogtail", ("ilogtaild",)
        version_key = "logtail_version"
        version = LOGTAIL0_VERSION if spec.agent == "logtail0" else LOGTAIL_VERSION
    return AgentLayout(
        binary=f"{_LOGTAIL_DIR}/{binary}",
        config=f"{_LOGTAIL_DIR}/ilogtail_config.json",
        app_info=f"{_LOGTAIL_DIR}/app_info.json",
        user_defined_id="/etc/ilogtail/user_defined_id",
        init_scripts=scripts,
        pair=True,
        version_key=version_key,
        version=spec.agent_version or version,
        user_log_config=f"{_LOGTAIL_DIR}/user_log_config.json",
        log=f"{_LOGTAIL_DIR}/{binary}.LOG",  # ilogtail.LOG or loongcollector.LOG
    )


@dataclass(frozen=True)
class Endpoints:
    """What an agent installed for (region, network) talks to."""

    config_server: str  # URL, e.g. http://logtail.cn-hangzhou-intranet.log.aliyuncs.com
    data_endpoint: str  # host name, e.g. cn-hangzhou-intranet.log.aliyuncs.com

    @property
    def config_server_host(self) -> str:
        return self.config_server.split("://", 1)[1].split("/", 1)[0]


def endpoints(region: str, network: str) -> Endpoints:
    """The installer's mapping from install parameter to config server and data endpoint."""
    if network in ("intranet", "internal"):
        host = f"{region}-{network}.log.aliyuncs.com"
        return Endpoints(config_server=f"http://logtail.{host}", data_endpoint=host)
    internet = f"{region}.log.aliyuncs.com"
    if network == "internet":
        return Endpoints(config_server=f"http://logtail.{internet}", data_endpoint=internet)
    if network == "acceleration":
        return Endpoints(
            config_server=f"http://logtail.{internet}", data_endpoint="log-global.aliyuncs.com"
        )
    raise LabError(f"unknown network type {network!r}")


def endpoint_names(spec: HostSpec, project_name: str) -> list[str]:
    """Host names a host resolves to the address chosen by its ``endpoint`` field."""
    ep = endpoints(spec.config_region, spec.config_network)
    names = [
        ep.config_server_host,
        ep.data_endpoint,
        f"{project_name}.{ep.data_endpoint}",
        f"ali-{spec.config_region}-sls-admin.{ep.data_endpoint}",
    ]
    return list(dict.fromkeys(names))


def tls_names(scenario: Scenario) -> list[str]:
    """DNS names the stand-in's HTTPS certificate covers.

    Every endpoint name of every host (a wildcard matches one label only, so
    logtail.<region>-intranet... needs its own entry), plus ``*.<data endpoint>``
    for the project and admin names and ``*.log.aliyuncs.com`` for regions.
    """
    names: list[str] = ["*.log.aliyuncs.com"]
    for spec in scenario.hosts:
        names += endpoint_names(spec, scenario.project.name)
        names.append(f"*.{endpoints(spec.config_region, spec.config_network).data_endpoint}")
    return list(dict.fromkeys(names))


def _q(value: str) -> str:
    return json.dumps(value)


_TUNING_OLD: Final = (
    ("cpu_usage_limit", "0.4"),
    ("mem_usage_limit", "100"),
    ("max_bytes_per_sec", "20971520"),
    ("bytes_per_sec", "1048576"),
    ("buffer_file_num", "25"),
    ("buffer_file_size", "20971520"),
    ("buffer_map_num", "5"),
)
_TUNING_COMMUNITY: Final = (("cpu_usage_limit", "0.4"), ("mem_usage_limit", "384"))
_TUNING_NEW: Final = (
    ("cpu_usage_limit", "0.4"),
    ("mem_usage_limit", "384"),
    ("max_bytes_per_sec", "20971520"),
    ("bytes_per_sec", "1048576"),
    ("buffer_file_num", "25"),
    ("buffer_file_size", "20971520"),
    ("buffer_map_num", "5"),
)


def agent_config(spec: HostSpec) -> str:
    """The agent's config file as the installer lays it out (4-space indent, ``"k" : v``).

    ``config_format`` old: ilogtail_config.json of Logtail; new: LoongCollector's;
    community: the open-source edition's small instance config, which names no
    SLS server at all.  ``config_extra`` keys replace a key of the same name or
    are added at the end.
    """
    ep = endpoints(spec.config_region, spec.config_network)
    if spec.config_server_url_override is not None:
        ep = Endpoints(spec.config_server_url_override, ep.data_endpoint)
    entries: list[tuple[str, list[str]]]
    tuning: tuple[tuple[str, str], ...]
    if spec.config_format == "old":
        entries = [
            ("config_server_address", [f'    "config_server_address" : {_q(ep.config_server)}']),
            (
                "data_server_list",
                [
                    '    "data_server_list" :',
                    "    [",
                    "        {",
                    f'            "cluster" : {_q(spec.config_region)},',
                    f'            "endpoint" : {_q(ep.data_endpoint)}',
                    "        }",
                    "    ]",
                ],
            ),
        ]
        tuning = _TUNING_OLD
    elif spec.config_format == "new":
        entries = [
            ("primary_region", [f'    "primary_region" : {_q(spec.config_region)}']),
            (
                "config_servers",
                ['    "config_servers" :', "    [", f"        {_q(ep.config_server)}", "    ]"],
            ),
            (
                "data_servers",
                [
                    '    "data_servers" :',
                    "    [",
                    "        {",
                    f'            "region" : {_q(spec.config_region)},',
                    '            "endpoint_list": [',
                    f"                {_q(ep.data_endpoint)}",
                    "            ]",
                    "        }",
                    "    ]",
                ],
            ),
        ]
        tuning = _TUNING_NEW
    else:
        entries = [("enable_host_id", ['    "enable_host_id" : false'])]
        tuning = _TUNING_COMMUNITY
    entries += [(k, [f'    "{k}" : {v}']) for k, v in tuning]
    for key, value in spec.config_extra:
        line = [f"    {_q(key)} : {_json_scalar(value)}"]
        index = next((i for i, (k, _lines) in enumerate(entries) if k == key), None)
        if index is None:
            entries.append((key, line))
        else:
            entries[index] = (key, line)
    lines: list[str] = []
    for _key, entry_lines in entries:
        lines += [*entry_lines[:-1], entry_lines[-1] + ","]
    if spec.config == "invalid":
        # A hand edit gone wrong: the trailing comma is kept and the file is cut short.
        return "\n".join(["{", *lines]) + "\n"
    lines[-1] = lines[-1].removesuffix(",")
    text = "\n".join(["{", *lines, "}"]) + "\n"
    json.loads(text)  # the valid variant must really be valid
    return text


def _json_scalar(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _q(value) if isinstance(value, str) else str(value)


# The project a host's received configs name when they are of another project.
OTHER_PROJECT: Final = "other-logs"


def user_log_config(spec: HostSpec) -> str | None:
    """user_log_config.json as the agent keeps the configs SLS sent (None: none received).

    jsoncpp's styled form; one config named nginx-access per project. The entry
    key's form ("##1.0##<project>$<config>") is inferred, the keys inside it are
    the ones agent-in-the-wild.md lists.
    """
    projects = {
        "ok": [spec.project],
        "none": [],
        "other": [OTHER_PROJECT],
    }.get(spec.received_configs)
    if projects is None:
        return None
    entries = [
        f"      {_q(f'##1.0##{project}$nginx-access')} : {{\n"
        f'         "aliuid" : {_q(spec.user_ids[0] if spec.user_ids else "")},\n'
        f'         "project_name" : {_q(project)},\n'
        f'         "region" : {_q(spec.config_region)}\n      }}'
        for project in projects
    ]
    if not entries:
        return '{\n   "metrics" : {}\n}\n'
    return '{\n   "metrics" : {\n' + ",\n".join(entries) + "\n   }\n}\n"


def app_info(spec: HostSpec, ip: str, started: float) -> str:
    """app_info.json in jsoncpp's styled form: sorted keys, 3-space indent, ``"k" : v``."""
    recorded_ip = ip if spec.app_info_ip == "auto" else spec.app_info_ip
    host_uuid = str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{spec.name}.ltd-lab")).upper()
    instance = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{spec.name}/{started}")).upper()
    uname = os.uname()
    fields: dict[str, str] = {
        "UUID": host_uuid,
        "hostname": spec.hostname,
        "instance_id": f"{instance}_{recorded_ip}_{int(started)}",
        "ip": recorded_ip,
        "os": f"{uname.sysname}; {uname.release}; {uname.version}; {uname.machine}",
        "update_time": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
    }
    layout = agent_layout(spec)
    if layout is not None:
        fields[layout.version_key] = layout.version
    if spec.agent == "community":
        fields["git_hash"] = COMMUNITY_GIT_HASH
        fields["build_date"] = COMMUNITY_BUILD_DATE
    lines = [f"   {_q(k)} : {_q(fields[k])}" for k in sorted(fields)]
    return "{\n" + ",\n".join(lines) + "\n}\n"


# What each self-restart cause of the agent logs just before it restarts (the words of
# its source: logtail_doctor.agent_log.RESTART_CAUSES), as (level, source, message).
_RESTART_LINES: Final = {
    "resource_limit": (
        "error",
        "core/monitor/Monitor.cpp:226",
        "Resource used by program exceeds upper limit for some time:prepare restart Logtail"
        "  cpu_usage:0.71  mem_rss:455 MB",
    ),
    "ip_changed": (
        "error",
        "core/monitor/Monitor.cpp:412",
        "error:host ip changed during running, prepare to restart Logtail"
        "  original ip:10.250.254.99  current ip:{ip}",
    ),
    "config_watchdog": (
        "error",
        "core/application/Application.cpp:470",
        "last config get time is too old:{old}  prepare force exit",
    ),
}
# Seconds before the lab's start at which a restart cause's line is written.
RESTART_AGO: Final = 600


def _log_line(when: float, level: str, thread: int, source: str, message: str) -> str:
    """A line as the agent's logger writes it: the host's local time, tab-separated fields."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(when))
    micros = int((when % 1) * 1_000_000)
    return f"[{stamp}.{micros:06d}]\t[{level}]\t[{thread}]\t[{source}]\t{message}\n"


def agent_log(spec: HostSpec, ip: str, started: float, layout: AgentLayout) -> str:
    """The agent's log: a restart's line when the scenario wants one, then its start."""
    text = ""
    cause = _RESTART_LINES.get(spec.agent_log)
    if cause is not None:
        level, source, message = cause
        when = started - RESTART_AGO
        message = message.format(ip=ip, old=int(when - 3700))
        text += _log_line(when, level, 101, source, message)
    text += _log_line(
        started,
        "info",
        100,
        "core/app_config/AppConfig.cpp:779",
        f"load logtail config file, path:{layout.config}",
    )
    text += _log_line(
        started, "info", 101, "core/logtail.cpp:180", f"start logtail  version:{layout.version}"
    )
    return text


def etc_hosts(spec: HostSpec, ip: str, project_name: str) -> str:
    """/etc/hosts: localhost, the hostname binding, and the endpoint names."""
    lines = ["127.0.0.1\tlocalhost"]
    binding = spec.hostname_binding
    if binding != "none":
        addr = {"own": ip, "loopback": "127.0.1.1"}.get(binding, binding)
        lines.append(f"{addr}\t{spec.hostname}")
    if spec.endpoint != "unresolvable":
        names = " ".join(endpoint_names(spec, project_name))
        lines.append(f"{ENDPOINT_IPS[spec.endpoint]}\t{names}")
    return "\n".join(lines) + "\n"


def instance_identity(spec: HostSpec) -> str:
    """checkpoint/instance_identity as the agent writes it: the ECS metadata it read."""
    return json.dumps(
        {
            "instance-id": f"i-lab{spec.name[:20]}",
            "owner-account-id": spec.ecs_metadata_cache,
            "region-id": spec.config_region,
        }
    )


def user_defined_id(value: str) -> str:
    """The user_defined_id file: the ids one per line, ending in a newline like `echo` writes."""
    return value if not value or value.endswith("\n") else value + "\n"


def date_wrapper(offset: int) -> str:
    """/usr/local/bin/date for a host whose clock is off by ``offset`` seconds (clock_offset).

    Linux has no per-namespace wall clock: this fakes the host's clock as
    ``date`` shows it, and only that.  Without -d/-r/-f/-s it prints "now +
    offset" in any format asked for; with them it is /bin/date unchanged.
    """
    return (
        "#!/bin/sh\n"
        "# Lab host clock (scenario field clock_offset): `date` shows the real time\n"
        f"# shifted by {offset} seconds.  Only this command is faked.\n"
        f"off={offset}\n"
        'for a in "$@"; do\n'
        "    case $a in\n"
        '        --date*|--file*|--reference*|--set*) exec /bin/date "$@" ;;\n'
        "        --*|-I*) ;;\n"
        '        -*[dfrs]*) exec /bin/date "$@" ;;\n'
        "    esac\n"
        "done\n"
        "now=$(/bin/date +%s) || exit 1\n"
        'exec /bin/date -d "@$((now + off))" "$@"\n'
    )


RESOLV_CONF: Final = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"

_PLAIN_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@/:-]*")


def _scalar(value: str) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if _PLAIN_RE.fullmatch(value) and ": " not in value:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return _q(value)


def _flow_list(items: Sequence[str], *, quote: bool = False) -> str:
    return "[" + ", ".join(_q(i) if quote else _scalar(i) for i in items) + "]"


# The podman container of a host whose agent runs in one, and the pod it plays.
CONTAINER_PREFIX: Final = "ltd-c-"
POD_PREFIX: Final = "logtail-ds-"
POD_NAMESPACE: Final = "kube-system"
POD_CONTAINER: Final = "logtail"


def host_url(spec: HostSpec, ip: str) -> str:
    """How the suite reaches the host's agent: over SSH, in its container, or in its pod."""
    if spec.container == "podman":
        return f"podman://{CONTAINER_PREFIX}{spec.name}"
    if spec.container == "pod":
        return (
            f"kubectl://{POD_PREFIX}{spec.name}?namespace={POD_NAMESPACE}&container={POD_CONTAINER}"
        )
    return f"ssh://root@{ip}"


def targets_yaml(scenario: Scenario, ips: dict[str, str]) -> tuple[str, dict[str, object]]:
    """The suite's targets file, plus the data it must load back as."""
    p = scenario.project
    # (name, "ips" | "custom_ids", entries); hosts of a custom-id group add no IPs.
    groups: list[tuple[str, str, list[str]]] = []
    for g in scenario.machine_groups:
        if g.custom_ids is not None:
            groups.append((g.name, "custom_ids", list(g.custom_ids)))
            continue
        members = [ips[h.name] for h in scenario.hosts if h.machine_group == g.name and h.in_group]
        groups.append((g.name, "ips", [*members, *g.extra_ips]))
    hosts = [
        {
            "url": host_url(h, ips[h.name]),
            "machine_group": h.machine_group,
            "same_account_ecs": h.same_account_ecs,
        }
        for h in scenario.hosts
    ]
    data: dict[str, object] = {
        "project": {"name": p.name, "region": p.region, "network": p.network},
        "account_ids": list(scenario.account_ids),
        "machine_groups": [{"name": name, key: entries} for name, key, entries in groups],
        "hosts": hosts,
    }
    out = [
        f"project: {{name: {_scalar(p.name)}, region: {_scalar(p.region)}, "
        f"network: {_scalar(p.network)}}}",
        f"account_ids: {_flow_list(scenario.account_ids, quote=True)}",
        "machine_groups:",
    ]
    for name, key, entries in groups:
        out += [f"  - name: {_scalar(name)}", f"    {key}: {_flow_list(entries)}"]
    out.append("hosts:")
    for h in scenario.hosts:
        out += [
            f"  - url: {_scalar(host_url(h, ips[h.name]))}",
            f"    machine_group: {_scalar(h.machine_group)}",
            f"    same_account_ecs: {'true' if h.same_account_ecs else 'false'}",
        ]
    text = "\n".join(out) + "\n"
    if yaml.safe_load(text) != data:
        raise LabError("internal error: targets.yaml does not read back as written")
    return text, data


_LAB_IP_RE: Final = re.compile(r"10\.250\.[0-9]{1,3}\.[0-9]{1,3}")


def ssh_config(identity_file: Path, relay_ports: Mapping[str, int] | None = None) -> str:
    """Client settings for every lab host (the suite adds its own ControlPath).

    With ``relay_ports`` (host IP -> port of the latency relay on 127.0.0.1),
    one block per host first sends that IP to its relay port; ssh takes the
    first value it finds for each setting, and ``Host`` matches the name as
    given, so the generic block still applies and targets keep the host IPs.
    """
    for ip, port in (relay_ports or {}).items():
        # both end up verbatim in a config file ssh parses
        if not _LAB_IP_RE.fullmatch(ip) or not 0 < port < 65536:
            raise LabError(f"internal error: relay route {ip!r} -> {port!r}")
    relay_blocks = "".join(
        f"Host {ip}\n    HostName 127.0.0.1\n    Port {port}\n"
        for ip, port in (relay_ports or {}).items()
    )
    return relay_blocks + (
        "Host 10.250.*\n"
        "    User root\n"
        f"    IdentityFile {identity_file}\n"
        "    IdentitiesOnly yes\n"
        "    StrictHostKeyChecking no\n"
        "    UserKnownHostsFile /dev/null\n"
        "    LogLevel ERROR\n"
        "    BatchMode yes\n"
        "    ConnectTimeout 5\n"
    )
