"""Reading a user's YAML file (targets, waivers) with one-line errors naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml


def read_yaml(
    path: Path,
    kind: str,
    error: Callable[[str], Exception],
    loader: type[yaml.SafeLoader] = yaml.SafeLoader,
) -> object:
    """The parsed document of PATH, or error(one line) when it cannot be read or parsed.

    kind names the file in messages ("targets", "waivers"); loader must be
    SafeLoader or a subclass of it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the {kind} file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: the {kind} file is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (SafeLoader or a subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise error(f"{path}: not valid YAML{where}") from None
    except ValueError as exc:  # PyYAML builds dates itself: `2027-02-30` raises ValueError
        raise error(f"{path}: not valid YAML: {exc} (quote values that are not dates)") from None
