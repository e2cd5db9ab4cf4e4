"""A site's own checks (issue 32): their results judged after the guide's, in every output.

The verdicts here are the html tests' four-host fleet (tests/unit/test_html_report.py),
with site results added as a run adds them: a SiteRecord per host and test, made a
CheckResult by logtail_doctor.site. The run itself, over real SSH against the lab
and from an installed wheel, is tests/e2e/test_site_checks.py.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import pytest

from logtail_doctor import cli
from logtail_doctor.checks import site_check
from logtail_doctor.checks.registry import site_spec_of
from logtail_doctor.outputs.files import json_text
from logtail_doctor.outputs.html import render_report
from logtail_doctor.outputs.junit import annotate
from logtail_doctor.outputs.summary_file import baseline_from_json, from_json, to_json
from logtail_doctor.outputs.terminal import cause_lines, change_lines, terminal_lines
from logtail_doctor.site import (
    MESSAGE_LIMIT,
    SiteRecord,
    assertion_finding,
    short_message,
    site_result,
)
from logtail_doctor.transport import ConnectionOptions, expand_targets
from logtail_doctor.transport.site_host import SiteBoundError, SiteHost, cut_at
from logtail_doctor.verdict import RunVerdict, assemble, compare, host_result
from tests.unit.test_html_report import embedded, fleet

HEALTHY = "ssh://root@10.0.0.11"
STOPPED = "ssh://root@10.0.0.12"  # root cause step1.running
REPO = Path(__file__).resolve().parents[2]


def record(check_id: str, outcome: str, message: str = "", fix: str | None = None) -> SiteRecord:
    test = f"site/test_x.py::t[{check_id}]"
    return SiteRecord(check_id, f"title of {check_id}", test, outcome, message, fix)


def with_site(verdict: RunVerdict, site: Mapping[str, Mapping[str, SiteRecord]]) -> RunVerdict:
    """The verdict as if these site tests had run on these hosts."""
    hosts = [
        host_result(
            h.host_id,
            h.checks,
            verdict.checks,
            agent=h.agent,
            name=h.name,
            site={cid: site_result(r) for cid, r in site.get(h.host_id, {}).items()},
        )
        for h in verdict.hosts
    ]
    return assemble(hosts, verdict.checks, verdict.gate.fail_on, verdict.run)


CHRONY_FAILS = {
    HEALTHY: {
        "site.chrony": record("site.chrony", "failed", "chronyd is not running", "start chronyd"),
        "site/test_x.py::test_tag": record("site/test_x.py::test_tag", "passed"),
    },
    STOPPED: {"site.chrony": record("site.chrony", "failed", "chronyd is not running", "start")},
}


def test_a_failing_site_check_is_the_root_cause_only_where_the_guides_checks_pass() -> None:
    before = fleet()
    assert before.gate.exit_code == 1  # the stopped and the unreachable hosts
    verdict = with_site(before, CHRONY_FAILS)
    hosts = {h.host_id: h for h in verdict.hosts}
    assert (hosts[HEALTHY].status, hosts[HEALTHY].root_cause) == ("unhealthy", "site.chrony")
    assert (hosts[STOPPED].status, hosts[STOPPED].root_cause) == ("unhealthy", "step1.running")
    assert HEALTHY in verdict.gate.failing_hosts
    assert HEALTHY not in before.gate.failing_hosts
    # The causes view, by the site check's ID, with the site's own words and fix.
    [chrony] = [c for c in verdict.causes if c.check_id == "site.chrony"]
    assert chrony.hosts == (HEALTHY,)
    assert chrony.short.render() == "chronyd is not running"
    assert chrony.fix is not None
    assert chrony.fix.render() == "start chronyd"
    assert not chrony.automatable
    assert any("site.chrony" in x and "-> start chronyd" in x for x in cause_lines(verdict))
    line = next(x for x in terminal_lines(verdict) if x.startswith(HEALTHY))
    assert "site.chrony: chronyd is not running  -> start chronyd" in line


def test_a_site_test_that_broke_is_an_error_of_the_gate() -> None:
    verdict = with_site(fleet(), {HEALTHY: {"s": record("site.x", "error", "fixture broke")}})
    assert verdict.gate.errors == 1
    host = next(h for h in verdict.hosts if h.host_id == HEALTHY)
    assert host.root_cause == "s"
    assert host.site["s"].error == "fixture broke"


def test_passing_and_skipped_site_checks_change_nothing() -> None:
    before = fleet()
    verdict = with_site(
        before,
        {
            HEALTHY: {"site.a": record("site.a", "passed")},
            STOPPED: {"site.a": record("site.a", "skipped", "unreachable")},
        },
    )
    assert [(h.status, h.root_cause) for h in verdict.hosts] == [
        (h.status, h.root_cause) for h in before.hosts
    ]
    assert verdict.gate == before.gate


def test_the_site_section_survives_summary_json_and_a_merge_reads_it_back() -> None:
    verdict = with_site(fleet(), CHRONY_FAILS)
    document = json.loads(json_text(to_json(verdict)))
    site = document["hosts"][HEALTHY]["site"]
    assert list(site) == ["site.chrony", "site/test_x.py::test_tag"]
    assert site["site.chrony"] == {
        "outcome": "failed",
        "title": "title of site.chrony",
        "message": "chronyd is not running",
        "fix": "start chronyd",
        "test": "site/test_x.py::t[site.chrony]",
    }
    assert "site" not in document["hosts"]["ssh://root@10.0.0.9"]  # ran none there
    [cause] = [c for c in document["causes"] if c["check"] == "site.chrony"]
    assert (cause["title"], cause["doc_url"]) == ("title of site.chrony", None)
    again = from_json(document)
    assert [(h.host_id, h.status, h.root_cause, list(h.site)) for h in again.hosts] == [
        (h.host_id, h.status, h.root_cause, list(h.site)) for h in verdict.hosts
    ]
    assert json.loads(json_text(to_json(again))) == document


def test_a_site_check_broken_since_the_baseline_is_new_even_behind_a_guide_failure() -> None:
    then = with_site(fleet(), {})
    now = with_site(fleet(), CHRONY_FAILS)
    baseline = baseline_from_json(json.loads(json_text(to_json(then))), "then.json")
    changes = compare(baseline, now.hosts)
    assert {(c.host_id, c.kind, c.before, c.after) for c in changes.hosts} == {
        (HEALTHY, "broke", None, "site.chrony"),
        (STOPPED, "site_broke", "step1.running", "site.chrony"),
    }
    assert set(changes.new_failures) == {HEALTHY, STOPPED}
    gated = assemble(now.hosts, now.checks, ("new",), now.run, changes)
    assert set(gated.gate.failing_hosts) == {HEALTHY, STOPPED}
    said = "site.chrony (a site check; root cause still step1.running)"
    assert any(said in line for line in change_lines(gated))
    # The same failures again: nothing new.
    baseline = baseline_from_json(json.loads(json_text(to_json(now))), "now.json")
    assert compare(baseline, now.hosts).hosts == ()
    # And the change is written and read back.
    document = json.loads(json_text(to_json(gated)))
    assert document["changes"]["site_broke"] == [
        {"host": STOPPED, "root_cause": "step1.running", "check": "site.chrony"}
    ]
    assert from_json(document).changes == gated.changes


def test_junit_gives_a_site_test_its_check_and_host() -> None:
    verdict = with_site(fleet(), CHRONY_FAILS)
    root = ET.fromstring(
        '<testsuites><testsuite name="s">'
        '<testcase classname="site.test_x" name="t[site.chrony]"/>'
        "</testsuite></testsuites>"
    )
    annotate(root, verdict)
    case = root.find(".//testcase")
    assert case is not None
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    # Two hosts ran that test id here; the last host named wins the (class, name) address.
    assert props["check_id"] == "site.chrony"
    assert props["host"] in (HEALTHY, STOPPED)
    assert props["status"] == "unhealthy"


def test_report_html_has_a_site_checks_column_and_rows() -> None:
    without = render_report(fleet())
    assert "Site checks" not in without
    page = render_report(with_site(fleet(), CHRONY_FAILS))
    assert "<th>Site checks</th>" in page or ">Site checks<" in page
    hosts = embedded(page)["hosts"]
    assert isinstance(hosts, list)
    details = next(h for h in hosts if h["id"] == HEALTHY)
    rows = {c["id"]: c for c in details["checks"]}
    assert rows["site.chrony"] == {
        "id": "site.chrony",
        "title": "title of site.chrony",
        "outcome": "failed",
        "found": "chronyd is not running",
        "expected": "title of site.chrony",
        "fix": "start chronyd",
        "commands": [],
    }
    assert rows["site/test_x.py::test_tag"]["outcome"] == "passed"
    assert list(rows)[-2:] == ["site.chrony", "site/test_x.py::test_tag"]  # after the guide's
    ja = render_report(with_site(fleet(), CHRONY_FAILS), lang="ja")
    assert "サイト独自のチェック" in ja


def test_site_check_declares_and_refuses_in_one_line() -> None:
    @site_check("site.unit_probe", "  A unit's   test ", fix="do it")
    def test_declared() -> None:
        pass

    declared = site_spec_of(test_declared)
    assert declared is not None
    assert declared.check_id == "site.unit_probe"
    assert (declared.title, declared.fix) == ("A unit's test", "do it")
    with pytest.raises(ValueError, match=r"^site check step1\.mine: a site check's ID is site\."):
        site_check("step1.mine", "x")(test_declared)
    with pytest.raises(ValueError, match="declared twice"):

        @site_check("site.unit_probe", "again")
        def test_other() -> None:
            pass


def test_an_assertions_finding_is_its_message_else_its_expression() -> None:
    said = "/etc/x holds no cmdb- tag\nassert []\n +  where [] = f()"
    assert assertion_finding(said) == "/etc/x holds no cmdb- tag"
    assert assertion_finding("two\nlines\nassert False") == "two\nlines"
    assert assertion_finding("assert 1 == 2\n +  where 1 = one()") == "assert 1 == 2"
    assert assertion_finding("") == "assertion failed"


def test_a_finding_is_one_line_within_its_limit() -> None:
    assert short_message("\n  first  \n\nassert False\n more\n and more") == (
        "first assert False more"
    )
    assert len(short_message("x" * 5000)) == MESSAGE_LIMIT


def test_a_hanging_command_is_killed_at_the_bound_naming_it() -> None:
    options = ConnectionOptions(connect_timeout=1, command_timeout=1)
    [target] = expand_targets(["local://"], options)
    site = SiteHost(target, options)
    host = site.start()
    assert host.check_output("echo hello") == "hello"
    started = time.monotonic()
    with pytest.raises(SiteBoundError) as raised:
        host.run("sleep 30")
    assert time.monotonic() - started < 5
    assert "`sleep 30` cut at the site test's bound" in str(raised.value)
    assert "2 s (--connect-timeout 1 s + --command-timeout 1 s)" in str(raised.value)
    host = site.start()  # the next test has a bound of its own
    assert host.check_output("echo again") == "again"


def test_a_test_that_hangs_in_python_is_cut_by_the_backstop() -> None:
    started = time.monotonic()
    with pytest.raises(SiteBoundError, match="cut here"), cut_at(0.2, "cut here"):
        time.sleep(10)
    assert time.monotonic() - started < 3


def test_the_users_own_paths_run_with_the_whole_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path)
    location = cli.SuiteLocation(REPO)
    assert not location._in_suite("site")
    assert location._in_suite(str(REPO / "tests_infra" / "test_step1_agent.py") + "::test_x")
    assert location._in_suite(str(REPO / "tests_infra"))
