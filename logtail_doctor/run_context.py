"""The context of a run: what was run, on what, when, how long; "run" in summary.json.

One typed object, built by the run (logtail_doctor.run) or by a merge of shards
(logtail_doctor.merge), written under "run" by summary.json's schema 3 and
read back from schema 3's "run" or from schema 2's top level, by name: a key
this version does not know is left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# JSON as other modules build it (the SLS block, the machine groups' report, the
# group plan, the probe's figures): carried as given, rendered by their owners.
JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Tool:
    name: str = "logtail-doctor"
    version: str | None = None
    revision: str | None = None  # the git revision the suite ran from, when known

    def as_json(self) -> JsonObject:
        return {"name": self.name, "version": self.version, "revision": self.revision}


@dataclass(frozen=True)
class Project:
    name: str
    region: str | None = None
    network: str | None = None

    def as_json(self) -> JsonObject:
        return {"name": self.name, "region": self.region, "network": self.network}


@dataclass(frozen=True)
class MergedRun:
    """One of the runs (shards) a merge read."""

    summary: str
    shard: str | None
    hosts: int

    def as_json(self) -> JsonObject:
        return {"summary": self.summary, "shard": self.shard, "hosts": self.hosts}


@dataclass(frozen=True)
class RunContext:
    tool: Tool = field(default_factory=Tool)
    targets_file: str | None = None
    project: Project | None = None
    account_ids: tuple[str, ...] = ()
    started: str | None = None  # ISO 8601, UTC, seconds
    duration_seconds: float | None = None
    shard: str | None = None  # "2/3": this run's part of the fleet (--shard)
    selection: Mapping[str, str] | None = None  # -k / -m, when given
    sls: JsonObject | None = None  # --sls: the endpoint and what the API said
    machine_groups: dict[str, JsonObject] | None = None  # --sls: per group, the server's view
    waivers_file: str | None = None
    group_plan: dict[str, JsonObject] = field(default_factory=dict)
    probe: JsonObject | None = None  # the probe's hosts, wall time, hosts/s
    merged_from: tuple[MergedRun, ...] | None = None  # a merge: the runs it read

    def as_json(self) -> JsonObject:
        """The "run" object of summary.json; optional parts only when the run had them."""
        document: JsonObject = {
            "tool": self.tool.as_json(),
            "targets_file": self.targets_file,
            "project": self.project.as_json() if self.project is not None else None,
            "account_ids": list(self.account_ids),
            "started": self.started,
            "duration_seconds": self.duration_seconds,
        }
        if self.shard is not None:
            document["shard"] = self.shard
        if self.selection:
            document["selection"] = dict(self.selection)
        if self.sls is not None:
            document["sls"] = self.sls
        if self.machine_groups is not None:
            document["machine_groups"] = self.machine_groups
        document["waivers_file"] = self.waivers_file
        document["group_plan"] = self.group_plan
        if self.probe is not None:
            document["probe"] = self.probe
        if self.merged_from is not None:
            document["merged_from"] = [m.as_json() for m in self.merged_from]
        return document

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> RunContext:
        """Schema 3's "run", or a schema-2 summary's top level; errors as KeyError/TypeError."""
        tool = document.get("tool") or {}
        project = document.get("project")
        merged = document.get("merged_from")
        selection = document.get("selection")
        duration = document.get("duration_seconds")
        return cls(
            tool=Tool(
                str(tool.get("name", "logtail-doctor")), tool.get("version"), tool.get("revision")
            ),
            targets_file=_text(document.get("targets_file")),
            project=(
                Project(str(project["name"]), project.get("region"), project.get("network"))
                if isinstance(project, Mapping)
                else None
            ),
            account_ids=tuple(str(a) for a in document.get("account_ids") or ()),
            started=_text(document.get("started")),
            duration_seconds=float(duration) if duration is not None else None,
            shard=_text(document.get("shard")),
            selection={str(k): str(v) for k, v in selection.items()} if selection else None,
            sls=_object(document.get("sls")),
            machine_groups=_object(document.get("machine_groups")),
            waivers_file=_text(document.get("waivers_file")),
            group_plan=_object(document.get("group_plan")) or {},
            probe=_object(document.get("probe")),
            merged_from=(
                tuple(
                    MergedRun(str(m["summary"]), _text(m.get("shard")), int(m["hosts"]))
                    for m in merged
                )
                if merged is not None
                else None
            ),
        )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _object(value: object) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return value
