"""pytest wiring for logtail-doctor: options, hosts, one probe per host, reports.

This file decides nothing: the targets file is read by logtail_doctor.targets,
hosts are probed and judged by logtail_doctor.fleet, waivers are read and
matched by logtail_doctor.waivers, the summary is built by logtail_doctor.report
and the HTML report by logtail_doctor.html_report. Here we only connect those
to pytest.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Generator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType, TracebackType

import pytest

from logtail_doctor import __version__
from logtail_doctor.catalogue import spec
from logtail_doctor.fleet import Diagnosis, FleetHost, diagnose, plan
from logtail_doctor.group_plan import Member, plan_groups, plan_lines
from logtail_doctor.html_report import render_report
from logtail_doctor.i18n import LANGUAGES
from logtail_doctor.junit import annotate_file
from logtail_doctor.metrics import publish as publish_metrics
from logtail_doctor.outcome import Finding, Status
from logtail_doctor.packaged import revision
from logtail_doctor.remediation import write_remediation
from logtail_doctor.report import (
    cause_lines,
    change_lines,
    gate_line,
    terminal_lines,
    write_json,
    write_text,
)
from logtail_doctor.server_view import (
    ServerView,
    add_heartbeats,
    address_of,
    apply_to_fleet,
    group_lines,
    group_report,
    identity_of,
    read_server_view,
    summary_block,
)
from logtail_doctor.shard import parse_shard, select
from logtail_doctor.sls_api import check_endpoint, connect, default_endpoint
from logtail_doctor.targets import Targets, TargetsError, load_targets
from logtail_doctor.transport import ConnectionOptions, Progress
from logtail_doctor.verdict import (
    FAIL_ON_CHOICES,
    Baseline,
    PytestResult,
    RunVerdict,
    VerdictError,
    conclude,
    judge_result,
    load_baseline,
    run_checks_of,
    to_json,
)
from logtail_doctor.waivers import NO_WAIVERS, WaiverError, Waivers, load_waivers, today_utc

TARGETS = pytest.StashKey[Targets]()
FLEET = pytest.StashKey[list[FleetHost]]()
OPTIONS = pytest.StashKey[ConnectionOptions]()
DIAGNOSES = pytest.StashKey[dict[str, Diagnosis]]()  # per probed host, once probed
TESTS = pytest.StashKey[dict[tuple[str, str], PytestResult]]()  # (host, check) -> what pytest said
VERDICT = pytest.StashKey[RunVerdict]()  # the run's verdict, computed once at its end
STARTED = pytest.StashKey[float]()
SELECTED_HOSTS = pytest.StashKey[set[str]]()  # the hosts of the tests left after -k/-m
WAIVERS = pytest.StashKey[Waivers]()
FAIL_ON = pytest.StashKey[frozenset[str]]()
TODAY = pytest.StashKey[date]()  # one date for the whole run: waivers expire on a date
SLS_ENDPOINT = pytest.StashKey[str]()  # set only with --sls
SERVER_VIEW = pytest.StashKey[ServerView]()
GROUPS_REPORT = pytest.StashKey[dict[str, dict[str, object]]]()
BASELINE = pytest.StashKey[Baseline]()  # the earlier run compared with
BASELINE_NOTE = pytest.StashKey[str]()  # why the default baseline was not used
GROUP_PLAN = pytest.StashKey[dict[str, dict[str, object]]]()  # per machine group, its plan
PROBE_FIGURES = pytest.StashKey[dict[str, float | int]]()  # the probe's wall time, hosts/s
SERVERS = pytest.StashKey[dict[str, dict[str, object]]]()  # --sls: per host, its heartbeat
# Tests between two freezes of the heap (_Heap): about 100 hosts' worth.
FREEZE_EVERY = 2000
# What the probe raised, raised again for every later check.
PROBE_ERROR = pytest.StashKey[tuple[Exception, TracebackType | None]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check(check_id): the catalogue check a test asserts")
    if config.option.help or config.option.version:
        return
    # pytest-html's page, one row per test, unless --html names another path.
    # Set here, not in pytest.ini, so that `-p no:html` can leave it out: with
    # the plugin blocked, an --html in the ini file would be an unknown option.
    if config.pluginmanager.hasplugin("html"):
        config.option.htmlpath = config.option.htmlpath or "reports/tests.html"
        config.option.self_contained_html = True
    targets_path = config.getoption("targets")
    if not targets_path:
        raise pytest.UsageError(
            "--targets FILE is required "
            "(see fixtures/example.yaml; `logtail-doctor init` writes one)"
        )
    try:
        targets = load_targets(Path(targets_path))
    except TargetsError as exc:
        raise pytest.UsageError(str(exc)) from None
    for name in ("connect_timeout", "command_timeout", "max_connections"):
        if getattr(config.option, name) < 1:
            raise pytest.UsageError(f"--{name.replace('_', '-')} must be at least 1")
    _configure_report_and_gate(config)
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
    if config.option.shard:  # logtail_doctor.shard: this runner's part of the fleet
        try:
            shard = parse_shard(config.option.shard)
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
        total = len(fleet)
        fleet = select(fleet, shard, lambda h: h.host_id)
        if not fleet:
            raise pytest.UsageError(f"--shard {shard}: no hosts in this shard ({total} in all)")
    if config.option.sls:
        if config.option.heartbeat_threshold < 1:
            raise pytest.UsageError("--heartbeat-threshold must be at least 1")
        try:
            endpoint = check_endpoint(
                config.option.sls_endpoint or default_endpoint(targets.project.region)
            )
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
        config.stash[SLS_ENDPOINT] = endpoint
    config.stash[TARGETS] = targets
    config.stash[FLEET] = fleet
    config.stash[OPTIONS] = options
    config.stash[TESTS] = {}
    config.stash[STARTED] = time.time()
    config.pluginmanager.register(_fixtures(config), "logtail-doctor-fixtures")


def _configure_report_and_gate(config: pytest.Config) -> None:
    """--report-lang, --fail-on and --waivers: checked before anything is probed."""
    if config.option.report_lang not in LANGUAGES:
        raise pytest.UsageError(
            f"--report-lang={config.option.report_lang}: expected one of {', '.join(LANGUAGES)}"
        )
    fail_on = frozenset(s.strip() for s in config.option.fail_on.split(",") if s.strip())
    if not fail_on or not fail_on <= set(FAIL_ON_CHOICES):
        raise pytest.UsageError(
            f"--fail-on={config.option.fail_on}: expected {', '.join(FAIL_ON_CHOICES)} "
            "(comma-separated)"
        )
    _read_baseline(config)
    try:
        waivers = load_waivers(Path(config.option.waivers)) if config.option.waivers else NO_WAIVERS
    except WaiverError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[WAIVERS] = waivers
    config.stash[FAIL_ON] = fail_on
    config.stash[TODAY] = today_utc()


def _read_baseline(config: pytest.Config) -> None:
    """--baseline FILE, or else the summary a previous run left in the reports folder.

    Read now, before this run overwrites it. A baseline given that cannot be read
    is a usage error; a default one (another version's, say) is set aside with a note.
    """
    given = config.option.baseline
    path = Path(given) if given else Path(config.option.summary_json)
    if not given and not path.is_file():
        return
    try:
        config.stash[BASELINE] = load_baseline(path)
    except VerdictError as exc:
        if given:
            raise pytest.UsageError(f"--baseline: {exc}") from None
        config.stash[BASELINE_NOTE] = f"no comparison with the previous run: {exc}"


@dataclass(frozen=True)
class CheckTarget:
    """One test's parameter: the host it judges and the check its @check names."""

    host_id: str
    check_id: str


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "check_target" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("check")
        if marker is None or not marker.args:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid} uses 'finding' without @check(...)"
            )
        ids = [h.host_id for h in metafunc.config.stash[FLEET]]
        targets = [CheckTarget(host_id, str(marker.args[0])) for host_id in ids]
        metafunc.parametrize("check_target", targets, ids=ids)


def pytest_collection_finish(session: pytest.Session) -> None:
    # After -k/-m: only the hosts some selected test judges are probed.
    session.config.stash[SELECTED_HOSTS] = {
        target.host_id for item in session.items if (target := _target_of(item))
    }
    _HEAP.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _check_tests_match_catalogue(items)
    # Host by host, in the targets' order (the check order within a host stays
    # the guide's): junit.xml and the progress read per host, as the report does.
    fleet: list[FleetHost] = config.stash.get(FLEET, [])
    position = {h.host_id: i for i, h in enumerate(fleet)}
    items.sort(key=lambda item: position.get(_host_of(item) or "", -1))


def _target_of(item: pytest.Item) -> CheckTarget | None:
    """The host and check a test judges; None for a test that is not a check's."""
    callspec = getattr(item, "callspec", None)
    target = callspec.params.get("check_target") if callspec else None
    return target if isinstance(target, CheckTarget) else None


def _host_of(item: pytest.Item) -> str | None:
    target = _target_of(item)
    return target.host_id if target else None


def _check_tests_match_catalogue(items: list[pytest.Item]) -> None:
    """Every test names one declared check, and no check has two tests.

    Before -k/-m deselect anything. That every check has its test is the
    project's own test (tests/unit/test_catalogue.py): a run of one module of
    tests_infra/ is a selection, its other checks "not run".
    """
    tests: dict[str, set[str]] = {}
    for item in items:
        marker = item.get_closest_marker("check")
        if marker is None:
            continue
        check_id = str(marker.args[0]) if marker.args else ""
        try:
            spec(check_id)
        except KeyError:
            raise pytest.UsageError(
                f"{item.nodeid}: @check({check_id!r}) names no declared check"
            ) from None
        tests.setdefault(check_id, set()).add(item.nodeid.split("[", 1)[0])
    for check_id, found in tests.items():
        if len(found) > 1:
            raise pytest.UsageError(f"check {check_id}: two tests: {', '.join(sorted(found))}")


def _fixtures(config: pytest.Config) -> ModuleType:
    """The suite's one fixture, a closure over the run's config, registered as a plugin.

    `finding` asks for nothing but its parameter. Not pytest's `request`: pytest
    builds a new FixtureDef, with an inspect.signature, each time `request` is
    looked up in a fixture chain, about six times per test, which was a quarter
    of the runner's own cost per host (bench/runner_bench.py, 2026-12-04). Nor a
    session fixture holding the diagnoses: resolving even a cached fixture is
    about 26 us per test, 1 s of 38,000 tests at 2,000 hosts (2026-12-05), so the
    fleet is probed by `_probed`, once, from the first finding.
    """

    @pytest.fixture
    def finding(check_target: CheckTarget) -> Finding:
        host_id = check_target.host_id
        outcome = _probed(config)[host_id].outcomes[check_target.check_id]
        if outcome.status is Status.SKIPPED:
            pytest.skip(f"{host_id}: {outcome.check_id}: {outcome.message()}")
        result, waiver = judge_result(host_id, outcome, config.stash[WAIVERS], config.stash[TODAY])
        if result == "waived" and waiver is not None:  # an accepted failure: xfailed, not failed
            pytest.xfail(f"{host_id}: {outcome.check_id}: {waiver.reason}")
        return Finding(host_id, outcome, waiver.reason if waiver else None)

    plugin = ModuleType("logtail_doctor_fixtures")  # pytest reads a module's fixtures
    plugin.finding = finding  # type: ignore[attr-defined]
    return plugin


def _probed(config: pytest.Config) -> dict[str, Diagnosis]:
    """The diagnoses, probed on the first call; later calls read them (or its error).

    Like a session fixture: a probe that raised raises again for every later
    check, without probing again.
    """
    if DIAGNOSES in config.stash:
        return config.stash[DIAGNOSES]
    if PROBE_ERROR in config.stash:
        error, traceback = config.stash[PROBE_ERROR]
        raise error.with_traceback(traceback)  # the first one's: it does not grow per check
    try:
        return _probe_fleet(config)
    except Exception as error:
        config.stash[PROBE_ERROR] = (error, error.__traceback__)
        raise


def _probe_fleet(config: pytest.Config) -> dict[str, Diagnosis]:
    """Every host probed once, concurrently, before the first check; the checks only read.

    All hosts are probed before any check runs. Running each host's checks as
    soon as that host was probed was tried (2026-11-25): no faster at 200
    hosts (the two cores are busy with ssh either way), and the checks then
    ran beside the probing threads under pytest's process-wide warning and
    capture state, where 2 of about 20 runs lost a host's probe.
    """
    fleet = config.stash[FLEET]
    view = _read_server_view(config)  # --sls: once per run, before probing
    if view is not None:
        fleet = apply_to_fleet(fleet, view)  # the groups' IPs as Log Service has them
    wanted = config.stash[SELECTED_HOSTS]
    fleet = [h for h in fleet if h.host_id in wanted]
    progress = _ProgressLine(config)
    result = diagnose(
        fleet, config.stash[OPTIONS], config.option.max_connections, progress, progress.every
    )
    config.stash[DIAGNOSES] = result
    if progress.last is not None:
        config.stash[PROBE_FIGURES] = progress.last.as_dict()
    config.stash[GROUP_PLAN] = plan_groups(_members(fleet, result))
    _HEAP.freeze()
    if view is not None:  # the groups are compared with the whole fleet
        _add_server_view(config, fleet, result, view)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    target = _target_of(item)
    if target is None:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        diagnosis = item.config.stash.get(DIAGNOSES, {}).get(target.host_id)
        judged = diagnosis.outcomes.get(target.check_id) if diagnosis else None
        # A failure the check did not conclude is the suite's own error: keep its words.
        broke = report.failed and (judged is None or not judged.failed)
        error = report.longreprtext[-300:] if broke else None
        key = (target.host_id, target.check_id)
        item.config.stash[TESTS][key] = PytestResult(item.nodeid, outcome, error)
    return report


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # trylast: after pytest's junitxml has written junit.xml, which we then annotate.
    config = session.config
    if TESTS not in config.stash or not config.stash[TESTS]:
        return
    verdict = _conclude(config)
    config.stash[VERDICT] = verdict
    summary = Path(config.option.summary_json)
    if summary.is_file():  # the previous run's, kept for the next comparison by hand
        summary.replace(summary.with_name("summary.previous.json"))
    write_json(summary, to_json(verdict, streamed=True))
    write_text(Path(config.option.report), render_report(verdict, config.option.report_lang))
    write_remediation(verdict, Path(config.option.remediation))
    publish_metrics(verdict, config.option.metrics, config.option.pushgateway)
    if config.option.xmlpath:
        annotate_file(Path(config.option.xmlpath), verdict)
    # The gate decides exit 0 or 1 (logtail_doctor.verdict.Gate); errors other
    # than test results (usage, internal, interrupted) stand as pytest set them.
    if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = pytest.ExitCode(verdict.gate.exit_code)


class _ProgressLine:
    """The probe's progress while the fleet answers: pytest's own starts only after.

    On a terminal one line updates in place; in a CI log (no terminal) a plain
    line every --progress-every seconds; with -qq nothing. The last call is the
    final figures (every host done).
    """

    def __init__(self, config: pytest.Config) -> None:
        self.reporter = config.pluginmanager.get_plugin("terminalreporter")
        self.capture = config.pluginmanager.get_plugin("capturemanager")
        self.tty = bool(self.reporter is not None and self.reporter.isatty)
        self.silent = self.reporter is None or config.option.verbose <= -2
        self.every = 0.2 if self.tty else max(0.1, float(config.option.progress_every))
        self.last: Progress | None = None

    def __call__(self, progress: Progress) -> None:
        self.last = progress
        if self.silent or self.reporter is None:
            return
        finished = progress.done >= progress.total
        text = progress.final_line() if finished else progress.line()
        # The fixture runs under pytest's output capture: write past it, as live logging does.
        with (
            self.capture.global_and_fixture_disabled() if self.capture else contextlib.nullcontext()
        ):
            if self.tty:
                self.reporter.rewrite(text, erase=True)
                if finished:
                    self.reporter.write_line("")
            else:
                self.reporter.write_line(text)


def _members(fleet: list[FleetHost], diagnoses: dict[str, Diagnosis]) -> list[Member]:
    """The probed hosts with a machine group, as the group plan sees them."""
    members = []
    for host in fleet:
        diagnosis = diagnoses.get(host.host_id)
        if host.expectation.group is None or diagnosis is None:
            continue
        address = address_of(host.target.spec)
        nics = tuple(n.address for n in diagnosis.facts.nics) if diagnosis.facts else ()
        members.append(
            Member(
                host.host_id,
                host.expectation.group,
                identity_of(diagnosis.facts, address),
                tuple(dict.fromkeys([*([address] if address else []), *nics])),
            )
        )
    return members


def _conclude(config: pytest.Config) -> RunVerdict:
    diagnoses = config.stash.get(DIAGNOSES, {})
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
    if config.option.shard:
        context["shard"] = str(parse_shard(config.option.shard))
    selection = {"keyword": config.option.keyword, "markexpr": config.option.markexpr}
    if any(selection.values()):
        context["selection"] = {k: v for k, v in selection.items() if v}
    if GROUPS_REPORT in config.stash:  # --sls
        context["sls"] = summary_block(config.stash[SERVER_VIEW], config.stash[SLS_ENDPOINT])
        context["machine_groups"] = config.stash[GROUPS_REPORT]
    waivers = config.stash[WAIVERS]
    context["waivers_file"] = str(waivers.path) if waivers.path else None
    context["group_plan"] = config.stash.get(GROUP_PLAN, {})
    if PROBE_FIGURES in config.stash:
        context["probe"] = config.stash[PROBE_FIGURES]
    tests: dict[tuple[str, str], PytestResult] = config.stash[TESTS]
    fail_on: frozenset[str] = config.stash[FAIL_ON]
    return conclude(
        {host_id: d.outcomes for host_id, d in diagnoses.items()},
        tests,
        run_checks=run_checks_of(bool(config.option.sls)),
        waivers=waivers,
        today=config.stash[TODAY],
        fail_on=fail_on,
        context=context,
        agents={host_id: d.agent for host_id, d in diagnoses.items()},
        probe_seconds={host_id: d.probe_seconds for host_id, d in diagnoses.items()},
        servers=config.stash.get(SERVERS, {}),
        baseline=config.stash.get(BASELINE, None),
        names={h: d.facts.hostname for h, d in diagnoses.items() if d.facts is not None},
        groups={
            h.host_id: h.expectation.group.name
            for h in config.stash[FLEET]
            if h.expectation.group is not None
        },
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> Generator[None]:
    # A wrapper that runs first finishes last: the host lines end the output.
    yield
    if VERDICT not in config.stash:
        return
    verdict = config.stash[VERDICT]
    if SERVER_VIEW in config.stash:  # --sls
        terminalreporter.section("logtail-doctor: machine groups (SLS API)")
        for line in group_lines(
            config.stash.get(GROUPS_REPORT, {}), config.stash[SERVER_VIEW].errors()
        ):
            terminalreporter.write_line(line)
    terminalreporter.section("logtail-doctor: hosts")
    terminalreporter.write_line(
        f"report: {config.option.report}  summary: {config.option.summary_json}"
    )
    # Healthy hosts first: the output ends with the hosts that need work.
    # How the exit code was decided, then the hosts: the last lines are the ones to act on.
    terminalreporter.write_line(gate_line(verdict))
    for line in terminal_lines(verdict):
        terminalreporter.write_line(line)
    # Then the fleet by cause: what broke, on how many hosts, and the one fix for each,
    # and what changed since the baseline.
    plan = plan_lines(
        verdict.context.get("group_plan") or {}, str(config.stash[TARGETS].project.name)
    )
    for line in cause_lines(verdict) + plan + change_lines(verdict):
        terminalreporter.write_line(line)
    if BASELINE_NOTE in config.stash:
        terminalreporter.write_line(config.stash[BASELINE_NOTE])


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report: object) -> None:
    report.title = "logtail-doctor: machine group heartbeat diagnosis"  # type: ignore[attr-defined]


def pytest_runtest_logfinish() -> None:
    _HEAP.test_done()


class _Heap:
    """Keeps the collector away from what lives for the whole run (items, facts, reports).

    A run holds one item per check and host, and their reports, until it ends;
    every full garbage collection would walk them all again, more of them with
    each test. So the heap is frozen after collection, after probing and every
    FREEZE_EVERY tests: full collections walk only what the latest tests left.
    Unfrozen, they were 3.0 of the 4.6 s the suite took beyond pytest alone at
    2,000 hosts (bench/runner_bench.py, 2026-12-05). Garbage is collected
    first, and what is frozen stays in use until the run ends, so freezing
    keeps nothing alive that would be freed.
    """

    def __init__(self) -> None:
        self.tests_since_freeze = 0

    def freeze(self) -> None:
        self.tests_since_freeze = 0
        gc.collect()  # of what is not frozen yet: about FREEZE_EVERY tests' objects
        gc.freeze()

    def test_done(self) -> None:
        self.tests_since_freeze += 1
        if self.tests_since_freeze >= FREEZE_EVERY:
            self.freeze()


_HEAP = _Heap()


def _git_revision() -> str | None:
    # The clone's revision, or the one an installed wheel was built from; never
    # that of some other repository the package happens to be installed inside.
    return revision()


# --- The server's view (--sls): logtail_doctor.server_view decides, we only wire ---------


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # server.heartbeat exists only with --sls: without it the run stays as it was.
    if collection_path.name == "test_server_heartbeat.py" and not config.getoption("sls"):
        return True
    return None


def _read_server_view(config: pytest.Config) -> ServerView | None:
    if SLS_ENDPOINT not in config.stash:
        return None
    targets = config.stash[TARGETS]
    endpoint = config.stash[SLS_ENDPOINT]
    view = read_server_view(
        lambda: connect(endpoint),
        targets.project.name,
        targets.machine_groups,
        time.time,
        config.option.heartbeat_threshold,
    )
    config.stash[SERVER_VIEW] = view
    return view


def _add_server_view(
    config: pytest.Config,
    fleet: list[FleetHost],
    diagnoses: dict[str, Diagnosis],
    view: ServerView,
) -> None:
    heartbeats, identities = add_heartbeats(fleet, diagnoses, view)
    config.stash[SERVERS] = {
        host_id: heartbeat.as_dict()
        for host_id, heartbeat in heartbeats.items()
        if heartbeat is not None
    }
    config.stash[GROUPS_REPORT] = group_report(view, identities, view.groups)
