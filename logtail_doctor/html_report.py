"""The HTML compliance report (reports/report.html): one self-contained file, no server.

Rendered from the same per-host verdicts as summary.json. The host matrix is
plain HTML (one row per host, one cell per guide step, coloured by the worst
outcome in the step); each host's details (failed checks, expected vs found,
what the probe saw, the fix with copyable commands) are embedded as JSON and
drawn by a small script only when a person opens that host, so a report of
thousands of hosts stays light to open.

Everything that comes from a host is untrusted: the matrix escapes it with
html.escape, the JSON is escaped so no host value can close the <script>
element, and the script writes values with textContent only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from importlib import resources

from logtail_doctor.catalogue import CATALOGUE, title
from logtail_doctor.i18n import DEFAULT_LANGUAGE, M, Msg
from logtail_doctor.verdict import STATUSES, CheckResult, HostResult, RunVerdict

EVIDENCE_ITEMS = 6  # per check
EVIDENCE_CHARS = 2000  # per item; the probe already caps values at 64 KiB
_RANK = {"passed": 0, "none": 0, "not_run": 1, "skipped": 1, "waived": 2, "failed": 3, "error": 3}
GROUP_ITEMS = 50  # entries listed per cell of the machine-group table; the rest counted


def steps() -> list[str]:
    """The matrix columns: the catalogue's steps, in catalogue order."""
    seen: list[str] = []
    for spec in CATALOGUE:
        if spec.step not in seen:
            seen.append(spec.step)
    return seen


def worst(outcomes: list[str]) -> str:
    return max(outcomes, key=lambda o: _RANK.get(o, 0), default="none")


def render_report(verdict: RunVerdict, lang: str = DEFAULT_LANGUAGE) -> str:
    """The whole page, from the run's verdict (the same as summary.json holds)."""
    t = _Translator(lang)
    context = verdict.context
    ordered = list(verdict.hosts)
    run_steps = {spec.step for spec in CATALOGUE if spec.check_id in verdict.checks}
    columns = [s for s in steps() if s in run_steps]
    counts = verdict.counts
    data = {
        "ui": t.ui(),
        "hosts": [_host_data(v, t) for v in ordered],
    }
    rows = "\n".join(_row(i, v, columns, t) for i, v in enumerate(ordered))
    header_cells = "".join(f"<th>{_e(t.step(s))}</th>" for s in columns)
    filters = "".join(
        f'<label class="chip st-{s}"><input type="checkbox" name="status" value="{s}" '
        f"checked> {_e(t('status.' + s))} <b>{counts.get(s, 0)}</b></label>"
        for s in STATUSES
    )
    return _PAGE.format(
        lang=_e(lang),
        title=_e(t("report.title")),
        css=_asset("report.css"),
        header=_header(context, counts, len(ordered), t) + _groups(context, t),
        matrix_title=_e(t("report.matrix")),
        show=_e(t("report.show")),
        filters=filters,
        sort_by=_e(t("report.sort_by")),
        sort_host=_e(t("report.sort.host")),
        sort_cause=_e(t("report.sort.root_cause")),
        sort_status=_e(t("report.sort.status")),
        shown=_e(t("report.shown", shown=str(len(ordered)), total=str(len(ordered)))),
        hint=_e(t("report.open_hint")),
        legend=_e(t("report.legend")),
        noscript=_e(t("report.noscript")),
        col_host=_e(t("report.col.host")),
        col_status=_e(t("report.col.status")),
        col_cause=_e(t("report.col.root_cause")),
        step_headers=header_cells,
        rows=rows,
        data=json_for_script(data),
        script=_asset("report.js"),
    )


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
    return resources.files("logtail_doctor").joinpath("report_assets", name).read_text("utf-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _step_checks(host: HostResult, step: str) -> list[tuple[str, CheckResult]]:
    ids = {spec.check_id for spec in CATALOGUE if spec.step == step}
    return [(cid, check) for cid, check in host.checks.items() if cid in ids]


def _row(index: int, verdict: HostResult, columns: list[str], t: _Translator) -> str:
    cells = []
    for step in columns:
        checks = _step_checks(verdict, step)
        missed = [cid for cid in verdict.not_run if cid.split(".", 1)[0] == step]
        outcome = worst([c.result for _, c in checks] + ["not_run"] * bool(missed))
        failing = [cid for cid, c in checks if c.result in ("failed", "waived", "error")]
        tip = ", ".join(failing) if failing else t(f"outcome.{outcome}") if checks else ""
        if missed:
            tip = f"{tip}; {t('outcome.not_run')}: {', '.join(missed)}".lstrip("; ")
        label = t(f"outcome.{outcome}") if checks or missed else "-"
        cells.append(f'<td class="cell o-{outcome}" title="{_e(tip)}">{_e(label)}</td>')
    cause = verdict.root_cause
    if cause:
        cause_text = f"{_e(title(cause, t.lang))} <code>{_e(cause)}</code>"
    elif verdict.waived:
        cause_text = _e(t("outcome.waived")) + f" <code>{_e(', '.join(verdict.waived))}</code>"
    else:
        cause_text = ""
    status = verdict.status
    return (
        f'<tr class="host" data-i="{index}" data-status="{status}" '
        f'data-cause="{_e(cause or "")}" tabindex="0">'
        f'<td class="h"><span class="tw">&#9656;</span> {_e(verdict.host_id)}</td>'
        f'<td class="s st-{status}">{_e(t("status." + status))}</td>'
        + "".join(cells)
        + f'<td class="c">{cause_text}</td></tr>'
    )


def _host_data(verdict: HostResult, t: _Translator) -> dict[str, object]:
    needs_work = verdict.status != "healthy" or bool(verdict.waived)
    checks = []
    for cid, check in verdict.checks.items():
        rec = check.outcome
        item: dict[str, object] = {
            "id": cid,
            "title": title(cid, t.lang),
            "outcome": check.result,
        }
        item["found"] = check.error or rec.found.render(t.lang)
        if check.result in ("failed", "waived", "error"):
            item["expected"] = rec.expected.render(t.lang)
            item["fix"] = rec.fix.render(t.lang) if rec.fix else None
            item["commands"] = rec.fix.commands() if rec.fix else []
        if needs_work and rec.evidence:
            item["evidence"] = [
                e if len(e) <= EVIDENCE_CHARS else e[:EVIDENCE_CHARS] + " ..."
                for e in rec.evidence[:EVIDENCE_ITEMS]
                if e
            ]
        if check.waiver is not None:
            key = "waiver.expired" if check.waiver.expired else "waiver.active"
            item["waiver"] = t(
                key, expires=check.waiver.expires, justification=check.waiver.justification
            )
        checks.append(item)
    for cid in verdict.not_run:
        checks.append({"id": cid, "title": title(cid, t.lang), "outcome": "not_run", "found": ""})
    return {"id": verdict.host_id, "agent": verdict.agent, "checks": checks}


def _header(
    context: Mapping[str, object], counts: dict[str, int], total: int, t: _Translator
) -> str:
    project = context.get("project")
    project = project if isinstance(project, dict) else {}
    tool = context.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    accounts = context.get("account_ids")
    none = t("report.none")
    duration = context.get("duration_seconds")
    fields = [
        ("report.targets_file", context.get("targets_file")),
        ("report.project", project.get("name")),
        ("report.region", project.get("region")),
        ("report.network", project.get("network")),
        (
            "report.account_ids",
            ", ".join(str(a) for a in accounts) if isinstance(accounts, list) else None,
        ),
        ("report.started", context.get("started")),
        (
            "report.duration",
            t("report.seconds", seconds=str(duration)) if duration is not None else None,
        ),
        ("report.version", tool.get("version")),
        ("report.revision", tool.get("revision")),
        ("report.waivers_file", context.get("waivers_file")),
    ]
    items = "".join(
        f"<div><dt>{_e(t(key))}</dt><dd>{_e(value if value not in (None, '') else none)}</dd></div>"
        for key, value in fields
    )
    chips = "".join(
        f'<span class="chip st-{s}">{_e(t("status." + s))} <b>{counts.get(s, 0)}</b></span>'
        for s in STATUSES
    )
    return (
        f'<section class="run"><h2>{_e(t("report.what"))}</h2><dl>{items}</dl>'
        f'<p class="counts" id="counts">{_e(t("report.hosts"))} <b>{total}</b> {chips}</p>'
        "</section>"
    )


def _groups(context: Mapping[str, object], t: _Translator) -> str:
    """--sls: per machine group, its identify type, the entries no host of the run covers
    and the machines heartbeating that the group does not list. Empty without --sls."""
    groups = context.get("machine_groups")
    if not isinstance(groups, dict) or not groups:
        return ""
    rows = []
    for name, group in groups.items():
        if not isinstance(group, dict):
            continue
        kind = str(group.get("identify_type") or "")
        try:
            kind_text = t(f"report.groups.type.{kind}")
        except KeyError:
            kind_text = kind
        source = group.get("source")
        if source == "targets":
            kind_text += " " + t("report.groups.from_targets")
        not_checked = [str(e) for e in group.get("not_checked") or []]
        unexpected = [
            str(m.get("user_defined_id") or m.get("ip") or "") if isinstance(m, dict) else str(m)
            for m in group.get("unexpected") or []
        ]
        error = group.get("error")
        rows.append(
            f'<tr><td class="g">{_e(name)}</td><td>{_e(kind_text)}</td>'
            f"<td>{_listing(not_checked, t)}</td><td>{_listing(unexpected, t)}"
            + (f'<div class="gerr">{_e(error)}</div>' if error else "")
            + "</td></tr>"
        )
    return (
        f'<section class="groups"><h2>{_e(t("report.groups.title"))}</h2>'
        f'<table id="groups"><thead><tr><th>{_e(t("report.groups.col.group"))}</th>'
        f"<th>{_e(t('report.groups.col.identify_type'))}</th>"
        f"<th>{_e(t('report.groups.col.not_checked'))}</th>"
        f"<th>{_e(t('report.groups.col.unexpected'))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _listing(items: list[str], t: _Translator) -> str:
    if not items:
        return _e(t("report.none"))
    shown = ", ".join(f"<code>{_e(i)}</code>" for i in items[:GROUP_ITEMS])
    more = len(items) - GROUP_ITEMS
    return shown + (f" {_e(t('report.groups.more', count=str(more)))}" if more > 0 else "")


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<h1>{title}</h1>
{header}
<h2>{matrix_title}</h2>
<noscript><p>{noscript}</p></noscript>
<div class="controls">
<span>{show}:</span> {filters}
<label>{sort_by}: <select id="sort">
<option value="host">{sort_host}</option>
<option value="cause">{sort_cause}</option>
<option value="status">{sort_status}</option>
</select></label>
<span id="shown">{shown}</span>
</div>
<p class="hint">{hint} {legend}</p>
<table id="matrix">
<thead><tr><th>{col_host}</th><th>{col_status}</th>{step_headers}<th>{col_cause}</th></tr></thead>
<tbody id="hosts-body">
{rows}
</tbody>
</table>
<script type="application/json" id="ltd-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
