"""`logtail-doctor init`: the text of a new targets file, blank or from Log Service's groups.

Pure text, no I/O: the command (logtail_doctor/cli.py) reads the groups and
writes the file. The format is logtail_doctor/targets.py's; every value is
written as a JSON string or list, which YAML reads as the same value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from logtail_doctor.kube import NAMESPACE, LogConfiguration
from logtail_doctor.sls.api import GroupInfo
from logtail_doctor.targets import NETWORK_TYPES

_NETWORK_COMMENT = (
    "# how the agents should reach SLS: intranet (same region, VPC) | internet | acceleration"
)
_ACCOUNT_COMMENT = (
    "# account_ids: the Alibaba Cloud account ID(s) (AliUid, all digits) owning the project:\n"
    "# the main account's, never a RAM user's. Quoted. An empty list stops the run\n"
    "# with a one-line error until you fill it in."
)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def _header(project: str, region: str, network: str, account_ids: Sequence[str]) -> list[str]:
    if network not in NETWORK_TYPES:
        raise ValueError(f"network {network!r} is not one of {', '.join(NETWORK_TYPES)}")
    return [
        "project:",
        f"  name: {_quoted(project)}            # the SLS project name (a-z, 0-9, '-', '_')",
        f"  region: {_quoted(region)}       # its region ID, as the console shows it",
        f"  network: {_quoted(network)}",
        "  " + _NETWORK_COMMENT,
        "",
        _ACCOUNT_COMMENT,
        f"account_ids: {_flow(account_ids)}",
        "",
    ]


def blank_targets(
    project: str = "", region: str = "", network: str = "intranet", account_ids: Sequence[str] = ()
) -> str:
    """A commented targets file to fill in: what is not known yet is left empty.

    Until project.name, project.region, account_ids and a group are filled in,
    a run stops with one line naming the first empty field.
    """
    lines = [
        "# A logtail-doctor targets file: what the fleet should look like.",
        "# Fill in the empty values, then run:  logtail-doctor --targets THIS_FILE",
        "# (`logtail-doctor init --from-sls PROJECT --region REGION` fills it from Log Service.)",
        "",
        *_header(project, region, network, account_ids),
        "# machine_groups: each machine group and how it identifies machines: by IP (ips)",
        "# or by custom identifier (custom_ids: the lines SLS matches against",
        "# /etc/ilogtail/user_defined_id), never both. With --sls, ips may be left out:",
        "# the list is then read from Log Service.",
        "machine_groups:",
        '  - name: ""                    # e.g. web-servers',
        "    ips: []                     # e.g. [10.0.0.11, 10.0.0.12]",
        '  # - name: ""                  # a custom-identifier group',
        "  #   custom_ids: []            # e.g. [web-custom-1]",
        "",
        "# hosts: testinfra host specs to check (`--hosts a,b` on the command line replaces",
        "# this list). ssh://USER@HOST[:PORT], paramiko://, ansible://GROUP, winrm://...",
        "hosts: []  # replace [] with entries like these:",
        "  # - url: ssh://root@10.0.0.11",
        "  #   machine_group: web-servers  # optional: the group this host belongs to",
        "  #   same_account_ecs: false     # optional; true: an ECS of the project's own",
        "  #                               # account, which needs no user identifier",
        "",
    ]
    return "\n".join(lines)


def targets_from_groups(
    project: str,
    region: str,
    groups: Sequence[GroupInfo],
    *,
    network: str = "intranet",
    account_ids: Sequence[str] = (),
    ssh_user: str = "root",
    source: str = "",
) -> str:
    """A targets file filled from the project's machine groups (GetMachineGroup each).

    IP groups list their IPs, and each IP becomes a host ``ssh://USER@IP`` of
    that group (an IP in two groups, once, in the first). Custom-identifier
    groups list their identifiers; their hosts are the user's to add, since an
    identifier does not say where the machine is.
    """
    lines = [
        "# A logtail-doctor targets file, written by `logtail-doctor init` from Log Service's",
        f"# machine groups of project {project}{f' ({source})' if source else ''}.",
        "# Check the network type and the account IDs, then run:",
        "#   logtail-doctor --targets THIS_FILE",
        "",
        *_header(project, region, network, account_ids),
        "# machine_groups: as Log Service lists them (GetMachineGroup). ips: groups that",
        "# identify machines by IP; custom_ids: by the lines of /etc/ilogtail/user_defined_id.",
        "machine_groups:",
    ]
    hosts: list[str] = []
    to_fill: list[str] = []
    seen_ips: set[str] = set()
    for group in groups:
        lines.append(f"  - name: {_quoted(group.name)}")
        entries = list(group.machine_list)
        if group.identify_type == "userdefined" and entries:
            lines.append(f"    custom_ids: {_flow(entries)}")
            to_fill.append(group.name)
            continue
        if group.identify_type == "userdefined":
            lines.append("    ips: []  # a custom-identifier group that lists no identifier yet")
            to_fill.append(group.name)
            continue
        lines.append(
            f"    ips: {_flow(entries)}"
            + ("" if entries else "  # Log Service lists no machine in this group")
        )
        for ip in entries:
            if ip in seen_ips:
                continue
            seen_ips.add(ip)
            url = f"ssh://{ssh_user}@{ip}"
            hosts.extend([f"  - url: {_quoted(url)}", f"    machine_group: {_quoted(group.name)}"])
    lines.extend(["", "# hosts: one per IP of the IP groups; add or remove as you need.", "hosts:"])
    lines.extend(hosts)
    for name in to_fill:
        lines.extend(
            [
                f"  # {name} identifies machines by custom identifier: list its hosts, e.g.",
                "  # - url: ssh://root@HOST",
                f"  #   machine_group: {name}",
            ]
        )
    if not hosts and not to_fill:
        lines.append("  # no IP group lists a machine: add hosts here or give --hosts")
    if not hosts:
        # An empty mapping value would be null; the targets file wants a list.
        lines[lines.index("hosts:")] = "hosts: []"
    return "\n".join(lines) + "\n"


def targets_from_k8s(
    config: LogConfiguration,
    daemonset: str,
    container: str,
    pods: Sequence[tuple[str, str | None]],
    *,
    context: str | None = None,
    source: str = "",
) -> str:
    """A targets file from a cluster: the ConfigMap's project, account and group, a host per pod.

    The group is the cluster's custom-identifier group (log-machine-group, as the
    DaemonSet hands it to every agent in ALIYUN_LOGTAIL_USER_DEFINED_ID); each pod
    of the agent's DaemonSet is a kubectl:// host of it.
    """
    group = config.machine_group
    lines = [
        "# A logtail-doctor targets file, written by `logtail-doctor init --from-k8s` from",
        f"# the ConfigMap {NAMESPACE}/alibaba-log-configuration and the pods of DaemonSet "
        f"{daemonset}{f' ({source})' if source else ''}.",
        "# Check it, then run:  logtail-doctor --targets THIS_FILE   (add --sls to compare",
        "# the group's identifiers with Log Service's)",
        "",
        *_header(config.project, config.region, config.network, config.account_ids),
        "# machine_groups: the cluster's group identifies its agents by custom identifier",
        "# (log-machine-group, handed to each pod as ALIYUN_LOGTAIL_USER_DEFINED_ID).",
        "machine_groups:",
        f"  - name: {_quoted(group)}",
        f"    custom_ids: {_flow([group])}",
        "",
        f"# hosts: one per pod of DaemonSet {daemonset} (node in the comment).",
        "hosts:",
    ]
    query = f"namespace={NAMESPACE}&container={container}"
    if context:
        query += f"&context={context}"
    for pod, node in pods:
        url = f"kubectl://{pod}?{query}"
        lines.extend(
            [
                f"  - url: {_quoted(url)}" + (f"  # node {node}" if node else ""),
                f"    machine_group: {_quoted(group)}",
            ]
        )
    if not pods:
        lines[lines.index("hosts:")] = f"hosts: []  # DaemonSet {daemonset} has no pod"
    return "\n".join(lines) + "\n"
