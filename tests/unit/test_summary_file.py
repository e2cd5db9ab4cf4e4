"""summary.json, the file: schema 3 written and read, schema 2 still read.

The schema-2 file is the demo lab's summary as main wrote it before schema 3
(tests/data/summary/schema2-demo.json, with its junit.xml),
written by the version before schema 3: --baseline and merge must keep reading it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.i18n import RENAMED
from logtail_doctor.merge import merge
from logtail_doctor.outputs.files import json_text
from logtail_doctor.outputs.summary_file import (
    SCHEMA_VERSION,
    SummaryError,
    from_json,
    load_baseline,
    load_summary,
    to_json,
)
from logtail_doctor.run_context import RunContext

STORED = Path(__file__).resolve().parents[1] / "data" / "summary"
SCHEMA_2 = STORED / "schema2-demo.json"
SCHEMA_2_JUNIT = STORED / "schema2-demo.junit.xml"
# The keys schema 2 had at the top level, and schema 3 has under "run".
RUN_KEYS = ("tool", "targets_file", "project", "account_ids", "started", "duration_seconds")


def _schema_2() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SCHEMA_2.read_text(encoding="utf-8"))
    assert document["schema_version"] == 2
    return document


def test_a_schema_2_summary_is_read_with_its_context_by_name() -> None:
    old = _schema_2()
    verdict = load_summary(SCHEMA_2)
    assert verdict.run.targets_file == old["targets_file"]
    assert verdict.run.project is not None
    assert verdict.run.project.as_json() == old["project"]
    assert verdict.run.started == old["started"]
    assert verdict.run.group_plan == old["group_plan"]
    assert verdict.run.probe == old["probe"]
    assert verdict.counts == old["counts"]
    assert [h.host_id for h in verdict.hosts] == list(old["hosts"])
    assert {h.host_id: h.root_cause for h in verdict.hosts} == {
        host: result["root_cause"] for host, result in old["hosts"].items()
    }


def test_a_schema_2_summary_written_again_is_schema_3_with_the_same_content() -> None:
    old = _schema_2()
    new = json.loads(json_text(to_json(load_summary(SCHEMA_2))))
    assert new["schema_version"] == SCHEMA_VERSION == 3
    run = new.pop("run")
    assert {k: run[k] for k in RUN_KEYS} == {k: old[k] for k in RUN_KEYS}
    assert run["group_plan"] == old["group_plan"]
    assert run["waivers_file"] == old["waivers_file"]
    for key in (*RUN_KEYS, "group_plan", "probe", "waivers_file"):
        assert key not in new, key  # the context is under "run" only
        old.pop(key)
    old.pop("schema_version")
    new.pop("schema_version")
    # Beyond the schema: this version adds links to the checks' docs and reads message
    # ids an earlier version wrote by their new names (i18n.RENAMED). Nothing else differs.
    # The step-2 network fixes end with a restart since (the agent backs off): their
    # English, rendered again from the same message ids, has that one sentence more.
    assert _without_restart_advice(_without_key(new, "doc_url")) == _renamed(old)


_RESTART_ADVICE = (
    ". Then restart the agent: after failed attempts it waits longer and longer before it "
    "tries again"
)


def _without_restart_advice(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_restart_advice(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_restart_advice(v) for v in value]
    if isinstance(value, str) and value.endswith(_RESTART_ADVICE):
        return value[: -len(_RESTART_ADVICE)]
    return value


def _without_key(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _without_key(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_without_key(v, key) for v in value]
    return value


def _renamed(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: RENAMED.get(v, v) if k == "id" and isinstance(v, str) else _renamed(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


def test_schema_3_round_trips() -> None:
    document = json.loads(json_text(to_json(load_summary(SCHEMA_2))))
    again = from_json(document, "new.json")
    assert json.loads(json_text(to_json(again))) == document
    assert again.run == RunContext.from_json(document["run"])


def test_a_schema_2_summary_is_a_baseline() -> None:
    old = _schema_2()
    baseline = load_baseline(SCHEMA_2)
    assert baseline.started == old["started"]
    assert dict(baseline.root_causes) == {
        host: result["root_cause"] for host, result in old["hosts"].items()
    }


def test_shards_of_schema_2_and_3_merge(tmp_path: Path) -> None:
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    old.mkdir()
    new.mkdir()
    shutil.copy(SCHEMA_2, old / "summary.json")
    shutil.copy(SCHEMA_2_JUNIT, old / "junit.xml")
    document = json.loads(json_text(to_json(load_summary(SCHEMA_2))))
    document["hosts"] = {f"{h}-b": r for h, r in document["hosts"].items()}  # other hosts
    (new / "summary.json").write_text(json.dumps(document), encoding="utf-8")
    shutil.copy(SCHEMA_2_JUNIT, new / "junit.xml")
    verdict = merge(out, [old, new])
    assert len(verdict.hosts) == 2 * len(_schema_2()["hosts"])
    merged = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert merged["schema_version"] == 3
    assert [m["summary"] for m in merged["run"]["merged_from"]] == [
        str(old / "summary.json"),
        str(new / "summary.json"),
    ]


@pytest.mark.parametrize("schema", [1, 4, "3", True, None])
def test_other_schemas_are_one_line_naming_the_file(schema: object) -> None:
    document = _schema_2()
    document["schema_version"] = schema
    with pytest.raises(SummaryError, match=rf"^old\.json: schema_version {schema!r}, expected 3"):
        from_json(document, "old.json")
