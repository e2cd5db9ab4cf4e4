"""The HTML report as text: self-contained, escaped, one matrix row per host, per language.

What a person sees in a browser is tested in tests/e2e/test_report.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import jinja2
import pytest

from logtail_doctor.catalogue import CATALOGUE, HOST_CHECK_IDS, SERVER_CHECK_IDS, spec
from logtail_doctor.checks import unreachable
from logtail_doctor.doc_links import CHECKS_FOLDER, DOCS_BASE_URL
from logtail_doctor.facts import FileFact, FileState
from logtail_doctor.i18n import M, text
from logtail_doctor.outcome import failed, passed
from logtail_doctor.outputs import html as html_report
from logtail_doctor.outputs.html import json_for_script, render_report, steps, worst
from logtail_doctor.outputs.summary_file import from_json, to_json
from logtail_doctor.run_context import RunContext
from logtail_doctor.verdict import (
    PYTEST_OUTCOME,
    CheckResult,
    PytestResult,
    RunVerdict,
    assemble,
    host_result,
    judge_result,
)
from logtail_doctor.waivers import Waiver, Waivers
from tests.support.verdicts import conclude
from tests.unit.test_checks import AGENT_LOGS, LOG_PATH, evaluate, expect, healthy

TODAY = dt.date(2026, 12, 4)

HOSTILE = "</script><img src=x onerror=alert(1)>&amp;\u2028"
CONTEXT: dict[str, object] = {
    "tool": {"name": "logtail-doctor", "version": "0.1.0", "revision": "abc1234"},
    "targets_file": "fixtures/prod.yaml",
    "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
    "account_ids": ["1234567890123456"],
    "started": "2026-11-24T10:00:00+00:00",
    "duration_seconds": 12.5,
    "waivers_file": None,
}


def fleet(context: dict[str, object] | None = None) -> RunVerdict:
    """Four hosts: healthy, agent stopped (hostile hostname), unreachable (hostile id), waived."""
    stopped = healthy(status={}, processes=(), hostname=HOSTILE)
    outcomes = {
        "ssh://root@10.0.0.11": evaluate(healthy(), expect()),
        "ssh://root@10.0.0.12": evaluate(stopped, expect()),
        f"ssh://root@{HOSTILE}": unreachable("ssh: Connection refused", text("Check SSH")),
        "ssh://root@10.0.0.9": evaluate(healthy(user_ids=()), expect()),
    }
    waivers = Waivers(None, (Waiver("step4.user_id", "*", "CHG-1", dt.date(2027, 1, 31)),))
    tests = {}
    for host_id, by_check in outcomes.items():
        for cid, outcome in by_check.items():
            result, _ = judge_result(host_id, outcome, waivers, TODAY)
            tests[(host_id, cid)] = PytestResult(f"t::{cid}", PYTEST_OUTCOME[result])
    return conclude(
        outcomes,
        tests,
        run_checks=HOST_CHECK_IDS,
        waivers=waivers,
        today=TODAY,
        fail_on=("unhealthy", "unreachable"),
        context=CONTEXT if context is None else context,
        agents=dict.fromkeys(outcomes, "Logtail"),
    )


def embedded(page: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="ltd-data">(.*?)</script>', page, re.S)
    assert match, "the data block is missing"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_self_contained_one_row_per_host_in_natural_order() -> None:
    page = render_report(fleet())
    # It loads nothing from outside; its only outside links are the checks' docs pages.
    assert not re.search(r"""src=["']?(https?:|//)""", page), "must work offline"
    links = re.findall(r"""href=["']?((?:https?:)?//[^"' >]*)""", page)
    assert links, "the root causes link to their docs pages"
    assert all(link.startswith(DOCS_BASE_URL + f"{CHECKS_FOLDER}/") for link in links), links
    rows = re.findall(r'<tr class="host" data-i="\d+" data-status="(\w+)"', page)
    assert rows == ["healthy", "healthy", "unhealthy", "unreachable"]
    assert page.index("ssh://root@10.0.0.9") < page.index("ssh://root@10.0.0.11")


def test_header_says_what_was_checked() -> None:
    page = render_report(fleet())
    for value in (
        "fixtures/prod.yaml",
        "web-logs",
        "cn-hangzhou",
        "intranet",
        "1234567890123456",
        "2026-11-24T10:00:00+00:00",
        "12.5 s",
        "0.1.0",
        "abc1234",
    ):
        assert value in page, value
    assert re.search(r'st-healthy">healthy <b>2</b>', page)
    assert re.search(r'st-unhealthy">unhealthy <b>1</b>', page)
    assert re.search(r'st-unreachable">unreachable <b>1</b>', page)


def test_host_values_cannot_break_out_of_the_page() -> None:
    page = render_report(fleet())
    assert "<img src=x" not in page
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert "\u2028" not in page.split('id="ltd-data">', 1)[1].split("</script>", 1)[0]
    data = embedded(page)
    hosts = data["hosts"]
    assert isinstance(hosts, list)
    assert any(h["id"] == f"ssh://root@{HOSTILE}" for h in hosts), "the value survives intact"


def test_json_for_script_escapes_what_html_would_read() -> None:
    text = json_for_script({"a": "</script>&<!--\u2028"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script>&<!--\u2028"}


def test_cells_show_the_worst_outcome_of_each_step() -> None:
    assert worst(["passed", "skipped", "failed", "waived"]) == "failed"
    assert worst(["passed", "waived"]) == "waived"
    assert worst(["passed", "skipped"]) == "skipped"
    assert worst([]) == "none"
    page = render_report(fleet())
    row = page.split('data-status="unhealthy"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'class="cell o-(\w+)"', row)
    # A stopped agent: step 2's config_loaded cannot be judged (no start time), nor
    # step 4's received configs (no agent asks for them).
    assert cells == ["passed", "failed", "skipped", "passed", "skipped"]
    down = page.split('data-status="unreachable"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="cell o-(\w+)"', down) == ["failed"] + ["skipped"] * 4
    assert "agent not running" in row  # the finding in short, not the check's title
    assert "step1.running" in row


def test_details_carry_expected_found_evidence_and_commands() -> None:
    hosts = embedded(render_report(fleet()))["hosts"]
    assert isinstance(hosts, list)
    bad = next(h for h in hosts if h["id"] == "ssh://root@10.0.0.12")
    running = next(c for c in bad["checks"] if c["id"] == "step1.running")
    assert running["outcome"] == "failed"
    assert "is running" in running["expected"]
    assert "exited None" in running["found"]
    assert running["commands"] == ["sudo /etc/init.d/ilogtaild start"]
    config = next(c for c in bad["checks"] if c["id"] == "step2.config_valid")
    assert any("config_server_address" in e for e in config["evidence"])
    ok = next(h for h in hosts if h["id"] == "ssh://root@10.0.0.11")
    assert all("evidence" not in c for c in ok["checks"]), "healthy hosts carry no evidence"
    waived = next(h for h in hosts if h["id"] == "ssh://root@10.0.0.9")
    user_id = next(c for c in waived["checks"] if c["id"] == "step4.user_id")
    assert user_id["outcome"] == "waived"
    assert user_id["waiver"] == "waived until 2027-01-31: CHG-1"
    assert "sudo touch /etc/ilogtail/users/" in user_id["commands"][0]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["machine group heartbeat diagnosis", "The agent is running", "Start the agent"]),
        (
            "ja",
            ["ハートビート診断", "エージェントが起動している", "エージェントを起動してください"],
        ),
        ("zh", ["机器组心跳诊断", "Agent 正在运行", "请启动 Agent"]),
    ],
)
def test_languages(lang: str, words: list[str]) -> None:
    page = render_report(fleet(), lang)
    assert f'<html lang="{lang}">' in page
    for word in words:
        assert word in page, word
    assert "sudo /etc/init.d/ilogtaild start" in page  # commands stay as they are


def test_columns_follow_the_catalogue_steps() -> None:
    assert steps()[:5] == ["host", "step1", "step2", "step3", "step4"]
    page = render_report(fleet())
    header = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r"<th>([^<]*)</th>", header) == [
        "Host",
        "Status",
        "Reachable",
        "1 Agent",
        "2 Install parameters",
        "3 Machine group IP",
        "4 User ID",
        "Root cause",
    ]
    # Every step of the catalogue has its column, and no other column shows a step.
    assert {spec.step for spec in CATALOGUE if spec.step != "server"} == set(steps()[:5])


def test_the_page_is_a_function_of_summary_json() -> None:
    # A merge renders the verdict it read back from the shards' summary.json.
    for lang in ("en", "ja"):
        verdict = fleet()
        again = from_json(json.loads(json.dumps(to_json(verdict))))
        assert render_report(again, lang) == render_report(verdict, lang)


def test_checks_not_run_show_as_such() -> None:
    outcomes = {"ssh://root@10.0.0.11": evaluate(healthy(), expect())}
    tests = {
        ("ssh://root@10.0.0.11", cid): PytestResult("t", "passed")
        for cid in ("host.reachable", "step1.installed")
    }
    verdict = conclude(
        outcomes,
        tests,
        run_checks=HOST_CHECK_IDS,
        waivers=Waivers(None),
        today=TODAY,
        fail_on=("unhealthy",),
        context=CONTEXT,
    )
    page = render_report(verdict)
    assert re.findall(r'<tr class="host" data-i="\d+" data-status="(\w+)"', page) == ["partial"]
    row = page.split('data-status="partial"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="cell o-([a-z_]+)"', row) == ["passed"] + ["not_run"] * 4
    checks = embedded(page)["hosts"][0]["checks"]  # type: ignore[index]
    assert [c["outcome"] for c in checks].count("not_run") == len(HOST_CHECK_IDS) - 2


def _step_columns(page: str) -> list[str]:
    """The matrix header's guide-step columns (between Host, Status and Root cause)."""
    header = page.split("<thead><tr><th>Host", 1)[1].split("</thead>", 1)[0]
    return re.findall(r"<th>([^<]*)</th>", header)[1:-1]


def test_the_page_shows_the_catalogues_checks_and_their_steps() -> None:
    # Without --sls: every host carries each host-side check of the catalogue, in its order
    # (an unreachable host too, as not judged), and the columns are those checks' steps.
    host_steps = list(dict.fromkeys(spec(cid).step for cid in HOST_CHECK_IDS))
    page = render_report(fleet())
    assert _step_columns(page) == [M(f"step.{s}").render("en") for s in host_steps]
    hosts = embedded(page)["hosts"]
    assert isinstance(hosts, list)
    assert len(hosts) == 4
    for host in hosts:
        assert [c["id"] for c in host["checks"]] == list(HOST_CHECK_IDS), host["id"]
    for row in re.findall(r'<tr class="host".*?</tr>', page):
        assert len(re.findall(r'class="cell o-', row)) == len(host_steps)

    # With --sls the server's checks join: then every check and every step of the catalogue.
    seen = CheckResult(passed("server.heartbeat", "a heartbeat", "seen 10 s ago"), "passed")
    run_checks = HOST_CHECK_IDS + SERVER_CHECK_IDS
    with_server = assemble(
        [
            host_result(h.host_id, {**h.checks, "server.heartbeat": seen}, run_checks)
            for h in fleet().hosts
        ],
        run_checks,
        ["unhealthy"],
        RunContext.from_json(CONTEXT),
    )
    page = render_report(with_server)
    assert _step_columns(page) == [
        M(f"step.{s}").render("en") for s in dict.fromkeys(c.step for c in CATALOGUE)
    ]
    hosts = embedded(page)["hosts"]
    assert isinstance(hosts, list)
    for host in hosts:
        assert [c["id"] for c in host["checks"]] == [c.check_id for c in CATALOGUE]


class _Dom(HTMLParser):
    """The elements a browser would build: tags with their attributes, and each text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


EVIL = """x" onmouseover="alert(1)' <script>alert(2)</script><!-- &amp; ]]>"""


def test_hostile_values_are_escaped_in_the_html_and_in_the_embedded_json() -> None:
    evil = CheckResult(failed("host.reachable", EVIL, EVIL, EVIL, EVIL), "failed")
    hosts = [
        *fleet().hosts,
        host_result(
            f"ssh://root@{EVIL}", {"host.reachable": evil}, ("host.reachable",), agent=EVIL
        ),
    ]
    group = {"identify_type": EVIL, "not_checked": [EVIL], "unexpected": [EVIL], "error": EVIL}
    context = {**CONTEXT, "targets_file": EVIL, "machine_groups": {EVIL: group}}
    page = render_report(
        assemble(hosts, HOST_CHECK_IDS, ["unhealthy"], RunContext.from_json(context))
    )

    # As text: every occurrence in the markup is escaped, quotes included.
    markup = page.split('<script type="application/json"', 1)[0]
    assert "<script>alert" not in page
    assert 'onmouseover="alert' not in page
    escaped = "x&#34; onmouseover=&#34;alert(1)&#39; &lt;script&gt;alert(2)&lt;/script&gt;"
    # targets file, group, type, 2 entries, error, host and its root cause cell (the
    # chart's host.reachable bar shows the first unreachable host's words, not these)
    assert markup.count(escaped) == 8

    # As a browser reads it: no element or attribute came from a value, which stays intact.
    dom = _Dom()
    dom.feed(page)
    assert [tag for tag, _ in dom.tags].count("script") == 2  # the data block and report.js
    assert not any(name.startswith("on") for _, attrs in dom.tags for name in attrs)
    assert f"ssh://root@{EVIL}" in dom.texts  # the row's host id, in its own <span>
    assert dom.texts.count(EVIL) == 6  # the markup ones but the host id and its cause cell
    assert page.count("</script>") == 2

    # The embedded JSON: nothing that could end the element or open a comment, and the
    # value comes back exactly as the host sent it.
    block = page.split('id="ltd-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert ">" not in block
    assert "&" not in block
    hosts = json.loads(block)["hosts"]
    bad = next(h for h in hosts if h["id"] == f"ssh://root@{EVIL}")
    assert bad["agent"] == EVIL
    reachable = bad["checks"][0]
    assert (reachable["found"], reachable["expected"], reachable["fix"]) == (EVIL, EVIL, EVIL)
    assert reachable["evidence"] == [EVIL]


def test_a_view_model_field_the_template_lacks_is_an_error_not_an_empty_string() -> None:
    template = html_report._template()
    assert template.environment.autoescape is True
    page = html_report._page(fleet(), "en")
    fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)}
    assert template.render(page=SimpleNamespace(**fields)) == render_report(fleet())
    del fields["title"]
    with pytest.raises(jinja2.UndefinedError, match="title"):
        template.render(page=SimpleNamespace(**fields))


def _sls_context(**group: object) -> dict[str, object]:
    base: dict[str, object] = {
        "identify_type": "ip",
        "source": "api",
        "entries": 3,
        "heartbeating": 2,
        "not_checked": ["10.0.0.99"],
        "unexpected": [
            {"ip": "10.0.0.77", "user_defined_id": None, "last_heartbeat": "x"},
            {"ip": "10.0.0.78", "user_defined_id": f"id-{HOSTILE}", "last_heartbeat": "y"},
        ],
        "error": None,
    }
    base.update(group)
    return {**CONTEXT, "sls": {"errors": []}, "machine_groups": {"web-servers": base}}


def _groups_section(page: str) -> str:
    match = re.search(r'<section class="groups">.*?</section>', page, re.S)
    assert match, "the machine-group section is missing"
    return match.group(0)


def test_machine_groups_section_only_with_sls_data() -> None:
    assert 'class="groups"' not in render_report(fleet())
    assert 'class="groups"' not in render_report(fleet({**CONTEXT, "machine_groups": {}}))
    section = _groups_section(render_report(fleet(_sls_context())))
    assert "Machine groups (from SLS)" in section
    row = re.findall(r"<tr><td[^>]*>web-servers</td>(.*?)</tr>", section, re.S)
    assert len(row) == 1
    cells = re.findall(r"<td>(.*?)</td>", row[0], re.S)
    assert cells[0] == "IP address"
    assert cells[1] == "<code>10.0.0.99</code>"
    assert "<code>10.0.0.77</code>" in cells[2]
    assert "<img src=x" not in section, "host values are escaped"
    assert "id-&lt;/script&gt;&lt;img src=x" in cells[2]


@pytest.mark.parametrize(
    ("applied", "shown"),
    [
        (["app-logs", "nginx"], "<code>app-logs</code>"),
        ([], "none: its agents slow their heartbeat to up to 12 minutes"),
        (None, "not read"),
    ],
)
def test_machine_groups_show_the_configs_applied_and_none_as_a_finding(
    applied: list[str] | None, shown: str
) -> None:
    section = _groups_section(render_report(fleet(_sls_context(applied_configs=applied))))
    row = re.findall(r"<tr><td[^>]*>web-servers</td>(.*?)</tr>", section, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row[0], re.S)
    assert "Collection configs applied" in section
    assert shown in cells[3]


def test_machine_groups_section_in_japanese_and_chinese_and_when_nothing_is_missing() -> None:
    context = _sls_context(
        identify_type="userdefined", source="targets", not_checked=[], unexpected=[], error="E1"
    )
    ja = _groups_section(render_report(fleet(context), "ja"))
    assert "マシングループ (SLS から取得)" in ja
    assert "カスタム識別子" in ja
    assert "(なし)" in ja
    assert "E1" in ja
    zh = _groups_section(render_report(fleet(context), "zh"))
    assert "机器组 (来自 SLS)" in zh
    assert "10.0.0" not in zh
    many = _groups_section(
        render_report(fleet(_sls_context(not_checked=[f"10.1.0.{i}" for i in range(60)])))
    )
    assert many.count("<code>10.1.0.") == 50
    assert "(+10 more)" in many


def test_the_causes_chart_says_which_fixes_the_playbook_carries() -> None:
    page = render_report(fleet())
    bars = dict(
        re.findall(
            r'<button type="button" class="bar" data-cause="([^"]+)".*?'
            r'<small class="bar-fix">([^<]*)</small>',
            page,
        )
    )
    assert bars == {"host.reachable": "manual fix", "step1.running": "fix in remediation.yml"}


def test_a_healthy_host_shows_its_agents_own_warnings_as_evidence_only() -> None:
    # The agent's log with two warning/error lines of the last hour, one holding markup.
    log_text = (AGENT_LOGS / "unknown_warnings.LOG").read_text()
    facts = healthy(agent_log=FileFact(LOG_PATH, FileState.PRESENT, log_text))
    outcomes = {"ssh://root@10.0.0.11": evaluate(facts, expect())}
    tests = {
        (host_id, cid): PytestResult(f"t::{cid}", "passed")
        for host_id, by_check in outcomes.items()
        for cid in by_check
    }
    verdict = conclude(
        outcomes,
        tests,
        run_checks=HOST_CHECK_IDS,
        waivers=Waivers(None, ()),
        today=TODAY,
        fail_on=("unhealthy",),
        context=CONTEXT,
    )
    assert verdict.hosts[0].status == "healthy"  # shown, never a verdict
    page = render_report(verdict)
    hosts = embedded(page)["hosts"]
    assert isinstance(hosts, list)
    stable = next(c for c in hosts[0]["checks"] if "evidence" in c)
    assert stable["outcome"] == "passed"
    assert len(stable["evidence"]) == 2
    assert "errMsg:<script>alert(1)</script>" in stable["evidence"][0]  # as written, as data
    assert "<script>alert(1)" not in page  # escaped in the page itself
    others = [c for c in hosts[0]["checks"] if c is not stable]
    assert all("evidence" not in c for c in others)
