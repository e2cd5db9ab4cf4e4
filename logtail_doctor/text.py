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


_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def mask_password(url: str) -> str:
    """The URL (or `user:password@host`) with its password shown as `***`.

    The user information runs to the LAST `@`, as URL parsers read an authority:
    a password may itself hold `@`, `:`, `/` or `%40`, and must not leak in part.
    Every `@` of the value counts (also one after a `/`): a password with a `/`
    would otherwise end the authority early and show its tail.
    """
    scheme, separator, _rest = url.partition("://")
    start = 0
    if separator and scheme and scheme[0].isalpha() and set(scheme) <= _SCHEME_CHARS:
        start = len(scheme) + len(separator)
    at = url.rfind("@", start)
    if at < 0:
        return url
    user, colon, _password = url[start:at].partition(":")
    if not colon:
        return url
    return f"{url[:start]}{user}:***{url[at:]}"


# How much of a value an error line or a finding echoes (issue 36: a 20 MB value
# made a 20 MB error line).
SHOWN_CHARS = 200


def shorten(value: str, limit: int = SHOWN_CHARS) -> str:
    """The value, cut at LIMIT characters with its full length said when longer."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}... ({len(value)} characters)"


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """repr(value) for a message, a long string cut at LIMIT characters with its length said."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    return shorten(repr(value), limit)


def json_error_place(problem: str, line: int, column: int | None = None) -> str:
    """ "<problem> at line L column C", without a doubled "at": some of json's messages
    end with one ("Unterminated string starting at")."""
    where = f"line {line}" + (f" column {column}" if column is not None else "")
    return f"{problem} {where}" if problem.endswith(" at") else f"{problem} at {where}"
