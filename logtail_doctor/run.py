"""One run of the suite: what it was asked, what it found, and its verdict.

A `Run` is made from the command line's options (`RunOptions`) before anything
is probed: the targets file, the fleet (--hosts, --shard), the waivers, the
baseline, --fail-on and --sls are read and checked once, here. Then the fleet
is probed once, from the first check that asks (`probed`); each check's
result is judged once, with waivers (`finding`); pytest's result of each test
is recorded (`record_test`); and at the end the verdict is concluded from
each host's Diagnosis and written by the one writer (`finish`).

No pytest here: conftest.py wires pytest's hooks to these methods, and turns
a `RunError` (one line) into a usage error.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from logtail_doctor import __version__
from logtail_doctor.catalogue import CATALOGUE, root_cause
from logtail_doctor.checks.server_heartbeat import HEARTBEAT, judge_heartbeat
from logtail_doctor.fleet import Diagnosis, FleetHost, diagnose, plan
from logtail_doctor.group_plan import Member, plan_groups, plan_lines
from logtail_doctor.i18n import LANGUAGES
from logtail_doctor.outcome import Outcome
from logtail_doctor.outputs.summary_file import SummaryError, load_baseline
from logtail_doctor.outputs.terminal import cause_lines, change_lines, gate_line, terminal_lines
from logtail_doctor.outputs.write import Destinations, parse_fail_on, write_outputs
from logtail_doctor.packaged import revision
from logtail_doctor.run_context import Project, RunContext, Tool
from logtail_doctor.shard import Shard, parse_shard, select
from logtail_doctor.site import HostTargets, SiteRecord, site_result
from logtail_doctor.sls.api import check_endpoint, connect, default_endpoint
from logtail_doctor.sls.fleet_view import apply_to_fleet
from logtail_doctor.sls.terminal_lines import group_lines
from logtail_doctor.sls.view import (
    Identity,
    ServerView,
    address_of,
    group_report,
    identity_of,
    read_server_view,
    summary_block,
)
from logtail_doctor.targets import Targets, TargetsError, load_targets
from logtail_doctor.text import one_line, quoted, shorten
from logtail_doctor.transport import ConnectionOptions, Progress
from logtail_doctor.transport.site_host import SiteHost
from logtail_doctor.verdict import (
    Baseline,
    CheckResult,
    Judgements,
    PytestResult,
    RunVerdict,
    conclude,
    host_result_of,
    run_checks_of,
    unprobed_host_result,
)
from logtail_doctor.waivers import NO_WAIVERS, WaiverError, WaiverNote, load_waivers, today_utc

# The options a run reads, by their names on the command line (logtail_doctor_pytest).
Option = Callable[[str], Any]


@dataclass(frozen=True)
class ProbeWatch:
    """Who watches the probe: its progress (every so many seconds), and its end."""

    on_progress: Callable[[Progress], None] = lambda progress: None
    every: float = 1.0
    after: Callable[[], None] = lambda: None  # once every host is probed and judged


class RunError(ValueError):
    """Options or input files a run cannot start with; one line naming the file or option."""

    def __init__(self, message: str) -> None:
        # The last guard of "one line": a value a message echoes is cut where it is
        # quoted (text.quoted); whatever slipped through is cut here.
        super().__init__(shorten(one_line(message), _ERROR_CHARS))


_ERROR_CHARS = 2000


@dataclass(frozen=True)
class RunOptions:
    """What the command line asked, as the run needs it."""

    targets: Path
    hosts: tuple[str, ...] | None
    shard: Shard | None
    connection: ConnectionOptions
    max_connections: int
    outputs: Destinations
    fail_on: tuple[str, ...]
    waivers: Path | None
    baseline: Path | None  # --baseline; None: the previous summary.json, if any
    sls: bool  # --sls: read the machine groups from the SLS API
    sls_endpoint: str | None  # --sls-endpoint; None: the project's region's
    heartbeat_threshold: int
    selection: Mapping[str, str]  # -k / -m as given
    # The run options given that bring checks into the run (--agent-tls: step 2's
    # TLS check), from the checks' own run_option declarations.
    checks_on: tuple[str, ...] = ()

    @classmethod
    def read(cls, option: Option) -> RunOptions:
        """The options, checked; RunError names the first one that is wrong."""
        option = _with_numbers(option)
        if not option("targets"):
            raise RunError(
                "--targets FILE is required "
                "(see fixtures/example.yaml; `logtail-doctor init` writes one)"
            )
        option("progress_every")  # read by the progress line (conftest.py): a number
        for name in ("connect_timeout", "command_timeout", "max_connections"):
            if option(name) < 1:
                raise RunError(f"--{name.replace('_', '-')} must be at least 1")
        if option("report_lang") not in LANGUAGES:
            raise RunError(
                f"--report-lang={option('report_lang')}: expected one of {', '.join(LANGUAGES)}"
            )
        try:
            fail_on = parse_fail_on(option("fail_on"))
            shard = parse_shard(option("shard")) if option("shard") else None
        except ValueError as exc:
            raise RunError(str(exc)) from None
        for name in _FILE_OPTIONS:
            _check_readable_file(name, option(name))
        xmlpath = option("xmlpath")
        selection = {"keyword": option("keyword"), "markexpr": option("markexpr")}
        return cls(
            targets=Path(option("targets")),
            hosts=tuple(option("hosts").split(",")) if option("hosts") else None,
            shard=shard,
            connection=ConnectionOptions(
                connection=option("connection"),
                ssh_config=option("ssh_config"),
                ssh_identity_file=option("ssh_identity_file"),
                sudo=option("sudo"),
                sudo_user=option("sudo_user"),
                ansible_inventory=option("ansible_inventory"),
                force_ansible=option("force_ansible"),
                connect_timeout=option("connect_timeout"),
                command_timeout=option("command_timeout"),
                agent_tls=option("agent_tls"),
            ),
            max_connections=option("max_connections"),
            outputs=Destinations(
                summary=Path(option("summary_json")),
                report=Path(option("report")),
                remediation=Path(option("remediation")),
                junit=Path(xmlpath) if xmlpath else None,
                lang=option("report_lang"),
                keep_previous=True,
                metrics=Path(option("metrics")) if option("metrics") else None,
                pushgateway=option("pushgateway") or None,
            ),
            fail_on=fail_on,
            waivers=Path(option("waivers")) if option("waivers") else None,
            baseline=Path(option("baseline")) if option("baseline") else None,
            sls=_sls(option),
            sls_endpoint=option("sls_endpoint") or None,
            heartbeat_threshold=option("heartbeat_threshold"),
            selection={k: v for k, v in selection.items() if v},
            checks_on=tuple(
                sorted({s.run_option for s in CATALOGUE if s.run_option and option(s.run_option)})
            ),
        )


# Options that take a number, and its kind. They reach us as the text given (no
# argparse type): a word there is then our one-line usage error, not pytest's
# usage text of four lines.
NUMBER_OPTIONS: dict[str, type[int] | type[float]] = {
    "connect_timeout": int,
    "command_timeout": int,
    "max_connections": int,
    "heartbeat_threshold": int,
    "progress_every": float,
}


def _with_numbers(option: Option) -> Option:
    """OPTION, with the number options converted (RunError naming one that is no number)."""

    def read(name: str) -> Any:
        value = option(name)
        kind = NUMBER_OPTIONS.get(name)
        if kind is None or not isinstance(value, str):
            return value
        try:
            return kind(value)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise RunError(f"--{name.replace('_', '-')}={quoted(value)}: expected {what}") from None

    return read


# Options that name a file the run reads (ours and testinfra's): a typo in one
# must stop the run before any connection, not make every host "unreachable"
# (which --fail-on=unhealthy would let pass).
_FILE_OPTIONS = ("targets", "ssh_config", "ssh_identity_file", "ansible_inventory", "waivers")


def _check_readable_file(name: str, value: object) -> None:
    """RunError naming the option and its path unless the path is a readable file."""
    if not value:
        return
    path = Path(str(value)).expanduser()
    flag = f"--{name.replace('_', '-')}"
    shown = shorten(str(value))
    if not path.exists():
        raise RunError(f"{flag} {shown}: no such file")
    if not path.is_file():
        raise RunError(f"{flag} {shown}: not a regular file")
    if not os.access(path, os.R_OK):
        raise RunError(f"{flag} {shown}: not readable (permission denied)")


def _sls(option: Option) -> bool:
    if option("sls") and option("heartbeat_threshold") < 1:
        raise RunError("--heartbeat-threshold must be at least 1")
    return bool(option("sls"))


@dataclass
class Run:
    """A run of the suite, from its options to its verdict."""

    options: RunOptions
    targets: Targets
    fleet: list[FleetHost]
    judge: Judgements  # waivers, judged once per host and check
    watch: ProbeWatch = field(default_factory=ProbeWatch)
    sls_endpoint: str | None = None
    baseline: Baseline | None = None
    baseline_note: str | None = None  # why the default baseline was not used
    started: float = field(default_factory=time.time)
    selected_hosts: set[str] = field(default_factory=set)  # hosts of the tests left after -k/-m
    tests: dict[tuple[str, str], PytestResult] = field(default_factory=dict)
    diagnoses: dict[str, Diagnosis] | None = None  # once probed
    # What the probe raised and where, raised again for every later check.
    probe_error: tuple[Exception, TracebackType | None] | None = None
    probe_figures: dict[str, float | int] | None = None
    group_plan: dict[str, dict[str, Any]] = field(default_factory=dict)
    server_view: ServerView | None = None  # --sls
    servers: dict[str, dict[str, Any]] = field(default_factory=dict)  # --sls: per host
    groups_report: dict[str, dict[str, object]] | None = None  # --sls: per machine group
    verdict: RunVerdict | None = None
    # The site's own tests (logtail_doctor.site): what pytest said, per (host, site check ID).
    site: dict[tuple[str, str], SiteRecord] = field(default_factory=dict)
    site_hosts: dict[str, SiteHost] = field(default_factory=dict)  # each host's, made once

    @classmethod
    def start(cls, options: RunOptions) -> Run:
        """The run, its input read and checked before anything is probed."""
        try:
            targets = load_targets(options.targets)
        except TargetsError as exc:
            raise RunError(str(exc)) from None
        baseline, note = _read_baseline(options)
        try:
            waivers = load_waivers(options.waivers) if options.waivers else NO_WAIVERS
        except WaiverError as exc:
            raise RunError(str(exc)) from None
        specs = list(options.hosts) if options.hosts else None
        try:
            fleet = plan(targets, specs, options.connection)
        except ValueError as exc:
            raise RunError(f"{options.targets}: {exc}") from None
        if not fleet:
            raise RunError(f"{options.targets}: no hosts: list them under hosts: or give --hosts")
        if options.shard is not None:  # this runner's part of the fleet
            total = len(fleet)
            fleet = select(fleet, options.shard, lambda h: h.host_id)
            if not fleet:
                raise RunError(f"--shard {options.shard}: no hosts in this shard ({total} in all)")
        endpoint = None
        if options.sls:
            try:
                endpoint = check_endpoint(
                    options.sls_endpoint or default_endpoint(targets.project.region)
                )
            except ValueError as exc:
                raise RunError(str(exc)) from None
        return cls(
            options,
            targets,
            fleet,
            Judgements(waivers, today_utc()),
            sls_endpoint=endpoint,
            baseline=baseline,
            baseline_note=note,
        )

    # --- probing -------------------------------------------------------------------------

    def probed(self) -> dict[str, Diagnosis]:
        """The diagnoses, probed on the first call; later calls read them (or its error).

        Like a session fixture: a probe that raised raises again for every later
        check, without probing again.
        """
        if self.diagnoses is not None:
            return self.diagnoses
        if self.probe_error is not None:
            error, traceback = self.probe_error
            raise error.with_traceback(traceback)  # the first one's: it does not grow per check
        try:
            return self._probe()
        except Exception as error:
            self.probe_error = (error, error.__traceback__)
            raise

    def _probe(self) -> dict[str, Diagnosis]:
        """Every selected host probed once, concurrently, before the first check.

        All hosts are probed before any check runs. Running each host's checks as
        soon as that host was probed was tried (2026-11-25): no faster at 200
        hosts (the two cores are busy with ssh either way), and the checks then
        ran beside the probing threads under pytest's process-wide warning and
        capture state, where 2 of about 20 runs lost a host's probe.
        """
        fleet = self.fleet
        view = self._read_server_view()  # --sls: once per run, before probing
        if view is not None:
            fleet = apply_to_fleet(fleet, view)  # the groups' IPs as Log Service has them
        fleet = [h for h in fleet if h.host_id in self.selected_hosts]
        last: list[Progress] = []

        def progress(figures: Progress) -> None:
            last[:] = [figures]
            self.watch.on_progress(figures)

        diagnoses = diagnose(
            fleet, self.options.connection, self.options.max_connections, progress, self.watch.every
        )
        if last:
            self.probe_figures = last[0].as_dict()
        self.group_plan = plan_groups(_members(fleet, diagnoses))
        if view is not None:  # the groups are compared with the whole fleet
            diagnoses = self._add_server_view(fleet, diagnoses, view)
        self.diagnoses = diagnoses
        self.watch.after()
        return diagnoses

    def _read_server_view(self) -> ServerView | None:
        if self.sls_endpoint is None:
            return None
        endpoint = self.sls_endpoint
        self.server_view = read_server_view(
            lambda: connect(endpoint),
            self.targets.project.name,
            self.targets.machine_groups,
            time.time,
            self.options.heartbeat_threshold,
        )
        return self.server_view

    def _add_server_view(
        self, fleet: list[FleetHost], diagnoses: dict[str, Diagnosis], view: ServerView
    ) -> dict[str, Diagnosis]:
        """Each diagnosis with the server's heartbeat check added (a new Diagnosis each)."""
        identities: list[Identity] = []
        added = dict(diagnoses)
        for host in fleet:
            diagnosis = diagnoses.get(host.host_id)
            if diagnosis is None:
                continue
            identity = identity_of(diagnosis.facts, address_of(host.target.spec))
            identities.append(identity)
            expected = host.expectation.group
            group = view.groups.get(expected.name) if expected else None
            cause = root_cause(diagnosis.outcomes)
            host_cause = (cause, diagnosis.outcomes[cause].fix) if cause else None
            outcome, heartbeat = judge_heartbeat(identity, group, view, host_cause)
            outcomes = {**diagnosis.outcomes, HEARTBEAT.check_id: outcome}
            added[host.host_id] = dataclasses.replace(diagnosis, outcomes=outcomes)
            if heartbeat is not None:
                self.servers[host.host_id] = heartbeat.as_dict()
        self.groups_report = group_report(view, identities, view.groups)
        return added

    # --- the checks ----------------------------------------------------------------------

    def finding(self, host_id: str, check_id: str) -> tuple[Outcome, str, WaiverNote | None]:
        """A check's outcome on a host and its result with waivers (judged once)."""
        outcome = self.probed()[host_id].outcomes[check_id]
        result, note = self.judge(host_id, outcome)
        return outcome, result, note

    def record_test(
        self, host_id: str, check_id: str, *, test: str, outcome: str, failed: bool, error: str
    ) -> None:
        """What pytest concluded of a check's test; a failure the check did not conclude broke."""
        diagnosis = (self.diagnoses or {}).get(host_id)
        judged = diagnosis.outcomes.get(check_id) if diagnosis else None
        # A failure the check did not conclude is the suite's own error: keep its words.
        broke = failed and (judged is None or not judged.failed)
        self.tests[(host_id, check_id)] = PytestResult(
            test, outcome, error[-300:] if broke else None
        )

    # --- the site's own tests ------------------------------------------------------------

    def site_host(self, host_id: str) -> tuple[Any, str | None]:
        """A site test's testinfra Host for this host (made once), its bound counted from now.

        (None, why) when the probe found the host unreachable: a site test there
        is not run (the host's own result says why), and never waits on it again.
        """
        diagnosis = self.probed()[host_id]
        if diagnosis.facts is None:
            why = next(iter(diagnosis.outcomes.values())).found_text
            return None, f"{host_id}: unreachable ({why}): site tests not run"
        made = self.site_hosts.get(host_id)
        if made is None:
            target = next(h.target for h in self.fleet if h.host_id == host_id)
            made = self.site_hosts[host_id] = SiteHost(target, self.options.connection)
        return made.start(), None

    def start_site_bound(self, host_id: str) -> None:
        """A site test's phase begins on this host: its commands' bound counts from now."""
        made = self.site_hosts.get(host_id)
        if made is not None:
            made.start()

    def site_facts(self, host_id: str) -> Any:
        """What the probe gathered on this host (HostFacts), None when it did not answer."""
        return self.probed()[host_id].facts

    def site_targets(self, host_id: str) -> HostTargets:
        """What the targets file expects of this host."""
        return HostTargets.of(next(h.expectation for h in self.fleet if h.host_id == host_id))

    def record_site(self, host_id: str, record: SiteRecord) -> None:
        """What pytest concluded of a site test on a host (its last phase that said something)."""
        self.site[(host_id, record.check_id)] = record

    # --- the end -------------------------------------------------------------------------

    def context(self) -> RunContext:
        """What was run, on what, when, how long: "run" in summary.json."""
        project = self.targets.project
        return RunContext(
            tool=Tool("logtail-doctor", __version__, revision()),
            targets_file=str(self.targets.path),
            project=Project(project.name, project.region, project.network),
            account_ids=tuple(self.targets.account_ids),
            started=datetime.fromtimestamp(self.started, UTC).isoformat(timespec="seconds"),
            duration_seconds=round(time.time() - self.started, 3),
            shard=str(self.options.shard) if self.options.shard is not None else None,
            selection=self.options.selection or None,
            sls=(
                summary_block(self.server_view, self.sls_endpoint)
                if self.server_view is not None and self.sls_endpoint is not None
                else None
            ),
            machine_groups=self.groups_report,
            waivers_file=str(self.judge.waivers.path) if self.judge.waivers.path else None,
            group_plan=self.group_plan,
            probe=self.probe_figures,
        )

    def conclude(self) -> RunVerdict:
        """The run's verdict, each host's result built from its Diagnosis and its tests."""
        run_checks = run_checks_of(self.sls_endpoint is not None, self.options.checks_on)
        tested: dict[str, dict[str, PytestResult]] = {}
        # The tests per host, grouped once: a scan of all tests per host would cost
        # hosts x tests (2,000 hosts: 76 million steps, 14 s; bench/runner_bench.py).
        for (host_id, check_id), result in self.tests.items():
            tested.setdefault(host_id, {})[check_id] = result
        site: dict[str, dict[str, CheckResult]] = {}
        for (host_id, check_id), record in self.site.items():
            site.setdefault(host_id, {})[check_id] = site_result(record)
        groups = {
            h.host_id: h.expectation.group.name
            for h in self.fleet
            if h.expectation.group is not None
        }
        diagnoses = self.diagnoses or {}
        hosts = [
            host_result_of(
                diagnosis,
                tested.get(host_id, {}),
                run_checks,
                self.judge,
                group=groups.get(host_id),
                server=self.servers.get(host_id),
                site=site.get(host_id),
            )
            for host_id, diagnosis in diagnoses.items()
        ]
        hosts += [
            unprobed_host_result(host_id, tested.get(host_id, {}), run_checks, site.get(host_id))
            for host_id in dict.fromkeys([*tested, *site])
            if host_id not in diagnoses
        ]
        return conclude(hosts, run_checks, self.options.fail_on, self.context(), self.baseline)

    def finish(self) -> RunVerdict | None:
        """The verdict, concluded and written by the one writer; None: no check ran."""
        if not self.tests and not self.site:
            return None
        self.verdict = self.conclude()
        write_outputs(self.verdict, self.options.outputs)
        return self.verdict

    def terminal_sections(self) -> list[tuple[str, list[str]]]:
        """The run's last words on the terminal, by section: the hosts' lines come last."""
        verdict = self.verdict
        if verdict is None:
            return []
        sections = []
        if self.server_view is not None:  # --sls
            lines = group_lines(self.groups_report or {}, self.server_view.errors())
            sections.append(("logtail-doctor: machine groups (SLS API)", lines))
        outputs = self.options.outputs
        # How the exit code was decided, then the hosts (healthy first), then the
        # fleet by cause and what changed since the baseline: the last lines are
        # the ones to act on.
        lines = [f"report: {outputs.report}  summary: {outputs.summary}", gate_line(verdict)]
        lines += terminal_lines(verdict)
        lines += cause_lines(verdict)
        lines += plan_lines(verdict.run.group_plan, str(self.targets.project.name))
        lines += change_lines(verdict)
        if self.baseline_note is not None:
            lines.append(self.baseline_note)
        sections.append(("logtail-doctor: hosts", lines))
        return sections


def _read_baseline(options: RunOptions) -> tuple[Baseline | None, str | None]:
    """--baseline FILE, or else the summary a previous run left where this one writes its own.

    Read now, before this run overwrites it. A baseline given that cannot be read
    is a usage error; a default one (another version's, say) is set aside with a note.
    """
    path = options.baseline or options.outputs.summary
    if options.baseline is None and not path.is_file():
        return None, None
    try:
        return load_baseline(path), None
    except SummaryError as exc:
        if options.baseline is not None:
            raise RunError(f"--baseline: {exc}") from None
        return None, f"no comparison with the previous run: {exc}"


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
