"""The report and the gate as a person and a CI job meet them, against the demo lab.

The HTML report is opened in headless Chromium (Debian's) and looked at: the
matrix rows and their colours, the status filter, a host's details with its
fix. The gate is run with waivers, --fail-on and --report-lang, and its
summary.json, junit.xml and exit code are read back.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from lab import Lab, LabHost
from logtail_doctor.catalogue import spec
from logtail_doctor.doc_links import doc_url
from tests.browser import chromium
from tests.e2e.suite import REPO, DemoRun, run_suite

pytestmark = pytest.mark.e2e

SCREENSHOT = REPO / "reports" / "report-screenshot.png"
# The report's colours (report.css), as the browser computes them.
GREEN = "rgba(220, 239, 220, 1)"
RED = "rgba(251, 218, 218, 1)"
GREY = "rgba(236, 236, 236, 1)"
STEPS = ["host", "step1", "step2", "step3", "step4"]


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium(1400, 1000) as driver:
        yield driver


@pytest.fixture
def page(browser: WebDriver, demo_run: DemoRun) -> WebDriver:
    """The demo run's report, freshly loaded."""
    browser.get(demo_run.run.report_path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("data-ready") == "1"
    return browser


def host(lab: Lab, name: str) -> LabHost:
    return next(h for h in lab.hosts if h.name == name)


def row_of(page: WebDriver, url: str) -> WebElement:
    rows = [
        r
        for r in page.find_elements(By.CSS_SELECTOR, "tr.host")
        if r.find_element(By.CSS_SELECTOR, "td.h .hid").get_attribute("textContent") == url
    ]
    assert len(rows) == 1, url
    return rows[0]


def colours(row: WebElement) -> list[str]:
    return [
        str(cell.value_of_css_property("background-color"))
        for cell in row.find_elements(By.CSS_SELECTOR, "td.cell")
    ]


def test_matrix_has_a_row_per_host_coloured_by_step(page: WebDriver, demo_lab: Lab) -> None:
    rows = page.find_elements(By.CSS_SELECTOR, "tr.host")
    assert len(rows) == len(demo_lab.hosts)
    for lab_host in demo_lab.hosts:
        row = row_of(page, lab_host.url)
        status, cause = lab_host.expect["status"], lab_host.expect["root_cause"]
        assert row.get_attribute("data-status") == status, lab_host.name
        assert row.find_element(By.CSS_SELECTOR, "td.s").text == status
        cells = colours(row)
        assert len(cells) == len(STEPS)
        if status == "healthy":
            assert cells == [GREEN] * len(STEPS), lab_host.name
            continue
        step = STEPS.index(spec(cause).step)
        assert cells[step] == RED, (lab_host.name, cells)
        assert cells[:step] == [GREEN] * step, (lab_host.name, cells)
        # What is wrong in short (not the check's title: that reads as the healthy
        # state), with the check's ID.
        cause_cell = row.find_element(By.CSS_SELECTOR, "td.c").text
        words, _, check_id = cause_cell.rpartition(" ")
        assert check_id == cause, (lab_host.name, cause_cell)
        assert words, (lab_host.name, cause_cell)
        assert spec(cause).title not in cause_cell, (lab_host.name, cause_cell)
        link = row.find_element(By.CSS_SELECTOR, "td.c a.doc")  # the check's docs page
        assert link.get_attribute("href") == doc_url(cause), lab_host.name
        if status == "unreachable":
            assert cells[1:] == [GREY] * (len(STEPS) - 1)


def test_causes_chart_has_a_bar_per_cause_and_a_click_filters_the_matrix(
    page: WebDriver, demo_run: DemoRun
) -> None:
    causes = demo_run.run.summary["causes"]
    bars = page.find_elements(By.CSS_SELECTOR, "button.bar")
    drawn = [
        (b.get_attribute("data-cause"), int(b.find_element(By.CSS_SELECTOR, ".bar-count").text))
        for b in bars
    ]
    assert drawn == [(c["check"], c["count"]) for c in causes]
    assert all(b.find_element(By.CSS_SELECTOR, ".bar-fill").size["width"] > 0 for b in bars)
    # The widest bar is the biggest cause's.
    widths = [b.find_element(By.CSS_SELECTOR, ".bar-fill").size["width"] for b in bars]
    assert widths[0] == max(widths)

    def shown() -> list[str]:
        return sorted(
            str(r.find_element(By.CSS_SELECTOR, "td.h .hid").get_attribute("textContent"))
            for r in page.find_elements(By.CSS_SELECTOR, "tr.host")
            if r.is_displayed()
        )

    everyone = shown()
    for index in (0, len(bars) - 1):
        bars[index].click()
        assert shown() == sorted(causes[index]["hosts"])
        bars[index].click()  # the same bar again: every host
        assert shown() == everyone
    bars[0].click()
    page.find_element(By.ID, "causes-all").click()
    assert shown() == everyone


def test_status_filter_hides_and_shows_rows(page: WebDriver, demo_lab: Lab) -> None:
    healthy = [h.url for h in demo_lab.hosts if h.expect["status"] == "healthy"]
    others = [h.url for h in demo_lab.hosts if h.expect["status"] != "healthy"]
    toggle = page.find_element(By.CSS_SELECTOR, "input[name=status][value=healthy]")
    toggle.click()
    assert not any(row_of(page, url).is_displayed() for url in healthy)
    assert all(row_of(page, url).is_displayed() for url in others)
    shown = page.find_element(By.ID, "shown").text
    assert shown == f"{len(others)} of {len(demo_lab.hosts)} hosts shown"
    toggle.click()
    assert all(row_of(page, url).is_displayed() for url in healthy + others)


def test_sort_by_root_cause_then_back_by_host(page: WebDriver) -> None:
    def causes() -> list[str]:
        rows = page.find_elements(By.CSS_SELECTOR, "tr.host")
        return [str(r.get_attribute("data-cause")) for r in rows]

    by_host = causes()
    Select(page.find_element(By.ID, "sort")).select_by_value("cause")
    named = [c for c in causes() if c]
    assert causes() == sorted(named) + [""] * (len(by_host) - len(named))
    Select(page.find_element(By.ID, "sort")).select_by_value("host")
    assert causes() == by_host


def test_a_hosts_details_open_with_its_fix(page: WebDriver, demo_lab: Lab) -> None:
    no_id = host(demo_lab, "no-user-id")
    row_of(page, no_id.url).click()
    details = page.find_element(By.CSS_SELECTOR, "tr.details")
    check = details.find_element(By.CSS_SELECTOR, "section[data-check='step4.user_id']")
    assert check.is_displayed()
    text = check.text
    assert "Expected" in text
    assert "Found" in text
    assert "/etc/ilogtail/users does not exist" in text or "holds" in text
    commands = [c.text for c in check.find_elements(By.CSS_SELECTOR, "pre.command")]
    account = demo_lab.account_ids[0]
    assert commands == [
        f"sudo mkdir -p /etc/ilogtail/users && sudo touch /etc/ilogtail/users/{account}"
    ]
    assert check.find_element(By.CSS_SELECTOR, "button.copy").is_displayed()
    link = check.find_element(By.CSS_SELECTOR, "h3 a.doc")  # the check's docs page
    assert link.get_attribute("href") == doc_url("step4.user_id")

    # What the probe saw: the /etc/hosts line behind a stale binding.
    stale = host(demo_lab, "stale-binding")
    row_of(page, stale.url).click()
    section = page.find_element(By.CSS_SELECTOR, "section[data-check='step3.ip_current']")
    evidence = " ".join(e.text for e in section.find_elements(By.CSS_SELECTOR, "pre.evidence"))
    assert "/etc/hosts: 10.250.254.77" in evidence

    # The console action with the real IP and group.
    out = host(demo_lab, "not-in-group")
    row_of(page, out.url).click()
    section = page.find_element(By.CSS_SELECTOR, "section[data-check='step3.ip_in_group']")
    assert f"add {out.ip}" in section.text
    assert "web-servers" in section.text

    page.set_window_size(1400, 1700)
    page.execute_script("window.scrollTo(0, 0)")
    page.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    # Clicking again closes it.
    row_of(page, out.url).click()
    assert not page.find_elements(By.CSS_SELECTOR, "section[data-check='step3.ip_in_group']")


def test_junit_cases_carry_the_hosts_status(demo_run: DemoRun) -> None:
    hosts = demo_run.run.summary["hosts"]
    cases = demo_run.run.junit_cases()
    assert cases
    for case in cases:
        assert case["status"] == hosts[case["host"]]["status"], case
    assert "PytestWarning" not in demo_run.run.stdout + demo_run.run.stderr


def test_terminal_ends_with_the_hosts_that_need_work(demo_lab: Lab, demo_run: DemoRun) -> None:
    lines = demo_run.run.stdout.rstrip().splitlines()
    bad = [h for h in demo_lab.hosts if h.expect["status"] != "healthy"]
    causes = demo_run.run.summary["causes"]
    # After the host lines: the causes block, biggest first, then the machine-group
    # plan, and pytest's own closing count ("17 failed, 170 passed in 9s") last.
    assert " passed" in lines[-1]
    start = lines.index(f"causes ({len(causes)}, on {len(bad)} hosts):")
    block = lines[start + 1 : start + 1 + len(causes)]
    for line, cause in zip(block, causes, strict=True):
        count, check_id = line.split()[:2]
        assert (int(count), check_id) == (cause["count"], cause["check"])
        assert cause["found"] in line
    assert lines[start + 1 + len(causes)].startswith("machine group web-servers ")
    tail = lines[start - len(bad) : start]
    assert sorted(line.split()[0] for line in tail) == sorted(h.url for h in bad)
    stopped = next(line for line in tail if line.startswith(host(demo_lab, "stopped").url + " "))
    assert stopped.endswith("-> Start the agent: sudo /etc/init.d/ilogtaild start")


# --- the gate ---------------------------------------------------------------------------------


def write_waivers(path: Path, *entries: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("waivers:\n" + "".join(entries))
    return path


def entry(check: str, hosts: str, expires: str, justification: str | None = "CHG-1") -> str:
    text = f"  - check: {check}\n    hosts: '{hosts}'\n    expires: {expires}\n"
    return text + (f"    justification: '{justification}'\n" if justification else "")


def test_a_waived_failure_passes_the_gate_and_an_expired_one_does_not(
    demo_lab: Lab, workdir: Path
) -> None:
    no_id, stopped, healthy = (host(demo_lab, n) for n in ("no-user-id", "stopped", "healthy"))
    prefix = no_id.url.rsplit(".", 1)[0]
    waivers = write_waivers(
        workdir / "waivers" / "w.yaml",
        entry("step4.user_id", f"{prefix}.*", "2999-12-31", "CHG-42 accounts move in March"),
        entry("step1.running", stopped.url, "2020-01-01", "maintenance window"),
    )
    common = (
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--waivers={waivers}",
    )
    # Only the waived host (and a healthy one): the gate passes, in Japanese.
    run = run_suite(
        workdir / "waived",
        *common,
        f"--hosts={healthy.url},{no_id.url}",
        "--report-lang=ja",
    )
    assert run.exit_code == 0, run.stdout[-3000:]
    result = run.summary["hosts"][no_id.url]
    assert result["status"] == "healthy"
    user_id = result["checks"]["step4.user_id"]
    assert user_id["outcome"] == "waived"
    assert user_id["waiver"] == {
        "justification": "CHG-42 accounts move in March",
        "expires": "2999-12-31",
        "hosts": f"{prefix}.*",
        "expired": False,
    }
    case = next(
        c for c in run.junit_cases() if (c["host"], c["check_id"]) == (no_id.url, "step4.user_id")
    )
    assert case["result"] == "skipped"
    assert "CHG-42 accounts move in March" in case["message"]
    assert case["status"] == "healthy"
    assert f"{no_id.url} " in run.stdout
    assert "(waived: step4.user_id)" in run.stdout
    page = run.html
    assert '<html lang="ja">' in page
    assert "2999-12-31 まで免除されています" in page
    assert str(waivers) in page

    # With the host whose waiver expired: its failure stands, and everything says why.
    run = run_suite(workdir / "expired", *common, f"--hosts={no_id.url},{stopped.url}")
    assert run.exit_code == 1, run.stdout[-3000:]
    result = run.summary["hosts"][stopped.url]
    assert result["status"] == "unhealthy"
    running = result["checks"]["step1.running"]
    assert running["outcome"] == "failed"
    assert running["waiver"]["expired"] is True
    line = next(ln for ln in run.stdout.splitlines() if ln.startswith(stopped.url + " "))
    assert line.endswith("[waiver expired on 2020-01-01]")
    case = next(
        c for c in run.junit_cases() if (c["host"], c["check_id"]) == (stopped.url, "step1.running")
    )
    assert case["result"] == "failure"
    assert "waiver expired on 2020-01-01: maintenance window" in case["message"]
    assert case["status"] == "unhealthy"
    assert "the waiver expired on 2020-01-01: maintenance window" in run.html


def test_fail_on_chooses_whether_unreachable_hosts_fail_the_run(
    demo_lab: Lab, workdir: Path
) -> None:
    healthy, down = host(demo_lab, "healthy"), host(demo_lab, "no-sshd")
    common = (
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--hosts={healthy.url},{down.url}",
        "--connect-timeout=5",
    )
    strict = run_suite(workdir / "fail-on-default", *common)
    assert strict.exit_code == 1, strict.stdout[-3000:]
    lenient = run_suite(workdir / "fail-on-unhealthy", *common, "--fail-on=unhealthy")
    assert lenient.exit_code == 0, lenient.stdout[-3000:]
    assert lenient.summary["hosts"][down.url]["status"] == "unreachable"
    # It only widens what passes: an unhealthy host still fails the run.
    stopped = host(demo_lab, "stopped")
    unhealthy = run_suite(
        workdir / "fail-on-unhealthy-2",
        f"--targets={demo_lab.targets_file}",
        f"--ssh-config={demo_lab.ssh_config}",
        f"--hosts={stopped.url}",
        "--fail-on=unhealthy",
    )
    assert unhealthy.exit_code == 1, unhealthy.stdout[-3000:]


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("--fail-on=unhealthy,sometimes", "--fail-on=unhealthy,sometimes: expected"),
        ("--waivers=WAIVERS", "waivers[0].justification: is required"),
        ("--report-lang=fr", "--report-lang=fr: expected one of en, ja, zh"),
    ],
    ids=["fail-on", "waiver-without-justification", "report-lang"],
)
def test_usage_errors_are_one_line_exit_4(
    demo_lab: Lab, tmp_path: Path, option: str, words: str
) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry("step4.user_id", "*", "2999-01-01", None))
    run = run_suite(
        tmp_path / "out",
        f"--targets={demo_lab.targets_file}",
        option.replace("WAIVERS", str(waivers)),
    )
    output = (run.stdout + run.stderr).strip()
    assert run.exit_code == 4, output
    assert "Traceback" not in output
    errors = [ln for ln in output.splitlines() if "error" in ln.lower()]
    assert len(errors) == 1, output
    assert words in errors[0]
    if "waivers" in option:
        assert str(waivers) in errors[0]
    assert not (tmp_path / "out" / "summary.json").exists()


def test_the_report_prints_to_a4_pdf_without_its_controls(
    browser: WebDriver, demo_run: DemoRun, tmp_path: Path
) -> None:
    # Compliance reviews attach the report as a PDF: Chromium's own print-to-PDF.
    browser.get(demo_run.run.report_path.as_uri())
    browser.find_element(By.CSS_SELECTOR, "input[name=status][value=healthy]").click()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, ".controls").is_displayed()
        assert browser.find_element(By.ID, "causes").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "section.run").is_displayed()
        rows = browser.find_elements(By.CSS_SELECTOR, "tr.host")
        assert all(r.is_displayed() for r in rows), "a printed report shows every host"
        fill = browser.find_element(By.CSS_SELECTOR, ".bar-fill")
        assert fill.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    pdf = base64.b64decode(printed["data"])
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes, "no page in the PDF"
    # A4 is 595 x 842 points (210 x 297 mm).
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}
