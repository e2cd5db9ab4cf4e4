"""Waivers files: validation with one-line errors, matching by check and host glob, expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from logtail_doctor.outcome import failed, passed
from logtail_doctor.verdict import judge_result
from logtail_doctor.waivers import WaiverError, load_waivers

TODAY = dt.date(2026, 11, 24)
VALID = """\
waivers:
  - check: step4.user_id
    hosts: "ssh://root@10.0.3.*"
    justification: "CHG-1234: these ECS move to the project's account in March"
    expires: 2027-03-31
  - check: step1.running
    hosts: "*"
    justification: "stopped on purpose during the migration"
    expires: "2026-11-24"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    return path


def test_a_valid_file(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, VALID))
    assert [w.check_id for w in waivers.waivers] == ["step4.user_id", "step1.running"]
    assert waivers.waivers[0].expires == dt.date(2027, 3, 31)
    assert waivers.waivers[1].expires == dt.date(2026, 11, 24)


def test_matching_by_check_and_host_glob(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, VALID))
    note = waivers.lookup("ssh://root@10.0.3.7", "step4.user_id", TODAY)
    assert note is not None
    assert not note.expired
    assert note.reason == (
        "waived until 2027-03-31: CHG-1234: these ECS move to the project's account in March"
    )
    assert waivers.lookup("ssh://root@10.0.4.7", "step4.user_id", TODAY) is None
    assert waivers.lookup("ssh://root@10.0.3.7", "step2.region", TODAY) is None


def test_a_waiver_expires_on_its_date(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, VALID))
    day_before = waivers.lookup("h", "step1.running", TODAY - dt.timedelta(days=1))
    assert day_before is not None
    assert not day_before.expired
    on_the_day = waivers.lookup("h", "step1.running", TODAY)
    assert on_the_day is not None
    assert on_the_day.expired
    assert on_the_day.reason.startswith("waiver expired on 2026-11-24: ")


def test_a_failure_an_active_waiver_covers_is_waived(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, VALID))
    bad = failed("step4.user_id", "an id", "none", "touch it")
    assert judge_result("ssh://root@10.0.3.7", bad, waivers, TODAY)[0] == "waived"
    assert judge_result("ssh://root@10.0.9.7", bad, waivers, TODAY) == ("failed", None)
    late = dt.date(2027, 3, 31)
    assert judge_result("ssh://root@10.0.3.7", bad, waivers, late)[0] == "failed"
    good = passed("step4.user_id", "an id", "found")
    assert judge_result("ssh://root@10.0.3.7", good, waivers, TODAY) == ("passed", None)


def test_an_empty_list_waives_nothing(tmp_path: Path) -> None:
    assert load_waivers(write(tmp_path, "waivers: []\n")).waivers == ()
    assert load_waivers(write(tmp_path, "waivers:\n")).waivers == ()


def one(fields: str) -> str:
    """A waivers file with one entry, written as a YAML flow mapping."""
    return "waivers:\n  - {" + fields + "}\n"


ENTRY = "  - {{check: step4.user_id, hosts: '*', justification: why, expires: 2027-01-01{}}}\n"
BAD = [
    (
        one("check: step4.user_id, hosts: '*', expires: 2027-01-01"),
        "waivers[0].justification: is required",
    ),
    (
        one("check: step4.user_id, hosts: '*', justification: '  ', expires: 2027-01-01"),
        "waivers[0].justification: is required",
    ),
    (
        one("check: step4.user_id, hosts: '*', justification: why, expires: soon"),
        "waivers[0].expires: 'soon' is not a date (YYYY-MM-DD)",
    ),
    (
        one("check: step4.user_id, hosts: '*', justification: why, expires: 2027-02-30"),
        "waivers[0].expires: '2027-02-30' is not a date",
    ),
    (
        one("check: step4.user_id, hosts: '*', justification: why"),
        "waivers[0].expires: is required",
    ),
    (
        one("check: step9.nope, hosts: '*', justification: why, expires: 2027-01-01"),
        "waivers[0].check: unknown check id 'step9.nope'",
    ),
    (
        one("check: host.reachable, hosts: '*', justification: why, expires: 2027-01-01"),
        "waivers[0].check: host.reachable cannot be waived",
    ),
    (
        "waivers:\n  - {check: step4.user_id, hosts: 'ssh://[10.0', justification: why, "
        "expires: 2027-01-01}\n",
        "waivers[0].hosts: bad pattern 'ssh://[10.0'",
    ),
    (
        one("check: step4.user_id, hosts: '', justification: why, expires: 2027-01-01"),
        "waivers[0].hosts: expected a non-empty glob",
    ),
    ("waivers:\n" + ENTRY.format(", reason: x"), "waivers[0].reason: unknown field"),
    ("waivers:\n" + ENTRY.format("") + "  - just a string\n", "waivers[1]: expected a mapping"),
    ("- check: step4.user_id\n", "top level: expected a mapping with one key, waivers:"),
    ("waivers: {check: x}\n", "waivers: expected a list of waivers"),
    ("waivers: [\n", "not valid YAML (line 2)"),
]


@pytest.mark.parametrize(("document", "error"), BAD, ids=[e.split(":")[0] for _, e in BAD])
def test_bad_files_are_one_line_errors_naming_file_and_field(
    tmp_path: Path, document: str, error: str
) -> None:
    path = write(tmp_path, document)
    with pytest.raises(WaiverError) as caught:
        load_waivers(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert error in message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WaiverError, match=r"cannot read the waivers file"):
        load_waivers(tmp_path / "nope.yaml")


def test_the_documented_example_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "fixtures" / "waivers.example.yaml"
    waivers = load_waivers(example)
    assert [w.check_id for w in waivers.waivers] == ["step4.user_id", "step3.ip_current"]


@pytest.mark.parametrize(
    ("document", "key", "line", "first"),
    [
        ("waivers: []\nwaivers:\n" + ENTRY.format(""), "waivers", 2, 1),
        (
            "waivers:\n  - check: step4.user_id\n    hosts: '*'\n    justification: why\n"
            "    expires: 2027-01-01\n    hosts: 'ssh://root@10.0.3.*'\n",
            "hosts",
            6,
            3,
        ),
        ("waivers:\n" + ENTRY.format(", expires: 2027-06-01"), "expires", 2, 2),
    ],
    ids=["top-level", "nested", "flow"],
)
def test_a_duplicate_key_is_one_line_naming_file_line_and_key(
    tmp_path: Path, document: str, key: str, line: int, first: int
) -> None:
    path = write(tmp_path, document)
    with pytest.raises(WaiverError) as caught:
        load_waivers(path)
    assert str(caught.value) == f"{path}:{line}: duplicate key {key!r} (first at line {first})"
