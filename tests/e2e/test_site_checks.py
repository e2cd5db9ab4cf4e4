"""A site's own testinfra checks over the fleet (issue 32), as a user runs them.

The wheel installed in a fresh venv (tests/e2e/test_installed.py's fixture), run
from a folder of the user's own, over real SSH against the demo lab, with a
folder of site tests: the two examples of docs/site-checks.md
(examples/site_checks/, copied as they are) and two tests of this file's own:
one that asserts, on the host, that it runs there (its own hostname, not the
runner's), and one that hangs on one host only.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from lab import Lab
from tests.e2e.installed import Installed
from tests.e2e.suite import REPO
from tests.e2e.test_installed import Ran, fleet_files, run_command

pytestmark = pytest.mark.e2e

__all__ = ["fleet_files"]  # test_installed's fixture, used here

EXAMPLES = REPO / "examples" / "site_checks"
HANGS_ON = "healthy"  # the lab host on which the hanging test hangs
# The bound of one site test: --connect-timeout + --command-timeout.
BOUNDS = "--connect-timeout 5 --command-timeout 10"
BOUND_SAID = "15 s (--connect-timeout 5 s + --command-timeout 10 s)"

WHERE = f'''
import pytest


@pytest.mark.parametrize("path", ["/etc", "/usr"])
def test_folders_exist(host, path):
    assert host.file(path).is_directory, f"no folder {{path}}"


def test_runs_on_the_host_itself(host, facts, targets):
    """The test runs on the host of its parameter, never on the runner"""
    name = host.check_output("hostname")
    assert name == facts.hostname, f"ran on {{name}}, the probe read {{facts.hostname}}"
    assert name != {socket.gethostname()!r}, "ran on the runner"
    assert name.startswith("lt-"), f"{{name}} is not a lab host"
    assert targets.project == "web-logs"
'''

HANG = f'''
def test_hangs_on_one_host(host, facts):
    if facts.hostname.endswith("{HANGS_ON}"):
        host.run("sleep 600")
'''


def _site_folder(cwd: Path, *, hang: bool = True, cmdb: bool = True) -> Path:
    folder = cwd / "site"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "test_security_baseline.py", folder)
    if cmdb:
        shutil.copy(EXAMPLES / "test_cmdb_tag.py", folder)
    (folder / "test_where.py").write_text(WHERE, encoding="utf-8")
    if hang:
        (folder / "test_hang.py").write_text(HANG, encoding="utf-8")
    return folder


def _said(ran: Ran) -> str:
    return ran.stdout[-4000:] + ran.stderr[-2000:]


@pytest.fixture(scope="module")
def site_run(
    installed: Installed, demo_lab: Lab, fleet_files: tuple[Path, Path], workdir: Path
) -> tuple[Ran, float]:
    targets, ssh_config = fleet_files
    cwd = workdir / "user" / "site"
    _site_folder(cwd)
    started = time.monotonic()
    ran = run_command(
        installed,
        cwd,
        f"logtail-doctor --targets {targets} --ssh-config {ssh_config} {BOUNDS} site",
    )
    return ran, time.monotonic() - started


def _reachable(lab: Lab) -> list[Any]:
    return [h for h in lab.hosts if h.expect.get("status") != "unreachable"]


def test_site_tests_run_on_every_host_never_on_the_runner(
    demo_lab: Lab, site_run: tuple[Ran, float]
) -> None:
    ran, _ = site_run
    assert ran.exit_code == 1, _said(ran)
    summary = ran.summary()
    assert set(summary["hosts"]) == {h.url for h in demo_lab.hosts}
    where = "site/test_where.py::test_runs_on_the_host_itself"
    for lab_host in _reachable(demo_lab):
        site = summary["hosts"][lab_host.url]["site"]
        # A parametrized test: one site check per parameter of its own.
        for folder in ("/etc", "/usr"):
            assert site[f"site/test_where.py::test_folders_exist[{folder}]"]["outcome"] == "passed"
        assert site[where]["outcome"] == "passed", (lab_host.name, site[where])
        assert site[where]["title"] == (
            "The test runs on the host of its parameter, never on the runner"
        )
    for lab_host in demo_lab.hosts:
        if lab_host not in _reachable(demo_lab):  # unreachable: reported there, not run
            site = summary["hosts"][lab_host.url]["site"]
            assert site[where]["outcome"] == "skipped", site[where]
            assert "unreachable" in site[where]["message"]
            assert summary["hosts"][lab_host.url]["root_cause"] == "host.reachable"
    # The guide's checks ran too, and keep their root causes ahead of the site's; a host
    # the guide finds healthy has the first failing site check as its root cause (no lab
    # host has a CMDB tag).
    for lab_host in demo_lab.hosts:
        expected = lab_host.expect["root_cause"] or "site.cmdb_tag"
        assert summary["hosts"][lab_host.url]["root_cause"] == expected, lab_host.name


def test_a_failing_site_check_fails_the_gate_with_its_fix_in_every_output(
    demo_lab: Lab, site_run: tuple[Ran, float]
) -> None:
    ran, _ = site_run
    summary = ran.summary()
    healthy = next(h for h in demo_lab.hosts if h.name == HANGS_ON)
    host = summary["hosts"][healthy.url]
    # The healthy host's guide checks all pass: its root cause is its first failing site check.
    assert all(c["outcome"] == "passed" for c in host["checks"].values()), host["checks"]
    assert (host["status"], host["root_cause"]) == ("unhealthy", "site.cmdb_tag")
    cmdb = host["site"]["site.cmdb_tag"]
    assert cmdb["outcome"] == "failed"
    assert cmdb["message"].startswith("/etc/ilogtail/user_defined_id holds no cmdb- tag")
    assert cmdb["fix"].startswith("Add the host's CMDB tag")
    assert healthy.url in ran.stdout.split("logtail-doctor: hosts")[-1]
    line = next(x for x in ran.stdout.splitlines() if x.startswith(healthy.url + " "))
    assert "site.cmdb_tag: /etc/ilogtail/user_defined_id holds no cmdb- tag" in line
    assert "-> Add the host's CMDB tag" in line
    assert summary["gate"]["exit_code"] == 1
    # The causes view, by the site check's ID.
    [cause] = [c for c in summary["causes"] if c["check"] == "site.cmdb_tag"]
    assert healthy.url in cause["hosts"]
    assert cause["title"] == "The agent's user_defined_id carries the host's CMDB tag"
    # The security baseline holds on every reachable lab host.
    baseline = "site/test_security_baseline.py::test_user_identifier_files_are_owned_by_root"
    for lab_host in _reachable(demo_lab):
        assert summary["hosts"][lab_host.url]["site"][baseline]["outcome"] == "passed"
    # junit.xml: the site tests' testcases carry their check and host like the guide's.
    tree = ET.parse(ran.cwd / "reports" / "junit.xml")
    cases = [
        {p.get("name"): p.get("value") for p in case.iter("property")}
        for case in tree.iter("testcase")
        if "test_user_defined_id_has_a_cmdb_tag" in (case.get("name") or "")
    ]
    assert len(cases) == len(demo_lab.hosts)
    assert {c.get("check_id") for c in cases} == {"site.cmdb_tag"}
    assert {c.get("host") for c in cases} == {h.url for h in demo_lab.hosts}
    # report.html: the column, and the rows of the host's details.
    page = (ran.cwd / "reports" / "report.html").read_text(encoding="utf-8")
    assert "Site checks" in page
    assert "The agent&#39;s user_defined_id carries" in page or (
        "The agent's user_defined_id carries" in page
    )


def test_a_hanging_site_test_is_cut_at_the_bound_and_the_others_finish(
    demo_lab: Lab, site_run: tuple[Ran, float]
) -> None:
    ran, seconds = site_run
    summary = ran.summary()
    hang = "site/test_hang.py::test_hangs_on_one_host"
    healthy = next(h for h in demo_lab.hosts if h.name == HANGS_ON)
    cut = summary["hosts"][healthy.url]["site"][hang]
    assert cut["outcome"] == "failed"
    assert "`sleep 600` cut at the site test's bound" in cut["message"]
    assert BOUND_SAID in cut["message"]
    for lab_host in _reachable(demo_lab):
        if lab_host.name != HANGS_ON:
            assert summary["hosts"][lab_host.url]["site"][hang]["outcome"] == "passed"
    assert seconds < 300  # one bound of 15 s, not a sleep of 600


def test_k_selecting_only_site_checks_runs_only_them(
    demo_lab: Lab, installed: Installed, fleet_files: tuple[Path, Path], workdir: Path
) -> None:
    targets, ssh_config = fleet_files
    cwd = workdir / "user" / "site-k"
    _site_folder(cwd, hang=False)
    ran = run_command(
        installed,
        cwd,
        f"logtail-doctor --targets {targets} --ssh-config {ssh_config} {BOUNDS} site -k cmdb",
    )
    assert ran.exit_code == 1, _said(ran)
    summary = ran.summary()
    junit = ET.parse(cwd / "reports" / "junit.xml")
    names = {case.get("name", "").split("[")[0] for case in junit.iter("testcase")}
    assert names == {"test_user_defined_id_has_a_cmdb_tag"}
    for lab_host in _reachable(demo_lab):
        host = summary["hosts"][lab_host.url]
        assert list(host["site"]) == ["site.cmdb_tag"]
        # No guide check ran (the probe's own answer is judged on every probed host).
        assert set(host["checks"]) == {"host.reachable"}, host["checks"]
        assert host["root_cause"] == "site.cmdb_tag"


def test_a_site_check_broken_since_the_baseline_is_new_and_shards_merge(
    demo_lab: Lab, installed: Installed, fleet_files: tuple[Path, Path], workdir: Path
) -> None:
    targets, ssh_config = fleet_files
    cwd = workdir / "user" / "site-new"
    common = f"logtail-doctor --targets {targets} --ssh-config {ssh_config} {BOUNDS}"
    _site_folder(cwd, hang=False, cmdb=False)
    before = run_command(installed, cwd, f"{common} site --summary-json base/summary.json")
    assert before.exit_code == 1, _said(before)  # the demo's faults
    shutil.copy(EXAMPLES / "test_cmdb_tag.py", cwd / "site")  # the site adds its CMDB rule
    shards = []
    for k in (1, 2):
        shard = run_command(
            installed,
            cwd,
            f"{common} site --baseline base/summary.json --fail-on new --shard {k}/2 "
            f"--summary-json shard{k}/summary.json --report shard{k}/report.html "
            f"--junitxml shard{k}/junit.xml",
        )
        assert shard.exit_code == 1, _said(shard)  # new failures: a site check broke
        shards.append(json.loads((cwd / f"shard{k}" / "summary.json").read_text()))
    changes: dict[str, tuple[str, str | None]] = {}
    for document in shards:
        changed = document["changes"]
        changes.update({c["host"]: ("broke", c["root_cause"]) for c in changed["broke"]})
        changes.update({c["host"]: ("site_broke", c["check"]) for c in changed["site_broke"]})
    healthy = next(h for h in demo_lab.hosts if h.name == HANGS_ON)
    stopped = next(h for h in demo_lab.hosts if h.name == "stopped")
    assert changes[healthy.url] == ("broke", "site.cmdb_tag")
    assert changes[stopped.url] == ("site_broke", "site.cmdb_tag")  # behind step1.running
    merged = run_command(installed, cwd, "logtail-doctor merge merged shard1 shard2")
    assert merged.exit_code == 1, _said(merged)
    summary = json.loads((cwd / "merged" / "summary.json").read_text())
    assert set(summary["hosts"]) == {h.url for h in demo_lab.hosts}
    for lab_host in _reachable(demo_lab):
        assert summary["hosts"][lab_host.url]["site"]["site.cmdb_tag"]["outcome"] == "failed"
    assert summary["hosts"][healthy.url]["root_cause"] == "site.cmdb_tag"
    page = (cwd / "merged" / "report.html").read_text(encoding="utf-8")
    assert "Site checks" in page
