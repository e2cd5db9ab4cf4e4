"""Waivers: a known, accepted failure of one check on some hosts, with a reason and an end.

A waivers file (YAML) lists them::

    waivers:
      - check: <check id>                 # a check ID from the check reference
        hosts: "ssh://root@10.0.3.*"      # fnmatch glob on the host id ("*": every host)
        justification: "CHG-1234: these ECS move to the project's account in March"
        expires: 2026-03-31               # YYYY-MM-DD; from this date on it no longer waives

A waived failure is reported as ``waived`` and does not fail the run while
today (UTC) is before ``expires``; from that date on the failure stands and
the report says the waiver expired. A check declared ``waivable=False`` (the
host answering the probe) cannot be waived: an unreachable host has not been
diagnosed at all (see --fail-on instead).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS
from logtail_doctor.doc_links import CHECKS_FOLDER, DOCS_BASE_URL
from logtail_doctor.text import quoted
from logtail_doctor.yaml_input import UserYamlLoader, read_yaml

# A failure of these cannot be accepted (declared waivable=False: the host answering).
UNWAIVABLE = frozenset(spec.check_id for spec in CATALOGUE if not spec.waivable)
_FIELDS = ("check", "hosts", "justification", "expires")


class WaiverError(ValueError):
    """A waivers file that cannot be used; the message is one line naming file and field."""


@dataclass(frozen=True)
class Waiver:
    check_id: str
    hosts: str  # fnmatch glob on the host id
    justification: str
    expires: dt.date

    def covers(self, host_id: str, check_id: str) -> bool:
        return check_id == self.check_id and fnmatch.fnmatchcase(host_id, self.hosts)

    def active_on(self, today: dt.date) -> bool:
        return today < self.expires


@dataclass(frozen=True)
class WaiverNote:
    """What the reports say about a waiver that matched a failed check."""

    justification: str
    expires: str  # YYYY-MM-DD
    hosts: str
    expired: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "justification": self.justification,
            "expires": self.expires,
            "hosts": self.hosts,
            "expired": self.expired,
        }

    @property
    def reason(self) -> str:
        """One line, English: for pytest's xfail reason and the terminal."""
        if self.expired:
            return f"waiver expired on {self.expires}: {self.justification}"
        return f"waived until {self.expires}: {self.justification}"


@dataclass(frozen=True)
class Waivers:
    path: Path | None
    waivers: tuple[Waiver, ...] = ()

    def lookup(self, host_id: str, check_id: str, today: dt.date) -> WaiverNote | None:
        """The first active waiver covering this failure, else the first expired one."""
        matching = [w for w in self.waivers if w.covers(host_id, check_id)]
        chosen = next((w for w in matching if w.active_on(today)), None)
        if chosen is None and matching:
            chosen = matching[0]
        if chosen is None:
            return None
        return WaiverNote(
            chosen.justification,
            chosen.expires.isoformat(),
            chosen.hosts,
            expired=not chosen.active_on(today),
        )


NO_WAIVERS = Waivers(None)


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def load_waivers(path: Path) -> Waivers:
    """Read and validate a waivers file, or raise WaiverError (one line, naming the field)."""
    document = read_yaml(path, "waivers", WaiverError, loader=_Loader)
    if not isinstance(document, dict) or set(document) != {"waivers"}:
        raise WaiverError(f"{path}: top level: expected a mapping with one key, waivers:")
    entries = document["waivers"]
    if entries is None:
        return Waivers(path)
    if not isinstance(entries, list):
        raise WaiverError(f"{path}: waivers: expected a list of waivers")
    return Waivers(path, tuple(_waiver(path, i, e) for i, e in enumerate(entries)))


class _Loader(UserYamlLoader):
    """The user-file loader, leaving dates as text: `expires: 2027-02-30` is then our one-line
    error naming the field, not PyYAML's ValueError."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _waiver(path: Path, index: int, entry: Any) -> Waiver:
    where = f"waivers[{index}]"

    def error(field: str, problem: str) -> WaiverError:
        return WaiverError(f"{path}: {where}.{field}: {problem}")

    if not isinstance(entry, dict):
        raise WaiverError(f"{path}: {where}: expected a mapping with {', '.join(_FIELDS)}")
    unknown = sorted(str(k) for k in entry if k not in _FIELDS)
    if unknown:
        raise error(unknown[0], f"unknown field (expected {', '.join(_FIELDS)})")
    for field in _FIELDS:
        if entry.get(field) is None:
            raise error(field, "is required")

    check_id = entry["check"]
    if not isinstance(check_id, str) or check_id not in CHECK_IDS:
        reference = f"{DOCS_BASE_URL}{CHECKS_FOLDER}/"
        raise error("check", f"unknown check id {quoted(check_id)} (see the checks: {reference})")
    if check_id in UNWAIVABLE:
        raise error(
            "check",
            f"{check_id} cannot be waived: an unreachable host is not diagnosed "
            "(use --fail-on=unhealthy, or remove the host from the targets)",
        )

    hosts = entry["hosts"]
    if not isinstance(hosts, str) or not hosts.strip() or hosts != hosts.strip():
        raise error("hosts", "expected a non-empty glob without surrounding spaces, e.g. '*'")
    if not _balanced(hosts):
        raise error("hosts", f"bad pattern {quoted(hosts)}: a '[' without its ']'")

    justification = entry["justification"]
    if not isinstance(justification, str) or not justification.strip():
        raise error("justification", "is required: say why this failure is accepted")

    expires = entry["expires"]
    if isinstance(expires, dt.datetime):
        raise error("expires", "expected a date (YYYY-MM-DD), not a time")
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires.strip())
        except ValueError:
            raise error("expires", f"{quoted(expires)} is not a date (YYYY-MM-DD)") from None
    if not isinstance(expires, dt.date):
        raise error("expires", f"{quoted(expires)} is not a date (YYYY-MM-DD)")
    return Waiver(check_id, hosts, " ".join(justification.split()), expires)


def _balanced(pattern: str) -> bool:
    depth = 0
    for char in pattern:
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
    return depth == 0
