"""Reading a user's YAML file (targets, waivers) with one-line errors naming the file."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml


class DuplicateKeyError(yaml.YAMLError):
    """A mapping gives the same key twice (PyYAML would keep the later one silently)."""

    def __init__(self, key: object, line: int, first_line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line
        self.first_line = first_line


# libyaml's parser where PyYAML was built with it (Debian's python3-yaml and the
# wheels are): the pure-Python one took 79 s for a 17.7 MB targets file (issue 36).
# Only the parser is C: construction (our duplicate-key check) and the resolver
# stay PyYAML's Python, and libyaml's marks carry the same line numbers.
if TYPE_CHECKING:  # the same interface either way
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A targets or waivers file larger than this is refused before it is parsed: even
# libyaml takes about 10 s for 27 MB (1.3 million IPs), and the run would hold it all.
MAX_YAML_BYTES = 32 * 1024 * 1024


class UserYamlLoader(_SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping, at any depth.

    Two `region:` or two `hosts:` are a mistake in a file a person wrote: which
    one was meant is not ours to guess. A `<<:` merge still lets a mapping's
    own keys override the merged ones, as YAML intends.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Hashable, int] = {}
        for key_node, _value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                continue  # SafeLoader's own error names it
            line = key_node.start_mark.line + 1
            if key in first_lines:
                raise DuplicateKeyError(key, line, first_lines[key])
            first_lines[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(
    path: Path,
    kind: str,
    error: Callable[[str], Exception],
    loader: type[UserYamlLoader] = UserYamlLoader,
) -> object:
    """The parsed document of PATH, or error(one line) when it cannot be read or parsed.

    kind names the file in messages ("targets", "waivers"); loader must be
    UserYamlLoader or a subclass of it.
    """
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise error(
                f"{path}: the {kind} file is {size} bytes, more than the "
                f"{MAX_YAML_BYTES // (1024 * 1024)} MiB a {kind} file may have"
            )
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the {kind} file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: the {kind} file is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
    except DuplicateKeyError as exc:
        raise error(
            f"{path}:{exc.line}: duplicate key {_shown(exc.key)} (first at line {exc.first_line})"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise error(f"{path}: not valid YAML{where}") from None
    except ValueError as exc:  # PyYAML builds dates itself: `2027-02-30` raises ValueError
        raise error(f"{path}: not valid YAML: {exc} (quote values that are not dates)") from None


def _shown(key: object) -> str:
    """The key as the message shows it: quoted, on one line, at most 80 characters."""
    text = repr(key)
    return text if len(text) <= 80 else text[:77] + "..."
