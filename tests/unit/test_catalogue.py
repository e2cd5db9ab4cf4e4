"""The checks' declarations: the one list everything else is derived from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS, spec
from logtail_doctor.checks.registry import Fix, declare
from logtail_doctor.i18n import CATALOGUES
from logtail_doctor.verdict import run_checks_of
from logtail_doctor_pytest import guide_tests

TESTS_INFRA = Path(__file__).resolve().parents[2] / "tests_infra"


def _steps_of_tests_infra() -> dict[str, str]:
    """tests_infra module -> the step whose tests it holds (its guide_tests("...") call)."""
    found: dict[str, str] = {}
    for path in sorted(TESTS_INFRA.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) == "guide_tests"
                and isinstance(node.args[0], ast.Constant)
            ):
                found[path.stem] = str(node.args[0].value)
    return found


def test_every_step_has_one_module_in_tests_infra_named_for_it() -> None:
    modules = _steps_of_tests_infra()
    assert sorted(modules.values()) == sorted({s.step for s in CATALOGUE})
    for module, step in modules.items():
        expected = {"host": "test_step0_", "server": "test_server_"}.get(step, f"test_{step}_")
        assert module.startswith(expected), f"{step} is in {module}"


def test_every_check_names_its_own_test() -> None:
    names = [s.test for s in CATALOGUE]
    assert all(names), [s.check_id for s in CATALOGUE if not s.test]
    assert len(set(names)) == len(names)
    tests = guide_tests("step1")
    assert sorted(tests) == sorted(s.test for s in CATALOGUE if s.step == "step1" and s.test)
    marker = tests["test_agent_is_running"].pytestmark[0]  # type: ignore[attr-defined]
    assert (marker.name, marker.args) == ("check", (spec(CHECK_IDS[3]).check_id,))


def test_every_fix_message_belongs_to_the_check_that_declares_it() -> None:
    english = CATALOGUES["en"]
    for s in CATALOGUE:
        for relative, fix in s.fixes.items():
            key = s.fix_key(relative)
            assert key in english, key
            owner = s.step if fix.shared else s.check_id
            assert key.startswith(owner + "."), f"{s.check_id} declares {key}"
        assert set(s.automatable) <= set(s.fix_ids)
    # en.py holds shared messages only: a check's own are written in its declaration.
    en_py = Path(__file__).resolve().parents[2] / "logtail_doctor" / "i18n" / "en.py"
    written = {
        node.value
        for node in ast.walk(ast.parse(en_py.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not [key for key in written for s in CATALOGUE if key.startswith(s.check_id + ".")]


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
        ("step1.new_one", {"fixes": {"x": Fix.of_step("no.such.fix")}}, "shared fixes without"),
        ("step1.new_one", {"texts": {"Found": "x"}}, "relative and dotted snake_case"),
        ("step1.new_one", {"texts": {"fix": "a"}, "fixes": {"fix": Fix("b")}}, "both a fix"),
        ("step1.new_one", {"test": "checks_it"}, "not a pytest function name"),
        ("step1.new_one", {"test": "test_agent_is_running"}, "asserts another check already"),
    ],
)
def test_a_wrong_declaration_stops_naming_the_check(
    check_id: str, changes: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError, match=rf"^check {re.escape(check_id)}: .*{problem}"):
        declare(check_id, "A title", **changes)  # type: ignore[arg-type]
    assert "title.step1.new_one" not in CATALOGUES["en"]


def test_a_check_id_is_written_in_at_most_four_source_files() -> None:
    # Its module, its ja and zh catalogue entries, and one more at most: everything
    # else derives from the declaration (issue 29's measure: grep -rl '<check id>').
    root = TESTS_INFRA.parent
    sources = [
        *sorted((root / "logtail_doctor").rglob("*.py")),
        *sorted(TESTS_INFRA.rglob("*.py")),
        root / "conftest.py",
        root / "logtail_doctor_pytest.py",
    ]
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    for spec_ in CATALOGUE:
        files = [p.relative_to(root).as_posix() for p, t in texts.items() if spec_.check_id in t]
        assert len(files) <= 4, (spec_.check_id, files)
        assert "logtail_doctor/i18n/ja.py" in files, spec_.check_id


def test_a_check_with_a_run_option_is_in_a_run_only_with_that_option() -> None:
    optional = {s.check_id: s.run_option for s in CATALOGUE if s.run_option}
    assert optional, "step 2's TLS check is declared with run_option"
    plain = run_checks_of(False)
    assert not set(optional) & set(plain)
    for check_id, option in optional.items():
        assert check_id in run_checks_of(False, (option,))
        assert check_id in run_checks_of(True, (option,))
    # Otherwise the order of diagnosis is the catalogue's.
    with_all = run_checks_of(True, set(optional.values()))
    assert with_all == tuple(s.check_id for s in CATALOGUE)
