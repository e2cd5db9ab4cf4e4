"""The checks' declarations: the one list everything else is derived from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS, spec
from logtail_doctor.checks.registry import declare
from logtail_doctor.i18n import CATALOGUES

TESTS_INFRA = Path(__file__).resolve().parents[2] / "tests_infra"


def _tests_per_check() -> dict[str, list[str]]:
    """check id -> its tests in tests_infra/, read from the source (@pytest.mark.check)."""
    found: dict[str, list[str]] = {}
    for path in sorted(TESTS_INFRA.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and ast.unparse(decorator.func) == "pytest.mark.check"
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    found.setdefault(str(decorator.args[0].value), []).append(
                        f"{path.stem}::{node.name}"
                    )
    return found


def test_every_declared_check_has_exactly_one_test_in_tests_infra() -> None:
    tests = _tests_per_check()
    assert {cid: len(names) for cid, names in tests.items()} == dict.fromkeys(CHECK_IDS, 1)


def test_the_test_module_of_a_check_is_its_step() -> None:
    for check_id, (test,) in _tests_per_check().items():
        step = spec(check_id).step
        module = test.split("::")[0]
        expected = {"host": "test_step0_", "server": "test_server_"}.get(step, f"test_{step}_")
        assert module.startswith(expected), f"{check_id}: its test is {test}"


def test_every_fix_message_belongs_to_the_check_that_declares_it() -> None:
    declared = {key: s.check_id for s in CATALOGUE for key in s.fixes}
    english = CATALOGUES["en"]
    fix_keys = [k for k in english if re.fullmatch(r"[a-z0-9]+\.[a-z_]+\.fix(\..+)?", k)]
    assert fix_keys, "the English catalogue has fix messages"
    # Sub-messages used inside a fix (reach_default, backoff, ...) are declared too or
    # are only ever parameters: list the undeclared ones so a new fix cannot slip by.
    undeclared = sorted(k for k in fix_keys if k not in declared)
    assert undeclared == [
        "outcome.error.fix",  # the suite's own error, not a check's
        "server.heartbeat.fix.backoff",
        "server.heartbeat.fix.clock",
        "server.heartbeat.fix.log",
        "server.heartbeat.fix.reach_default",
    ]
    for key, check_id in declared.items():
        assert key.startswith(check_id.split(".")[0] + "."), f"{check_id} declares {key}"
    for s in CATALOGUE:
        assert set(s.automatable) <= set(s.fixes)


def test_titles_come_from_the_declarations_in_every_language() -> None:
    for s in CATALOGUE:
        assert CATALOGUES["en"][s.title_key] == s.title
        for lang in ("ja", "zh"):
            assert CATALOGUES[lang].get(s.title_key), f"{lang}: no title for {s.check_id}"


@pytest.mark.parametrize(
    ("check_id", "changes", "problem"),
    [
        ("step9.x", {}, "an ID is"),
        ("step1.running", {}, "declared twice"),
        ("step1.new_one", {"needs": ("no_such_fact",)}, "needs unknown facts"),
        ("step1.new_one", {"fixes": ("no.such.fix",)}, "fixes without an English message"),
        ("step1.new_one", {"automatable": ("step1.running.fix",)}, "automatable fixes it does"),
    ],
)
def test_a_wrong_declaration_stops_naming_the_check(
    check_id: str, changes: dict[str, tuple[str, ...]], problem: str
) -> None:
    with pytest.raises(ValueError, match=rf"^check {re.escape(check_id)}: .*{problem}"):
        declare(check_id, "A title", **changes)  # type: ignore[arg-type]
    assert "title.step1.new_one" not in CATALOGUES["en"]
