"""The server's view in the terminal: the per-group section and a host's few words.

Line builders only (they print nothing); the terminal writer of the outputs
layer calls them.
"""

from __future__ import annotations

from logtail_doctor.sls.times import duration_text as _duration
from logtail_doctor.text import first_items


def group_lines(report: dict[str, dict[str, object]], errors: list[str]) -> list[str]:
    """The terminal's server section: each error line once, then one line per group."""
    lines = list(errors)
    for name, group in report.items():
        not_checked = group["not_checked"]
        unexpected = group["unexpected"]
        assert isinstance(not_checked, list)
        assert isinstance(unexpected, list)
        heartbeating = group["heartbeating"]
        line = (
            f"{name}: {group['identify_type']} group, {_count(group['entries'], 'entry')} "
            f"(from {group['source']})"
        )
        if heartbeating is not None:
            line += f", {heartbeating} heartbeating"
        if not_checked:
            line += f"; not checked: {first_items(not_checked, 6)}"
        if unexpected:
            shown = [str(m["user_defined_id"] or m["ip"]) for m in unexpected]
            line += f"; heartbeating but not in the group: {first_items(shown, 6)}"
        configs = group.get("applied_configs")
        if configs == []:
            line += (
                "; no collection config applied: its agents back their heartbeat off (up to "
                "12 minutes): apply one (SLS console > Logtail Configurations > Apply to "
                "Machine Group), or restart the agents once one is applied"
            )
        elif isinstance(configs, list):
            line += f"; configs applied: {first_items([str(c) for c in configs], 6)}"
        lines.append(line)
    return lines


def heartbeat_note(server: dict[str, object]) -> str:
    """A host's server view in a few words, for its terminal line."""
    age = server.get("heartbeat_age_seconds")
    if not isinstance(age, int):
        return "SLS: no heartbeat"
    return f"SLS: last heartbeat {_duration(age)} ago"


def _count(number: object, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"
