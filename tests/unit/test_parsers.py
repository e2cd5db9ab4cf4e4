"""Data-driven parser tests: recorded command output -> expected parsed value.

Each case is tests/data/parsers/<parser function>/<case>.json holding the
command that was run, what it printed (``output``) and the value the parser
must return (``expected``). Cases named ``real_*`` were recorded by running the
command; the ``note`` field says where and how. The others are hand-made (or
hand-copied from the vendor docs) for what the recording machine cannot show,
and say so in their note.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logtail_doctor import parsers
from logtail_doctor.parsers import AppInfoError

DATA = Path(__file__).resolve().parent.parent / "data" / "parsers"

FAMILIES = (
    "parse_ps",
    "parse_ip_addr",
    "parse_getent_ahostsv4",
    "parse_users_listing",
    "parse_user_defined_ids",
    "parse_curl",
    "parse_sls_error",
    "parse_app_info",
    "hosts_file_lines_for",
)
_KEYS = {"note", "command", "output", "expected"}
_EXTRA_KEYS = {"parse_curl": {"url", "rc"}, "hosts_file_lines_for": {"name"}}


def _load(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path}: not a JSON object"
    return document


def cases(family: str) -> list[Any]:
    files = sorted((DATA / family).glob("*.json"))
    return [pytest.param(_load(f), id=f.stem) for f in files]


def _plain(value: object) -> object:
    """Dataclasses and tuples as the JSON the expectations are written in."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


# --- the case files themselves ---------------------------------------------------------


def test_every_family_has_a_driver_and_cases() -> None:
    present = {p.name for p in DATA.iterdir() if p.is_dir()}
    assert present == set(FAMILIES)
    for family in FAMILIES:
        assert len(list((DATA / family).glob("*.json"))) >= 3, family


@pytest.mark.parametrize(
    "path", sorted(DATA.glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_case_file_is_well_formed(path: Path) -> None:
    case = _load(path)
    assert set(case) == _KEYS | _EXTRA_KEYS.get(path.parent.name, set())
    assert isinstance(case["output"], str)
    assert isinstance(case["command"], str)
    assert case["command"].strip()
    # Recorded or not, every case says where it comes from.
    note = case["note"]
    assert isinstance(note, str)
    assert note.startswith(("recorded", "hand-made", "hand-copied")), note
    assert path.stem.startswith("real_") == note.startswith("recorded"), (path.stem, note)


# --- one test per parser family ----------------------------------------------------------


@pytest.mark.parametrize("case", cases("parse_ps"))
def test_parse_ps(case: dict[str, Any]) -> None:
    assert _plain(parsers.parse_ps(case["output"])) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_ip_addr"))
def test_parse_ip_addr(case: dict[str, Any]) -> None:
    assert _plain(parsers.parse_ip_addr(case["output"])) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_getent_ahostsv4"))
def test_parse_getent_ahostsv4(case: dict[str, Any]) -> None:
    assert _plain(parsers.parse_getent_ahostsv4(case["output"])) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_users_listing"))
def test_parse_users_listing(case: dict[str, Any]) -> None:
    files, others = parsers.parse_users_listing(case["output"])
    assert {"files": list(files), "others": list(others)} == case["expected"]


@pytest.mark.parametrize("case", cases("parse_user_defined_ids"))
def test_parse_user_defined_ids(case: dict[str, Any]) -> None:
    assert list(parsers.parse_user_defined_ids(case["output"])) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_curl"))
def test_parse_curl(case: dict[str, Any]) -> None:
    answer = parsers.parse_curl(case["url"], case["rc"], case["output"])
    assert _plain(answer) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_sls_error"))
def test_parse_sls_error(case: dict[str, Any]) -> None:
    assert parsers.parse_sls_error(case["output"]) == case["expected"]


@pytest.mark.parametrize("case", cases("parse_app_info"))
def test_parse_app_info(case: dict[str, Any]) -> None:
    expected = case["expected"]
    if set(expected) == {"error"}:
        with pytest.raises(AppInfoError) as caught:
            parsers.parse_app_info(case["output"])
        assert expected["error"] in str(caught.value)
        assert "\n" not in str(caught.value)
    else:
        assert _plain(parsers.parse_app_info(case["output"])) == expected


@pytest.mark.parametrize("case", cases("hosts_file_lines_for"))
def test_hosts_file_lines_for(case: dict[str, Any]) -> None:
    assert _plain(parsers.hosts_file_lines_for(case["name"], case["output"])) == case["expected"]


# --- properties the probe parser relies on -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.12", True),
        ("255.255.255.255", True),
        ("10.0.0", False),
        ("10.0.0.256", False),
        ("010.0.0.1", False),
        ("::1", False),
        ("", False),
        (" 10.0.0.12", False),
    ],
)
def test_is_ipv4(text: str, expected: bool) -> None:
    assert parsers.is_ipv4(text) is expected


# Text a host could print that is not what the parser expects: it must be
# ignored, never raised on (the module's contract).
_ODD_TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("\n\n\n", id="blank-lines"),
    pytest.param("\x00\x01\x02", id="control-bytes"),
    # Unicode digits that str.isdigit() accepts and int() rejects.
    pytest.param("² ³ ilogtail", id="superscript-pid"),
    pytest.param("\nltd-http-code:²", id="superscript-http-code"),
    pytest.param("\nltd-http-code:", id="http-code-missing"),
    pytest.param("\nltd-http-code:-1", id="http-code-negative"),
    # More digits than int() converts (4300).
    pytest.param("9" * 5000 + " 1 ilogtail", id="huge-pid"),
    pytest.param("1: eth0    inet 10.0.0.1/99999 scope global eth0", id="huge-prefix"),
    pytest.param("{" * 100000, id="deep-json-open"),
    pytest.param("[" * 100000 + "]" * 100000, id="deep-json-array"),
]


@pytest.mark.parametrize("text", _ODD_TEXTS)
def test_parsers_never_raise_on_odd_text(text: str) -> None:
    parsers.parse_ps(text)
    parsers.parse_ip_addr(text)
    parsers.parse_getent_ahostsv4(text)
    parsers.parse_users_listing(text)
    parsers.parse_curl("http://x", 0, text)
    parsers.parse_curl("http://x", 7, text)
    assert parsers.parse_sls_error(text) is None
    parsers.hosts_file_lines_for("web-1", text)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii")))
def test_parsers_never_raise_on_ascii_noise(text: str) -> None:
    parsers.parse_ps(text)
    parsers.parse_ip_addr(text)
    parsers.parse_getent_ahostsv4(text)
    parsers.parse_users_listing(text)
    parsers.parse_curl("http://x", 0, text)
    parsers.parse_sls_error(text)
    parsers.hosts_file_lines_for("web-1", text)
    with contextlib.suppress(AppInfoError):
        parsers.parse_app_info(text)
