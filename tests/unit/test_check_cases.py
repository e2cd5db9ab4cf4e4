"""Every check judged on its cases: facts in, outcome out (tests/data/checks/<check id>/*.json).

A case is a data file (logtail_doctor.checks.cases); this one test judges
them all, as pyinfra tests its facts. To test a check on a new situation, add
a case file: the facts that differ from a healthy host, and the outcome the
check must conclude (its status, message ids and the host's values in them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logtail_doctor.catalogue import CATALOGUE, spec
from logtail_doctor.checks.cases import Case, CaseError, case_folders, load_cases, outcome_json
from logtail_doctor.i18n import LANGUAGES
from logtail_doctor.outcome import Status

CASES = Path(__file__).parent.parent / "data" / "checks"
JUDGED = [s.check_id for s in CATALOGUE if s.judge is not None]


def all_cases() -> list[Case]:
    return [case for check_id in case_folders(CASES) for case in load_cases(CASES, check_id)]


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: f"{c.check_id}/{c.name}")
def test_case(case: Case) -> None:
    check = spec(case.check_id)
    assert check.judge is not None, f"{case.path}: {case.check_id} is not judged from facts"
    outcome = check.judge(case.host)
    assert outcome.check_id == case.check_id
    assert outcome_json(outcome) == case.outcome, case.about
    for lang in LANGUAGES:  # every output renders it: the report, the causes (in short)
        assert outcome.message(lang)
        assert outcome.short.render(lang)
        assert outcome.remediation(lang) or not outcome.failed


def test_every_judged_check_has_a_passing_and_a_failing_case() -> None:
    statuses: dict[str, set[str]] = {check_id: set() for check_id in JUDGED}
    for case in all_cases():
        statuses[case.check_id].add(case.outcome["status"])
    missing = {
        check_id: sorted({Status.PASSED.value, Status.FAILED.value} - found)
        for check_id, found in statuses.items()
        if not {Status.PASSED.value, Status.FAILED.value} <= found
    }
    assert not missing, f"checks without a passing or a failing case: {missing}"


def test_case_folders_name_judged_checks() -> None:
    assert set(case_folders(CASES)) <= set(JUDGED)


def test_a_case_that_does_not_fit_the_facts_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "_base").mkdir()
    (tmp_path / "_base" / "expect.json").write_text((CASES / "_base" / "expect.json").read_text())
    (tmp_path / "_base" / "logtail.json").write_text((CASES / "_base" / "logtail.json").read_text())
    folder = tmp_path / JUDGED[0]
    folder.mkdir()
    (folder / "bad.json").write_text(
        '{"about": "x", "host": "logtail", "facts": {"processes": [{"pid": "one"}]}, "outcome": {}}'
    )
    with pytest.raises(CaseError, match=r"bad\.json: facts\.processes\[0\]"):
        load_cases(tmp_path, JUDGED[0])
