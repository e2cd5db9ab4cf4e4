"""pytest wiring for logtail-doctor: pytest's hooks, connected to the run.

This file decides nothing: the run (logtail_doctor.run.Run) reads the options
and input files, probes the fleet, judges each check with waivers, concludes
the verdict and writes every output. Here we only connect it to pytest: one
stash key, the Run; one fixture, `finding`; the progress line; the heap's freezes.
A site's own testinfra tests (logtail_doctor.site) get `host`, `facts` and `targets`
per host of the run, and their results go to the run (_SiteTests, a plugin: a
conftest's hooks reach only the tests below its folder, and theirs are elsewhere).
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from logtail_doctor.catalogue import CATALOGUE, spec
from logtail_doctor.checks.registry import site_spec_of
from logtail_doctor.heap import Heap
from logtail_doctor.outcome import Finding, Status
from logtail_doctor.run import ProbeWatch, Run, RunError, RunOptions
from logtail_doctor.site import SiteRecord, assertion_finding
from logtail_doctor.transport import Progress
from logtail_doctor.transport.site_host import backstop_seconds, cut_at, site_bound

RUN = pytest.StashKey[Run]()
# Tests between two freezes of the heap (logtail_doctor.heap): about 100 hosts' worth.
FREEZE_EVERY = 2000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check(check_id): the catalogue check a test asserts")
    config.addinivalue_line("markers", "site: a site's own test, run on every host (-m site)")
    if config.option.help or config.option.version:
        return
    # pytest-html's page, one row per test, unless --html names another path.
    # Set here, not in pytest.ini, so that `-p no:html` can leave it out: with
    # the plugin blocked, an --html in the ini file would be an unknown option.
    if config.pluginmanager.hasplugin("html"):
        config.option.htmlpath = config.option.htmlpath or "reports/tests.html"
        config.option.self_contained_html = True
    try:
        run = Run.start(RunOptions.read(lambda name: getattr(config.option, name)))
    except RunError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[RUN] = run
    config.pluginmanager.register(_fixtures(run), "logtail-doctor-fixtures")
    config.pluginmanager.register(_SiteTests(run), "logtail-doctor-site-tests")


@dataclass(frozen=True)
class CheckTarget:
    """One test's parameter: the host it judges and the check its @check names."""

    host_id: str
    check_id: str


@dataclass(frozen=True)
class SiteTarget:
    """A site test's parameter: the host it runs on and the site check it is."""

    host_id: str
    check_id: str  # @site_check's ID, else the test's own id (file::name)
    title: str
    fix: str | None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "check_target" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("check")
        if marker is None or not marker.args:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid} uses 'finding' without @check(...)"
            )
        ids = [h.host_id for h in metafunc.config.stash[RUN].fleet]
        targets = [CheckTarget(host_id, str(marker.args[0])) for host_id in ids]
        metafunc.parametrize("check_target", targets, ids=ids)


def pytest_collection_finish(session: pytest.Session) -> None:
    # After -k/-m: only the hosts some selected test judges are probed.
    if RUN in session.config.stash:
        run = session.config.stash[RUN]
        run.selected_hosts = {
            target.host_id
            for item in session.items
            if (target := _target_of(item) or _site_target_of(item))
        }
        # Now, not at configure: pytest's terminal reporter exists by the time tests run.
        progress = _ProgressLine(session.config)
        run.watch = ProbeWatch(progress, progress.every, after=_HEAP.freeze)
    _HEAP.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _check_tests_match_catalogue(items)
    # A check that needs a run option (--agent-tls) is not part of a run without it.
    off = {s.check_id for s in CATALOGUE if s.run_option and not config.getoption(s.run_option)}
    if off:
        dropped = [item for item in items if _check_of(item) in off]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if _check_of(item) not in off]
    # Host by host, in the targets' order (the check order within a host stays
    # the guide's): junit.xml and the progress read per host, as the report does.
    fleet = config.stash[RUN].fleet if RUN in config.stash else []
    position = {h.host_id: i for i, h in enumerate(fleet)}
    # A host's site tests after the guide's checks, in the order they were collected.
    items.sort(
        key=lambda item: (position.get(_host_of(item) or "", -1), _site_target_of(item) is not None)
    )


def _check_of(item: pytest.Item) -> str | None:
    """The ID of the check a test asserts (its @check marker); None for other tests."""
    marker = item.get_closest_marker("check")
    return str(marker.args[0]) if marker is not None and marker.args else None


def _target_of(item: pytest.Item) -> CheckTarget | None:
    """The host and check a test judges; None for a test that is not a check's."""
    callspec = getattr(item, "callspec", None)
    target = callspec.params.get("check_target") if callspec else None
    return target if isinstance(target, CheckTarget) else None


def _site_target_of(item: pytest.Item) -> SiteTarget | None:
    callspec = getattr(item, "callspec", None)
    target = callspec.params.get("site_target") if callspec else None
    return target if isinstance(target, SiteTarget) else None


def _host_of(item: pytest.Item) -> str | None:
    target = _target_of(item) or _site_target_of(item)
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


def _fixtures(run: Run) -> ModuleType:
    """The suite's one fixture, a closure over the run, registered as a plugin.

    `finding` asks for nothing but its parameter. Not pytest's `request`: pytest
    builds a new FixtureDef, with an inspect.signature, each time `request` is
    looked up in a fixture chain, about six times per test, which was a quarter
    of the runner's own cost per host (bench/runner_bench.py, 2026-12-04). Nor a
    session fixture holding the diagnoses: resolving even a cached fixture is
    about 26 us per test, 1 s of 38,000 tests at 2,000 hosts (2026-12-05), so the
    fleet is probed by the run, once, from the first finding.
    """

    @pytest.fixture
    def finding(check_target: CheckTarget) -> Finding:
        host_id = check_target.host_id
        outcome, result, waiver = run.finding(host_id, check_target.check_id)
        if outcome.status is Status.SKIPPED:
            pytest.skip(f"{host_id}: {outcome.check_id}: {outcome.message()}")
        if result == "waived" and waiver is not None:  # an accepted failure: xfailed, not failed
            pytest.xfail(f"{host_id}: {outcome.check_id}: {waiver.reason}")
        return Finding(host_id, outcome, waiver.reason if waiver else None)

    # A site's own tests: testinfra's `host` (this one wins: a plugin registered after
    # testinfra's), the targets file's expectations and the probe's facts, per host.
    # Module-scoped, as testinfra's `host` is: a user's module fixture may use them.
    @pytest.fixture(scope="module")
    def host(site_target: SiteTarget) -> Any:
        made, unreachable = run.site_host(site_target.host_id)
        if unreachable is not None:
            pytest.skip(unreachable)
        return made

    @pytest.fixture(scope="module")
    def facts(site_target: SiteTarget) -> Any:
        found = run.site_facts(site_target.host_id)
        if found is None:
            pytest.skip(f"{site_target.host_id}: unreachable: no facts")
        return found

    @pytest.fixture(scope="module")
    def targets(site_target: SiteTarget) -> Any:
        return run.site_targets(site_target.host_id)

    plugin = ModuleType("logtail_doctor_fixtures")  # pytest reads a module's fixtures
    plugin.finding = finding  # type: ignore[attr-defined]
    plugin.host = host  # type: ignore[attr-defined]
    plugin.facts = facts  # type: ignore[attr-defined]
    plugin.targets = targets  # type: ignore[attr-defined]
    return plugin


class _SiteTests:
    """A site's own tests: one per host of the run, bounded, their results to the run."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "site_target" not in metafunc.fixturenames or "check_target" in metafunc.fixturenames:
            return
        declared = site_spec_of(metafunc.function)
        if declared is not None:
            check_id, title, fix = declared.check_id, declared.title, declared.fix
        else:  # a plain testinfra test: its pytest id is its ID
            check_id = _plain_id(metafunc)
            doc = (metafunc.function.__doc__ or "").strip().splitlines()
            title, fix = (doc[0].strip() if doc else metafunc.function.__name__), None
        ids = [h.host_id for h in self.run.fleet]
        metafunc.parametrize(
            "site_target",
            [SiteTarget(h, check_id, title, fix) for h in ids],
            ids=ids,
            scope="module",
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:  # before -m deselects: `-m site` selects them
            if _site_target_of(item) is not None:
                item.add_marker("site")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None]:
        return (yield from self._bounded(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None]:
        return (yield from self._bounded(item))

    def _bounded(self, item: pytest.Item) -> Generator[None]:
        """A site test's setup, then its call, each within the bound of one host."""
        target = _site_target_of(item)
        if target is None:
            return (yield)
        # The fleet's probe first, outside the bound: the first test to ask waits for every
        # host's (within the probe's own bounds), and a site test may be that first one.
        self.run.probed()
        self.run.start_site_bound(target.host_id)
        options = self.run.options.connection
        # Each command is killed at the bound (transport/site_host.py); this cuts a test
        # that hangs elsewhere (in Python, or a backend we cannot kill) a little later.
        message = f"{target.host_id}: cut at the site test's bound: {site_bound(options)}"
        with cut_at(backstop_seconds(options), message):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        target = _site_target_of(item)
        if target is None:
            return report
        if report.when == "call" or (report.when == "setup" and not report.passed):
            if report.when == "setup" and report.failed:
                outcome = "error"  # its own fixture broke: the test did not judge the host
            elif hasattr(report, "wasxfail"):
                outcome = "skipped" if report.skipped else "passed"
            else:
                outcome = report.outcome
            self.run.record_site(
                target.host_id,
                SiteRecord(
                    _site_id(item, target),
                    target.title,
                    item.nodeid,
                    outcome,
                    _finding_of(call),
                    target.fix,
                ),
            )
        return report


def _site_id(item: pytest.Item, target: SiteTarget) -> str:
    """The site check's ID, with the test's own parameters if it has some (not the host)."""
    callspec = getattr(item, "callspec", None)
    # The item's parameter ids joined by "-", the host's among them: the rest are the test's.
    own = str(callspec.id).replace(target.host_id, "", 1).strip("-") if callspec else ""
    return f"{target.check_id}[{own}]" if own else target.check_id


def _plain_id(metafunc: pytest.Metafunc) -> str:
    """A plain site test's ID: its file (relative to where the run started) :: its name."""
    path = Path(metafunc.definition.path)
    start = metafunc.config.invocation_params.dir
    shown = path.relative_to(start).as_posix() if path.is_relative_to(start) else path.name
    names = metafunc.definition.nodeid.split("::")[1:]
    return "::".join([shown, *names])


def _finding_of(call: pytest.CallInfo[None]) -> str:
    """What a site test said: its assertion's message, the skip's reason, or the error."""
    if call.excinfo is None:
        return ""
    error = call.excinfo.value
    if isinstance(error, AssertionError):
        return assertion_finding(str(error))
    if isinstance(error, pytest.skip.Exception | pytest.xfail.Exception):
        return str(error)
    text = str(error)
    name = type(error).__name__
    return f"{name}: {text}" if text and name != "SiteBoundError" else text or name


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    target = _target_of(item)
    if target is None:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        item.config.stash[RUN].record_test(
            target.host_id,
            target.check_id,
            test=item.nodeid,
            outcome="xfailed" if hasattr(report, "wasxfail") else report.outcome,
            failed=report.failed,
            error=report.longreprtext if report.failed else "",
        )
    return report


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # trylast: after pytest's junitxml has written junit.xml, which the run then annotates.
    if RUN not in session.config.stash:
        return
    verdict = session.config.stash[RUN].finish()
    # The gate decides exit 0 or 1 (logtail_doctor.verdict.Gate); errors other
    # than test results (usage, internal, interrupted) stand as pytest set them.
    if verdict is not None and session.exitstatus in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
    ):
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

    def __call__(self, progress: Progress) -> None:
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


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> Generator[None]:
    # A wrapper that runs first finishes last: the host lines end the output.
    yield
    for title, lines in config.stash[RUN].terminal_sections() if RUN in config.stash else []:
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report: object) -> None:
    report.title = "logtail-doctor: machine group heartbeat diagnosis"  # type: ignore[attr-defined]


def pytest_runtest_logfinish() -> None:
    _HEAP.test_done()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The server's check exists only with --sls: without it the run stays as it was.
    if collection_path.name == "test_server_heartbeat.py" and not config.getoption("sls"):
        return True
    return None


_HEAP = Heap(FREEZE_EVERY)
