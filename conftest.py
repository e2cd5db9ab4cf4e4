"""pytest wiring for logtail-doctor: options, hosts, one probe per host, reports.

This file decides nothing: the targets file is read by logtail_doctor.targets,
hosts are probed and judged by logtail_doctor.fleet, and the summary is built
by logtail_doctor.report. Here we only connect those to pytest.
"""

from __future__ import annotations

import html
import subprocess
import time
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from logtail_doctor import __version__
from logtail_doctor.catalogue import Finding, Outcome, Status
from logtail_doctor.fleet import Diagnosis, FleetHost, diagnose, plan
from logtail_doctor.report import (
    CheckRecord,
    HostVerdict,
    build_summary,
    terminal_lines,
    write_json,
)
from logtail_doctor.targets import Targets, TargetsError, load_targets
from logtail_doctor.transport import ConnectionOptions

TARGETS = pytest.StashKey[Targets]()
FLEET = pytest.StashKey[list[FleetHost]]()
OPTIONS = pytest.StashKey[ConnectionOptions]()
VERDICTS = pytest.StashKey[dict[str, HostVerdict]]()
DIAGNOSES = pytest.StashKey[dict[str, Diagnosis]]()
STARTED = pytest.StashKey[float]()
ITEM_OUTCOME = pytest.StashKey[Outcome]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check(check_id): the catalogue check a test asserts")
    if config.option.help or config.option.version:
        return
    targets_path = config.getoption("targets")
    if not targets_path:
        raise pytest.UsageError("--targets FILE is required (see fixtures/example.yaml)")
    try:
        targets = load_targets(Path(targets_path))
    except TargetsError as exc:
        raise pytest.UsageError(str(exc)) from None
    for name in ("connect_timeout", "command_timeout", "max_connections"):
        if getattr(config.option, name) < 1:
            raise pytest.UsageError(f"--{name.replace('_', '-')} must be at least 1")
    options = ConnectionOptions(
        connection=config.option.connection,
        ssh_config=config.option.ssh_config,
        ssh_identity_file=config.option.ssh_identity_file,
        sudo=config.option.sudo,
        sudo_user=config.option.sudo_user,
        ansible_inventory=config.option.ansible_inventory,
        force_ansible=config.option.force_ansible,
        connect_timeout=config.option.connect_timeout,
        command_timeout=config.option.command_timeout,
    )
    specs = config.option.hosts.split(",") if config.option.hosts else None
    try:
        fleet = plan(targets, specs, options)
    except ValueError as exc:
        raise pytest.UsageError(f"{targets_path}: {exc}") from None
    if not fleet:
        raise pytest.UsageError(f"{targets_path}: no hosts: list them under hosts: or give --hosts")
    config.stash[TARGETS] = targets
    config.stash[FLEET] = fleet
    config.stash[OPTIONS] = options
    config.stash[VERDICTS] = {h.host_id: HostVerdict(h.host_id) for h in fleet}
    config.stash[STARTED] = time.time()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "host_id" in metafunc.fixturenames:
        ids = [h.host_id for h in metafunc.config.stash[FLEET]]
        metafunc.parametrize("host_id", ids, ids=ids)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Set at collection, so every phase's report (and so junit.xml) carries them.
    for item in items:
        marker = item.get_closest_marker("check")
        callspec = getattr(item, "callspec", None)
        if marker and callspec:
            item.user_properties.append(("check_id", marker.args[0]))
            item.user_properties.append(("host", callspec.params["host_id"]))


@pytest.fixture(scope="session")
def diagnoses(request: pytest.FixtureRequest) -> dict[str, Diagnosis]:
    """Every host probed once, concurrently, on first use; the checks then only read."""
    config = request.config
    fleet = config.stash[FLEET]
    wanted = {dict(item.user_properties).get("host") for item in request.session.items}
    result = diagnose(
        [h for h in fleet if h.host_id in wanted],
        config.stash[OPTIONS],
        config.option.max_connections,
    )
    for host_id, diagnosis in result.items():
        verdict = config.stash[VERDICTS][host_id]
        verdict.agent = diagnosis.agent
        verdict.probe_seconds = diagnosis.probe_seconds
    config.stash[DIAGNOSES] = result
    return result


@pytest.fixture
def finding(
    request: pytest.FixtureRequest, host_id: str, diagnoses: dict[str, Diagnosis]
) -> Finding:
    marker = request.node.get_closest_marker("check")
    if marker is None:
        raise pytest.UsageError(f"{request.node.nodeid} uses 'finding' without @check(...)")
    outcome = diagnoses[host_id].outcomes[marker.args[0]]
    request.node.stash[ITEM_OUTCOME] = outcome
    if outcome.status is Status.SKIPPED:
        pytest.skip(f"{host_id}: {outcome.check_id}: {outcome.message}")
    return Finding(host_id, outcome)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    props = dict(item.user_properties)
    if "check_id" not in props:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = item.stash.get(ITEM_OUTCOME, None)
        if outcome is not None:
            record = CheckRecord(
                report.outcome,
                outcome.message,
                outcome.remediation,
                outcome.evidence,
                expected=outcome.expected,
                found=outcome.found,
            )
        else:  # the test broke before reaching the check (a bug, not a diagnosis)
            record = CheckRecord("failed", f"internal error: {report.longreprtext[-300:]}")
        if report.failed:
            record.outcome = "failed"
        verdicts = item.config.stash[VERDICTS]
        verdicts[str(props["host"])].checks[str(props["check_id"])] = record
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if VERDICTS not in config.stash:
        return
    verdicts = [v for v in config.stash[VERDICTS].values() if v.checks]
    targets = config.stash[TARGETS]
    started = config.stash[STARTED]
    context: dict[str, object] = {
        "tool": {"name": "logtail-doctor", "version": __version__, "revision": _git_revision()},
        "targets_file": str(targets.path),
        "project": {
            "name": targets.project.name,
            "region": targets.project.region,
            "network": targets.project.network,
        },
        "account_ids": list(targets.account_ids),
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "duration_seconds": round(time.time() - started, 3),
    }
    write_json(Path(config.option.summary_json), build_summary(verdicts, context))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> Generator[None]:
    # A wrapper that runs first finishes last: the host lines end the output.
    yield
    if VERDICTS not in config.stash:
        return
    verdicts = [v for v in config.stash[VERDICTS].values() if v.checks]
    terminalreporter.section("logtail-doctor: hosts")
    for line in terminal_lines(verdicts):
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"summary: {config.option.summary_json}")


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report: object) -> None:
    report.title = "logtail-doctor: machine group heartbeat diagnosis"  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_summary(
    prefix: list[str], summary: list[str], postfix: list[str], session: pytest.Session
) -> None:
    config = session.config
    if VERDICTS not in config.stash:
        return
    targets = config.stash[TARGETS]
    project = targets.project
    rows = []
    for verdict in sorted(config.stash[VERDICTS].values(), key=lambda v: v.host_id):
        if not verdict.checks:
            continue
        cause = verdict.root_cause
        fix = verdict.checks[cause].remediation if cause else None
        rows.append(
            f"<tr class='ltd-{verdict.status}'><td>{html.escape(verdict.host_id)}</td>"
            f"<td>{verdict.status}</td><td>{html.escape(cause or '')}</td>"
            f"<td>{html.escape(verdict.checks[cause].message) if cause else ''}</td>"
            f"<td><code>{html.escape(fix or '')}</code></td></tr>"
        )
    prefix.append(
        f"<p>Project <b>{html.escape(project.name)}</b>, region {html.escape(project.region)}, "
        f"network {html.escape(project.network)}; targets {html.escape(str(targets.path))}</p>"
        "<table id='ltd-hosts'><thead><tr><th>Host</th><th>Status</th><th>Root cause</th>"
        "<th>Found</th><th>Fix</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _git_revision() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None
