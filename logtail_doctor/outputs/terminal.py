"""The run's verdict as the terminal's lines: per host, per cause, the gate, the changes.

The verdict itself is logtail_doctor.verdict's; nothing here decides.
"""

from __future__ import annotations

from logtail_doctor.catalogue import SERVER_CHECK_IDS
from logtail_doctor.sls.terminal_lines import heartbeat_note
from logtail_doctor.verdict import RunVerdict, host_order

__all__ = [
    "cause_lines",
    "change_lines",
    "first_step",
    "gate_line",
    "terminal_lines",
]


def terminal_lines(verdict: RunVerdict) -> list[str]:
    """One line per host, the ones that need work last: status, root cause, the first step.

    A healthy host's line names the checks waived on it; an unhealthy host's line
    ends with the first step of the fix (see first_step) and any expired waiver;
    a partial host's line names the checks that did not run on it.
    """
    width = max((len(h.host_id) for h in verdict.hosts), default=0)
    lines = []
    needs_work = ("unhealthy", "unreachable")
    ordered = sorted(verdict.hosts, key=lambda h: (h.status in needs_work, host_order(h.host_id)))
    for host in ordered:
        line = f"{host.host_id:<{width}}  {host.status:<11}"
        cause = host.root_cause
        if host.server is not None and cause not in SERVER_CHECK_IDS:  # --sls
            line += f"  [{heartbeat_note(host.server)}]"
        if cause:
            check = host.result_of(cause)
            line += f"  {cause}: {check.error or check.outcome.found_text}"
            fix = check.outcome.fix_text
            if fix:
                line += f"  -> {first_step(fix)}"
            if check.waiver is not None and check.waiver.expired:
                line += f"  [waiver expired on {check.waiver.expires}]"
        elif host.waived:
            line += f"  (waived: {', '.join(host.waived)})"
        if host.not_run and host.status == "partial":
            line += f"  (not run: {', '.join(host.not_run)})"
        lines.append(line.rstrip())
    return lines


def cause_lines(verdict: RunVerdict) -> list[str]:
    """One line per root cause, the most hosts first: count, check, what was found, first step."""
    causes = verdict.causes
    if not causes:
        return []
    width = max(len(c.check_id) for c in causes)
    lines = [f"causes ({len(causes)}, on {sum(len(c.hosts) for c in causes)} hosts):"]
    for cause in causes:
        line = f"{len(cause.hosts):>5}  {cause.check_id:<{width}}  {cause.short.render()}"
        if cause.fix is not None:
            line += f"  -> {first_step(cause.fix.render())}"
        lines.append(line)
    return lines


def change_lines(verdict: RunVerdict) -> list[str]:
    """What changed since the baseline: one line per host that broke, was fixed or changed."""
    changes = verdict.changes
    if changes is None:
        return []
    broke, fixed, moved = (changes.of(k) for k in ("broke", "fixed", "cause_changed"))
    since = f" ({changes.baseline_started})" if changes.baseline_started else ""
    lines = [
        f"since {changes.baseline}{since}: {len(broke)} broke, {len(fixed)} fixed, "
        f"{len(moved)} changed root cause"
    ]
    lines += [f"  broke    {c.host_id}  {c.after}" for c in broke]
    lines += [f"  fixed    {c.host_id}  (was {c.before})" for c in fixed]
    lines += [f"  changed  {c.host_id}  {c.before} -> {c.after}" for c in moved]
    lines += [
        f"  broke    {c.host_id}  {c.after} (a site check; root cause still {c.before})"
        for c in changes.of("site_broke")
    ]
    return lines


def gate_line(verdict: RunVerdict) -> str:
    """How the exit code was decided, in one line."""
    gate = verdict.gate
    counts = ", ".join(f"{n} {status}" for status, n in verdict.counts.items() if n)
    statuses = [s for s in gate.fail_on if s != "new"]
    when = [f"a host is {' or '.join(statuses)}"] if statuses else []
    if "new" in gate.fail_on:
        when.append("a failure is new since the baseline")
    rule = f"exit 1 when {' or '.join(when)} (--fail-on) or a test broke"
    line = f"{counts or 'no hosts'}; {rule}: exit {gate.exit_code}"
    if gate.errors:
        line += f" ({gate.errors} test(s) broke: see the errors above)"
    if gate.run_error:
        line = f"ERROR: {gate.run_error}: exit 1 whatever --fail-on says; {line}"
    if verdict.not_run:
        line += f"; {len(verdict.not_run)} check(s) not run on some hosts (partial)"
    return line


def first_step(remediation: str) -> str:
    """The fix up to its first step boundary ('; ' or '. '), outside `code` spans and (...)."""
    in_code = False
    depth = 0
    for i, char in enumerate(remediation):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ";." and remediation[i + 1 : i + 2] == " ":
            return remediation[:i]
    return remediation
