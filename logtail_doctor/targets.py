"""The targets file: what the fleet is expected to look like.

A targets file (``fixtures/*.yaml``) names the SLS project (region and network
type), the Alibaba Cloud account IDs that own it, the machine groups with their
IPs, and the hosts to check. It is validated completely before anything
connects anywhere, and every problem is reported as one line naming the file
and the field.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from logtail_doctor.text import quoted, shorten
from logtail_doctor.yaml_input import read_yaml

NETWORK_TYPES = ("intranet", "internet", "acceleration")

# Region IDs are lower-case words joined by dashes (cn-hangzhou, ap-southeast-1,
# cn-shanghai-finance-1); the installer itself accepts ^[0-9a-z-]+$.
_REGION_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
# An Alibaba Cloud account ID (AliUid) is all digits; public examples are 16 long.
_ACCOUNT_ID_RE = re.compile(r"^[0-9]{6,20}$")
# SLS machine group and project names: lower-case letters, digits, '-' and '_'.
_SLS_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,126}[a-z0-9]$")
# A custom identifier is one line of user_defined_id: no spaces around it, no
# line breaks inside (SLS documents no other limit; 128 is ours).
_CUSTOM_ID_RE = re.compile(r"^[^\s](?:[^\r\n]{0,126}[^\s])?$")


class TargetsError(ValueError):
    """A targets file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Project:
    name: str
    region: str
    network: str


@dataclass(frozen=True)
class MachineGroup:
    name: str
    ips: tuple[str, ...]
    # A custom-identifier group lists identifiers instead of IPs: its machines
    # match by /etc/ilogtail/user_defined_id, and their IPs do not matter.
    custom_ids: tuple[str, ...] = ()

    @property
    def by_custom_id(self) -> bool:
        return bool(self.custom_ids)

    def identifier_for(self, held: Sequence[str]) -> tuple[str, bool]:
        """The one rule of a custom-identifier group and a host's user_defined_id lines.

        The group's list is what the targets file (or Log Service, with --sls) says
        the group holds; a host matches by holding one of its identifiers. So the
        fix of a host that holds none is on the host (write the group's first
        identifier there), never a change of the group for what the host happens
        to hold (`someone-else`). Returns (the identifier the host should hold,
        whether it does): the host check's fix and the group plan both follow it.
        """
        listed = [line for line in held if line in self.custom_ids]
        return (listed[0], True) if listed else (self.custom_ids[0], False)


@dataclass(frozen=True)
class HostEntry:
    """One host of the targets file: a testinfra host spec plus what it should match."""

    url: str
    machine_group: str | None
    same_account_ecs: bool = False


@dataclass(frozen=True)
class Targets:
    path: Path
    project: Project
    account_ids: tuple[str, ...]
    machine_groups: tuple[MachineGroup, ...]
    hosts: tuple[HostEntry, ...] = field(default=())

    def group(self, name: str) -> MachineGroup | None:
        return next((g for g in self.machine_groups if g.name == name), None)


def load_targets(path: Path) -> Targets:
    """Read and validate a targets file, or raise TargetsError naming the field."""
    return parse_targets(read_yaml(path, "targets", TargetsError), path)


def parse_targets(document: object, path: Path) -> Targets:
    reader = _Reader(path)
    top = reader.mapping(
        document, "", required={"project", "account_ids", "machine_groups"}, optional={"hosts"}
    )
    project = _parse_project(reader, top["project"])
    account_ids = tuple(
        reader.matching(item, f"account_ids[{i}]", _ACCOUNT_ID_RE, "an all-digit account ID")
        for i, item in enumerate(reader.sequence(top["account_ids"], "account_ids", min_len=1))
    )
    groups = tuple(
        _parse_group(reader, item, f"machine_groups[{i}]")
        for i, item in enumerate(
            reader.sequence(top["machine_groups"], "machine_groups", min_len=1)
        )
    )
    names = [g.name for g in groups]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise reader.error(f"machine_groups[{i}].name", f"duplicate group name {quoted(name)}")
    hosts = tuple(
        _parse_host(reader, item, f"hosts[{i}]", set(names))
        for i, item in enumerate(reader.sequence(top.get("hosts", []), "hosts", min_len=0))
    )
    return Targets(path, project, account_ids, groups, hosts)


def _parse_project(reader: _Reader, value: object) -> Project:
    fields = reader.mapping(value, "project", required={"name", "region", "network"})
    name = reader.matching(
        fields["name"],
        "project.name",
        _SLS_NAME_RE,
        "an SLS project name (3-128 of a-z, 0-9, '-', '_')",
    )
    region = reader.matching(
        fields["region"], "project.region", _REGION_RE, "a region ID such as cn-hangzhou"
    )
    network = reader.string(fields["network"], "project.network")
    if network not in NETWORK_TYPES:
        raise reader.error(
            "project.network", f"{quoted(network)} is not one of {', '.join(NETWORK_TYPES)}"
        )
    return Project(name, region, network)


def _parse_group(reader: _Reader, value: object, where: str) -> MachineGroup:
    fields = reader.mapping(value, where, required={"name"}, optional={"ips", "custom_ids"})
    name = reader.matching(
        fields["name"],
        f"{where}.name",
        _SLS_NAME_RE,
        "a machine group name (2-128 of a-z, 0-9, '-', '_')",
    )
    ips = tuple(
        reader.ipv4(item, f"{where}.ips[{i}]")
        for i, item in enumerate(reader.sequence(fields.get("ips", []), f"{where}.ips", 0))
    )
    if "custom_ids" not in fields:
        return MachineGroup(name, ips)
    if ips:
        raise reader.error(
            f"{where}.custom_ids", "a group identifies machines by ips or by custom_ids, not both"
        )
    custom_ids = tuple(
        reader.matching(item, f"{where}.custom_ids[{i}]", _CUSTOM_ID_RE, "a custom identifier")
        for i, item in enumerate(
            reader.sequence(fields["custom_ids"], f"{where}.custom_ids", min_len=1)
        )
    )
    return MachineGroup(name, (), custom_ids)


def _parse_host(reader: _Reader, value: object, where: str, groups: set[str]) -> HostEntry:
    fields = reader.mapping(
        value, where, required={"url"}, optional={"machine_group", "same_account_ecs"}
    )
    url = reader.string(fields["url"], f"{where}.url")
    if not url.strip() or any(c.isspace() for c in url):
        raise reader.error(f"{where}.url", "must be a host spec such as ssh://root@10.0.0.11")
    group: str | None = None
    if "machine_group" in fields:
        group = reader.string(fields["machine_group"], f"{where}.machine_group")
        if group not in groups:
            raise reader.error(
                f"{where}.machine_group", f"names no machine group of this file: {quoted(group)}"
            )
    same_account = fields.get("same_account_ecs", False)
    if not isinstance(same_account, bool):
        raise reader.error(f"{where}.same_account_ecs", "must be true or false")
    return HostEntry(url, group, same_account)


class _Reader:
    """Type checks that turn a YAML document into values, naming the field on error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, where: str, problem: str) -> TargetsError:
        # A field name comes from the file itself: keep the message on one line.
        where = shorten(where) if where.isprintable() else quoted(where)
        return TargetsError(f"{self.path}: {where or 'top level'}: {problem}")

    def mapping(
        self, value: object, where: str, required: set[str], optional: set[str] | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"must be a mapping, found {_kind(value)}")
        allowed = required | (optional or set())
        for key in value:
            if key not in allowed:
                field_name = f"{where}.{key}" if where else str(key)
                raise self.error(
                    field_name, f"unknown field (allowed: {', '.join(sorted(allowed))})"
                )
        for key in sorted(required):
            if key not in value:
                raise self.error(f"{where}.{key}" if where else key, "is missing")
        return {str(k): v for k, v in value.items()}

    def sequence(self, value: object, where: str, min_len: int) -> list[object]:
        if not isinstance(value, list):
            raise self.error(where, f"must be a list, found {_kind(value)}")
        if len(value) < min_len:
            raise self.error(where, f"needs at least {min_len} item(s)")
        return value

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.error(where, f"must be a string, found {_kind(value)}")
        return value

    def matching(self, value: object, where: str, pattern: re.Pattern[str], what: str) -> str:
        # An account ID written without quotes reaches us as an int: accept it
        # as the digits it is, since YAML users do that all the time.
        if isinstance(value, int) and not isinstance(value, bool) and where.startswith("account"):
            value = str(value)
        text = self.string(value, where)
        if not pattern.match(text):
            raise self.error(where, f"{quoted(text)} is not {what}")
        return text

    def ipv4(self, value: object, where: str) -> str:
        text = self.string(value, where)
        try:
            return str(ipaddress.IPv4Address(text))
        except ValueError:
            raise self.error(where, f"{quoted(text)} is not an IPv4 address") from None


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
