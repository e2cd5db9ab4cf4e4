"""Times as the SLS side shows them: an age in words, a heartbeat's moment in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def duration_text(seconds: int) -> str:
    """An age for people: seconds below 2 min, minutes below 2 h, hours below 2 days."""
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def iso_utc(epoch: int) -> str:
    """Unix seconds as ISO 8601 in UTC; the number itself when it is no real time."""
    try:
        return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return str(epoch)
