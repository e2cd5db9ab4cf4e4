"""Small text helpers shared by the checks, the server view and the transport."""

from __future__ import annotations

from collections.abc import Sequence


def one_line(value: object) -> str:
    """The text with every run of white space (newlines included) folded to one space."""
    return " ".join(str(value).split())


def first_items(items: Sequence[str], count: int) -> str:
    """The first COUNT items joined by commas, then "(+N more)" when some were left out."""
    shown = ", ".join(items[:count])
    return shown + (f" (+{len(items) - count} more)" if len(items) > count else "")
