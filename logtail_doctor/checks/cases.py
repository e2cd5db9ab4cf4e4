"""A check's cases: facts in, outcome out, one JSON file each (tests/data/checks/<check id>/).

A case names a base host (``_base/<name>.json``: every fact of a healthy
host) and the facts it changes, the expectation's changes (``_base/expect.json``),
and the outcome the check must conclude: its status and its messages, with
their ids and the host's values. The project's tests judge every case
(tests/unit/test_check_cases.py); the docs render them as each check's examples.

A message in a case is compact: ``{"message": "<message id>", "<param>": value, ...}``,
a value being text or a message of the same form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from logtail_doctor.actions import action_json
from logtail_doctor.checks.host import Expectation, Host
from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import Msg
from logtail_doctor.outcome import Outcome
from logtail_doctor.plain import PlainError, from_plain

BASE_FOLDER = "_base"


class CaseError(ValueError):
    """A case file that cannot be read: one line naming the file."""


@dataclass(frozen=True)
class Case:
    check_id: str
    name: str
    about: str
    host: Host
    outcome: dict[str, Any]  # the outcome the check must conclude, as outcome_json writes it
    path: Path


def msg_json(msg: Msg) -> dict[str, Any]:
    """A message in a case's compact form."""
    document: dict[str, Any] = {"message": msg.key}
    for name, value in msg.params:
        document[name] = msg_json(value) if isinstance(value, Msg) else value
    return document


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """What a case says of an outcome: status, messages, evidence, the fix's action."""
    document: dict[str, Any] = {
        "status": outcome.status.value,
        "expected": msg_json(outcome.expected),
        "found": msg_json(outcome.found),
    }
    if outcome.fix is not None:
        document["fix"] = msg_json(outcome.fix)
    if outcome.action is not None:
        document["action"] = action_json(outcome.action)
    if outcome.evidence:
        document["evidence"] = list(outcome.evidence)
    return document


def load_cases(folder: Path, check_id: str) -> list[Case]:
    """Every case of one check, by file name."""
    return [_load(path, folder) for path in sorted((folder / check_id).glob("*.json"))]


def case_folders(folder: Path) -> list[str]:
    """The check IDs that have cases (the folders beside _base)."""
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != BASE_FOLDER)


def _load(path: Path, folder: Path) -> Case:
    document = _read(path)
    try:
        base = _read(folder / BASE_FOLDER / f"{document['host']}.json")
        facts = from_plain(HostFacts, {**base, **document.get("facts", {})}, f"{path.name}: facts")
        expect_base = _read(folder / BASE_FOLDER / "expect.json")
        expectation = from_plain(
            Expectation, {**expect_base, **document.get("expect", {})}, f"{path.name}: expect"
        )
        return Case(
            path.parent.name,
            path.stem,
            str(document["about"]),
            Host(facts, expectation),
            dict(document["outcome"]),
            path,
        )
    except KeyError as exc:
        raise CaseError(f"{path}: no {exc.args[0]!r}") from None
    except PlainError as exc:
        raise CaseError(f"{path}: {exc}") from None


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseError(f"{path}: {exc}") from None
    if not isinstance(document, dict):
        raise CaseError(f"{path}: not a JSON object")
    return document
