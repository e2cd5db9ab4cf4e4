"""The HTML compliance report (reports/report.html): one self-contained file, no server.

Rendered from the run's verdict (logtail_doctor.verdict), the same as summary.json
holds: a merge renders the verdict it read back from its shards' summaries. The host matrix is
plain HTML (one row per host, one cell per guide step, coloured by the worst
outcome in the step); each host's details (failed checks, expected vs found,
what the probe saw, the fix with copyable commands) are embedded as JSON and
drawn by a small script only when a person opens that host, so a report of
thousands of hosts stays light to open.

The markup lives in report_assets/report.html.j2; this module only builds the
page's view-model (plain dataclasses of already-localized strings) and renders
the template. Everything that comes from a host is untrusted: the template
environment autoescapes every value, the JSON is escaped so no host value can
close the <script> element, and the script writes values with textContent only.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from logtail_doctor.catalogue import CATALOGUE, title
from logtail_doctor.doc_links import doc_url
from logtail_doctor.i18n import DEFAULT_LANGUAGE, M, Msg
from logtail_doctor.run_context import Project, RunContext
from logtail_doctor.verdict import STATUSES, CheckResult, HostChange, HostResult, RunVerdict

EVIDENCE_ITEMS = 6  # per check
EVIDENCE_CHARS = 2000  # per item; the probe already caps values at 64 KiB
_RANK = {"passed": 0, "none": 0, "not_run": 1, "skipped": 1, "waived": 2, "failed": 3, "error": 3}
_NEEDS_A_LOOK = ("failed", "waived", "error")  # a check the details show in full
GROUP_ITEMS = 50  # entries listed per cell of the machine-group table; the rest counted
TEMPLATE = "report.html.j2"  # in logtail_doctor/outputs/report_assets/, shipped as package data


def steps() -> list[str]:
    """The matrix columns: the catalogue's steps, in catalogue order."""
    seen: list[str] = []
    for spec in CATALOGUE:
        if spec.step not in seen:
            seen.append(spec.step)
    return seen


def worst(outcomes: list[str]) -> str:
    return max(outcomes, key=lambda o: _RANK.get(o, 0), default="none")


# --- the view-model: what the template shows, every text already in the page's language ---


@dataclass(frozen=True)
class Chip:
    """A status with its host count (header and filter)."""

    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class RunView:
    """The header: what was checked, against what, and the hosts per status."""

    heading: str
    fields: list[Field]
    hosts_label: str
    total: int
    chips: list[Chip]


@dataclass(frozen=True)
class Listing:
    """At most GROUP_ITEMS entries, then how many more; `none` when there are none."""

    items: list[str]
    more: str | None
    none: str


@dataclass(frozen=True)
class GroupRow:
    name: str
    kind: str
    not_checked: Listing
    unexpected: Listing
    error: str | None
    # The collection configs applied to it; empty with a note when none (a finding) or
    # when they could not be read.
    configs: Listing | None = None
    configs_note: str | None = None


@dataclass(frozen=True)
class GroupsView:
    heading: str
    columns: list[str]
    rows: list[GroupRow]


@dataclass(frozen=True)
class PlanRow:
    name: str
    add: list[str]
    stale: list[str]
    new_entries: str  # comma-separated, as the console takes it
    action: str


@dataclass(frozen=True)
class PlanView:
    heading: str
    columns: list[str]
    rows: list[PlanRow]
    none: str


@dataclass(frozen=True)
class Cell:
    """One guide step of one host: the worst outcome of its checks."""

    outcome: str
    tip: str
    label: str


@dataclass(frozen=True)
class Cause:
    """The root-cause cell: words, then IDs (the root cause, or the waived checks)."""

    text: str
    code: str
    url: str = ""  # the check's docs page (logtail_doctor.doc_links); "" for a list of IDs


@dataclass(frozen=True)
class Bar:
    """One root cause in the chart: its hosts, as a share of the largest cause's."""

    check_id: str
    label: str  # what was found, in short
    title: str  # the check's title
    count: int
    width: int  # percent of the widest bar
    fix: str  # in remediation.yml, or manual


@dataclass(frozen=True)
class CausesView:
    heading: str
    hint: str
    show_all: str
    none: str
    bars: list[Bar]


@dataclass(frozen=True)
class Row:
    position: int  # in the embedded JSON's hosts (data-i)
    host_id: str
    meta: str  # the host's own name and machine group, "" when neither is known
    change: str  # broke | fixed | cause_changed since the baseline; "" when none
    change_label: str
    status: str
    status_label: str
    cause_id: str  # data-cause, for sorting; "" without a root cause
    cells: list[Cell]
    cause: Cause | None


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class MatrixView:
    heading: str
    changes: str | None  # the line saying what changed since the baseline
    noscript: str
    show: str
    filters: list[Chip]
    sort_by: str
    sort_options: list[Option]
    shown: str
    hint: str
    legend: str
    columns: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class PageView:
    lang: str
    title: str
    run: RunView
    groups: GroupsView | None
    causes: CausesView
    plan: PlanView | None
    matrix: MatrixView
    # Trusted text the template writes as is (see _page).
    css: Markup
    script: Markup
    data_json: Markup


def render_report(verdict: RunVerdict, lang: str = DEFAULT_LANGUAGE) -> str:
    """The whole page, in lang."""
    with _collector_paused():
        return _template().render(page=_page(verdict, lang))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Rendering holds hundreds of thousands of small objects at once (the view-model, the
    template's escaped pieces until they are joined): enough to start full garbage
    collections that walk the whole heap of verdicts, 0.3 s each at 5,000 hosts, for
    nothing: these objects form no cycles and reference counting frees them. Measured
    with bench/report_bench.py's fleet, 5,000 hosts: about 1.3 s with, 0.85 s without."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def json_for_script(value: object) -> str:
    """JSON that is safe inside <script>: no '<', '>', '&' or line separators verbatim."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("logtail_doctor.outputs", "report_assets"),
        autoescape=True,  # every value is escaped unless marked safe below
        undefined=jinja2.StrictUndefined,  # a missing view-model field is an error, not ""
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def _page(verdict: RunVerdict, lang: str) -> PageView:
    t = _Translator(lang)
    context = verdict.run
    ordered = list(verdict.hosts)
    counts = verdict.counts
    # "partial" exists only in runs of a selection (-k, -m): its chip only then.
    shown = [s for s in STATUSES if s != "partial" or counts.get(s)]
    chips = [Chip(s, t("status." + s), counts.get(s, 0)) for s in shown]
    data = {"ui": t.ui(), "hosts": [_host_data(v, t) for v in ordered]}
    return PageView(
        lang=lang,
        title=t("report.title"),
        run=_run(context, chips, len(ordered), t, verdict.gate.run_error),
        groups=_groups(context, t),
        causes=_causes(verdict, t),
        plan=_plan(context, t),
        matrix=_matrix(verdict, chips, t),
        # Our own package files, not host data: written into <style>/<script> as they are.
        css=Markup(_asset("report.css")),  # noqa: S704
        script=Markup(_asset("report.js")),  # noqa: S704
        # Safe inside <script>: json_for_script leaves no '<', '>' or '&' verbatim, so no
        # host value can close the element ("</script>") or open a comment ("<!--"), and
        # the browser never decodes entities there, so HTML-escaping would corrupt it.
        data_json=Markup(json_for_script(data)),  # noqa: S704
    )


class _Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: str | Msg) -> str:
        return M(key, **params).render(self.lang)

    def step(self, step: str) -> str:
        key = f"step.{step}"
        try:
            return self(key)
        except KeyError:  # a step added to the catalogue before its translations
            return step

    def ui(self) -> dict[str, str]:
        keys = (
            "expected",
            "found",
            "fix",
            "commands",
            "copy",
            "copied",
            "evidence",
            "all_passed",
            "other_checks",
            "shown",
        )
        labels = {k: self(f"report.{k}", shown="{shown}", total="{total}") for k in keys}
        for outcome in ("passed", "failed", "skipped", "waived", "not_run", "error"):
            labels[outcome] = self(f"outcome.{outcome}")
        return labels


def _asset(name: str) -> str:
    return (
        resources.files("logtail_doctor.outputs").joinpath("report_assets", name).read_text("utf-8")
    )


_STEP_OF = {spec.check_id: spec.step for spec in CATALOGUE}
SITE_COLUMN = "site"  # the column of the site's own checks (no step of the guide's)


def _checks_by_step(verdict: HostResult) -> dict[str, list[tuple[str, CheckResult]]]:
    """The host's checks per guide step, in catalogue order (grouped once per host, not once
    per step and host: that was most of the page's render time at thousands of hosts)."""
    grouped: dict[str, list[tuple[str, CheckResult]]] = {}
    for cid, rec in verdict.checks.items():
        step = _STEP_OF.get(cid)
        if step is not None:  # an ID the catalogue does not know has no column
            grouped.setdefault(step, []).append((cid, rec))
    return grouped


def _matrix(verdict: RunVerdict, chips: list[Chip], t: _Translator) -> MatrixView:
    ordered, run_checks = list(verdict.hosts), verdict.checks
    site = any(h.site for h in ordered)  # the site's own checks ran: a column of theirs
    present = {_STEP_OF.get(cid) for cid in run_checks}
    steps_shown = [s for s in steps() if s in present]
    total = str(len(ordered))
    changes = verdict.changes
    changed = {c.host_id: (c, changes.baseline) for c in changes.hosts} if changes else {}
    counts = (
        {k: str(len(changes.of(k))) for k in ("broke", "fixed", "cause_changed")} if changes else {}
    )
    return MatrixView(
        heading=t("report.matrix"),
        changes=(
            t(
                "report.changes",
                baseline=changes.baseline,
                broke=counts["broke"],
                fixed=counts["fixed"],
                changed=counts["cause_changed"],
            )
            if changes is not None
            else None
        ),
        noscript=t("report.noscript"),
        show=t("report.show"),
        filters=chips,
        sort_by=t("report.sort_by"),
        sort_options=[
            Option("host", t("report.sort.host")),
            Option("cause", t("report.sort.root_cause")),
            Option("status", t("report.sort.status")),
        ],
        shown=t("report.shown", shown=total, total=total),
        hint=t("report.open_hint"),
        legend=t("report.legend"),
        columns=[
            t("report.col.host"),
            t("report.col.status"),
            *(t.step(s) for s in steps_shown),
            *([t("report.col.site")] if site else []),
            t("report.col.root_cause"),
        ],
        rows=[
            _row(i, v, [*steps_shown, *([SITE_COLUMN] if site else [])], t, changed.get(v.host_id))
            for i, v in enumerate(ordered)
        ],
    )


def _row(
    position: int,
    verdict: HostResult,
    columns: list[str],
    t: _Translator,
    change: tuple[HostChange, str] | None = None,
) -> Row:
    by_step = _checks_by_step(verdict)
    by_step[SITE_COLUMN] = list(verdict.site.items())
    missed_by_step: dict[str, list[str]] = {}
    for cid in verdict.not_run:
        missed_by_step.setdefault(_STEP_OF.get(cid, ""), []).append(cid)
    cells = []
    for step in columns:
        checks = by_step.get(step, [])
        missed = missed_by_step.get(step, [])
        outcome = worst([rec.result for _, rec in checks] + ["not_run"] * bool(missed))
        failing = [cid for cid, rec in checks if rec.result in _NEEDS_A_LOOK]
        tip = ", ".join(failing) if failing else t(f"outcome.{outcome}") if checks else ""
        if missed:
            tip = "; ".join(x for x in (tip, f"{t('outcome.not_run')}: {', '.join(missed)}") if x)
        label = t(f"outcome.{outcome}") if checks or missed else "-"
        cells.append(Cell(outcome, tip, label))
    root_cause = verdict.root_cause
    if root_cause:
        check = verdict.result_of(root_cause)
        said = check.error or check.outcome.short.render(t.lang)
        url = doc_url(root_cause, t.lang) if root_cause in _STEP_OF else ""  # site: no page
        cause: Cause | None = Cause(said, root_cause, url)
    elif verdict.waived:
        cause = Cause(t("outcome.waived"), ", ".join(verdict.waived))
    else:
        cause = None
    return Row(
        position=position,
        host_id=verdict.host_id,
        meta=" \u00b7 ".join(x for x in (verdict.name, verdict.group) if x),
        change=change[0].kind if change else "",
        change_label=(
            t(f"report.change.{change[0].kind}", baseline=change[1], before=change[0].before or "")
            if change
            else ""
        ),
        status=verdict.status,
        status_label=t("status." + verdict.status),
        cause_id=root_cause or "",
        cells=cells,
        cause=cause,
    )


def _plan(context: RunContext, t: _Translator) -> PlanView | None:
    """The machine-group plan (logtail_doctor.group_plan); None when no host had a group."""
    plans = context.group_plan
    if not plans:
        return None
    name = context.project.name if context.project is not None else ""
    rows = [
        PlanRow(
            name=str(group),
            add=[str(a) for a in plan.get("add", [])],
            stale=[str(e) for e in plan.get("stale", [])],
            new_entries=",".join(str(e) for e in plan.get("new_entries", [])),
            action=t("report.plan.action", project=name, group=str(group)),
        )
        for group, plan in plans.items()
        if isinstance(plan, dict) and plan.get("changed")
    ]
    return PlanView(
        heading=t("report.plan.title"),
        columns=[
            t("report.plan.col.group"),
            t("report.plan.col.add"),
            t("report.plan.col.stale"),
            t("report.plan.col.new"),
        ],
        rows=rows,
        none=t("report.plan.none"),
    )


def _causes(verdict: RunVerdict, t: _Translator) -> CausesView:
    causes = verdict.causes
    widest = max((len(c.hosts) for c in causes), default=1)
    return CausesView(
        heading=t("report.causes"),
        hint=t("report.causes.hint"),
        show_all=t("report.causes.all"),
        none=t("report.causes.none"),
        bars=[
            Bar(
                check_id=c.check_id,
                label=c.short.render(t.lang),
                title=title(c.check_id, t.lang),
                count=len(c.hosts),
                width=max(1, round(100 * len(c.hosts) / widest)),
                fix=t("report.causes.automatable" if c.automatable else "report.causes.manual"),
            )
            for c in causes
        ],
    )


# The checks whose evidence every host shows (see CheckSpec.evidence_always).
_EVIDENCE_ALWAYS = frozenset(s.check_id for s in CATALOGUE if s.evidence_always)


def _host_data(verdict: HostResult, t: _Translator) -> dict[str, object]:
    needs_work = verdict.status != "healthy" or bool(verdict.waived)
    checks = []
    for cid, rec in verdict.checks.items():
        outcome = rec.outcome
        item: dict[str, object] = {
            "id": cid,
            "title": title(cid, t.lang),
            "outcome": rec.result,
        }
        item["found"] = rec.error or outcome.found.render(t.lang)
        if rec.result in _NEEDS_A_LOOK:
            item["url"] = doc_url(cid, t.lang)
            item["expected"] = outcome.expected.render(t.lang)
            fix = outcome.fix
            item["fix"] = fix.render(t.lang) if fix else None
            item["commands"] = fix.commands() if fix else []
        if (needs_work or cid in _EVIDENCE_ALWAYS) and outcome.evidence:
            item["evidence"] = [
                e if len(e) <= EVIDENCE_CHARS else e[:EVIDENCE_CHARS] + " ..."
                for e in outcome.evidence[:EVIDENCE_ITEMS]
                if e
            ]
        if rec.waiver is not None:
            key = "waiver.expired" if rec.waiver.expired else "waiver.active"
            item["waiver"] = t(
                key, expires=rec.waiver.expires, justification=rec.waiver.justification
            )
        checks.append(item)
    for cid in verdict.not_run:  # a selection (-k, -m) left these out on this host
        checks.append({"id": cid, "title": title(cid, t.lang), "outcome": "not_run", "found": ""})
    for cid, rec in verdict.site.items():  # the site's own checks, after the guide's
        site: dict[str, object] = {
            "id": cid,
            "title": rec.outcome.expected_text,
            "outcome": rec.result,
            "found": rec.error or rec.outcome.found_text,
        }
        if rec.result in _NEEDS_A_LOOK:  # its title says what it expects
            site["expected"] = rec.outcome.expected_text
            site["fix"] = rec.outcome.fix_text
            site["commands"] = []
        checks.append(site)
    return {"id": verdict.host_id, "agent": verdict.agent, "checks": checks}


def _run(
    context: RunContext, chips: list[Chip], total: int, t: _Translator, run_error: str | None
) -> RunView:
    project = context.project or Project("")
    none = t("report.none")
    duration = context.duration_seconds
    fields = [
        ("report.targets_file", context.targets_file),
        ("report.project", project.name),
        ("report.region", project.region),
        ("report.network", project.network),
        ("report.account_ids", ", ".join(context.account_ids)),
        ("report.started", context.started),
        (
            "report.duration",
            t("report.seconds", seconds=str(duration)) if duration is not None else None,
        ),
        ("report.version", context.tool.version),
        ("report.revision", context.tool.revision),
        ("report.waivers_file", context.waivers_file),
    ]
    if run_error:  # every host failed alike before its probe: the run's own error
        fields.insert(0, ("report.run_error", run_error))
    return RunView(
        heading=t("report.what"),
        fields=[
            Field(t(key), str(value) if value not in (None, "") else none) for key, value in fields
        ],
        hosts_label=t("report.hosts"),
        total=total,
        chips=chips,
    )


def _groups(context: RunContext, t: _Translator) -> GroupsView | None:
    """--sls: per machine group, its identify type, the entries no host of the run covers
    and the machines heartbeating that the group does not list. None without --sls."""
    groups = context.machine_groups
    if not groups:
        return None
    rows = []
    for name, group in groups.items():
        kind = str(group.get("identify_type") or "")
        try:
            kind_text = t(f"report.groups.type.{kind}")
        except KeyError:
            kind_text = kind
        if group.get("source") == "targets":
            kind_text += " " + t("report.groups.from_targets")
        not_checked = [str(e) for e in group.get("not_checked") or []]
        unexpected = [
            str(m.get("user_defined_id") or m.get("ip") or "") if isinstance(m, dict) else str(m)
            for m in group.get("unexpected") or []
        ]
        error = group.get("error")
        applied = group.get("applied_configs")
        if isinstance(applied, list) and applied:
            configs, note = _listing([str(c) for c in applied], t), None
        elif isinstance(applied, list):
            configs, note = None, t("report.groups.configs.none")
        else:
            configs, note = None, t("report.groups.configs.not_read")
        rows.append(
            GroupRow(
                name=str(name),
                kind=kind_text,
                not_checked=_listing(not_checked, t),
                unexpected=_listing(unexpected, t),
                error=str(error) if error else None,
                configs=configs,
                configs_note=note,
            )
        )
    return GroupsView(
        heading=t("report.groups.title"),
        columns=[
            t("report.groups.col.group"),
            t("report.groups.col.identify_type"),
            t("report.groups.col.not_checked"),
            t("report.groups.col.unexpected"),
            t("report.groups.col.configs"),
        ],
        rows=rows,
    )


def _listing(items: list[str], t: _Translator) -> Listing:
    more = len(items) - GROUP_ITEMS
    return Listing(
        items=items[:GROUP_ITEMS],
        more=t("report.groups.more", count=str(more)) if more > 0 else None,
        none=t("report.none"),
    )
