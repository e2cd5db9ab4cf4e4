"""Messages in several languages: a message id plus named parameters, rendered late.

Checks build ``Msg`` values instead of finished sentences, so one diagnosis can
be read in English, Japanese or Chinese. Parameters are the host's real
values (paths, IPs, IDs, commands): they are never translated. A parameter may
itself be a ``Msg`` (a sentence inside a sentence), rendered in the same
language. Parameters whose name ends in ``cmd`` are shell commands a person can
copy; ``Msg.commands()`` lists them.

The English catalogue is ``en.py`` beside this file (the shared messages) plus
each check's own texts, registered by its declaration (register_english).
``ja.py`` and ``zh.py`` hold, per message id, the English a translation was made
from and the translation (``{name}`` placeholders, str.format syntax): when a
check's English changes, its translations are stale (``stale``) and render in
English until they are translated again.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TypeVar, Union

from logtail_doctor.i18n import en, ja, zh

LANGUAGES: tuple[str, ...] = ("en", "ja", "zh")
DEFAULT_LANGUAGE = "en"
# Per language: message id -> (the English it was translated from, the translation).
TRANSLATIONS: dict[str, dict[str, tuple[str, str]]] = {"ja": ja.MESSAGES, "zh": zh.MESSAGES}
CATALOGUES: dict[str, dict[str, str]] = {
    DEFAULT_LANGUAGE: en.MESSAGES,
    **{
        lang: {key: text for key, (_, text) in pairs.items()}
        for lang, pairs in TRANSLATIONS.items()
    },
}

ParamValue = Union[str, "Msg"]
_Shared = TypeVar("_Shared", bound=Hashable)


@dataclass(frozen=True)
class Msg:
    """A message id and its parameters.

    ``key == ""`` is literal text: its parameter values joined with ", " (one
    value: that text; several: a list whose items may be messages).
    """

    key: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        values = {name: _render_value(value, lang) for name, value in self.params}
        if not self.key:
            return ", ".join(values.values())
        english = CATALOGUES[DEFAULT_LANGUAGE][self.key]
        translated = TRANSLATIONS.get(lang, {}).get(self.key)
        # A gap in a catalogue, or a translation of an English that has changed since,
        # never hides or misstates a diagnosis: the English says it.
        template = translated[1] if translated and translated[0] == english else english
        return template.format_map(values)

    def commands(self) -> list[str]:
        """The copyable shell commands in this message, in order of appearance in params."""
        found: list[str] = []
        for name, value in self.params:
            if isinstance(value, Msg):
                found.extend(value.commands())
            elif name.endswith("cmd") and value not in found:
                found.append(value)
        return found

    def __str__(self) -> str:
        return self.render()


def M(key: str, **params: ParamValue) -> Msg:
    """A message: ``M("file.state", path=..., state=...)``."""
    if key not in CATALOGUES[DEFAULT_LANGUAGE]:
        raise KeyError(f"unknown message id {key!r}")
    return shared(Msg(key, tuple(params.items())))


def shared(value: _Shared) -> _Shared:
    """One object for equal messages (and outcomes), within a bound.

    A fleet's hosts mostly say the same things ("cn-hangzhou", "running"):
    2,000 healthy hosts made 320,000 equal small objects, 15 MiB that every
    run kept to its end (bench/runner_bench.py). Values that cannot be hashed
    stay as they are.
    """
    try:
        return _shared(value)  # type: ignore[return-value]
    except TypeError:
        return value


@functools.lru_cache(maxsize=1 << 16)
def _shared(value: Hashable) -> Hashable:
    return value


def register_english(key: str, template: str) -> None:
    """Add an English message declared elsewhere (a check's title lives in its declaration)."""
    english = CATALOGUES[DEFAULT_LANGUAGE]
    if english.get(key, template) != template:
        raise ValueError(f"message id {key!r} is declared twice with different English")
    english[key] = template


def stale(lang: str) -> dict[str, tuple[str, str]]:
    """The translations of LANG made from an English that has changed: id -> (then, now)."""
    english = CATALOGUES[DEFAULT_LANGUAGE]
    return {
        key: (source, english[key])
        for key, (source, _) in TRANSLATIONS.get(lang, {}).items()
        if key in english and english[key] != source
    }


def text(value: str) -> Msg:
    """Literal text that is not translated (an error from a tool, a value)."""
    return shared(Msg("", (("text", value),)))


def joined(items: list[str | Msg]) -> Msg:
    """A comma-separated list whose items may be messages."""
    return Msg("", tuple((f"item{i}", item) for i, item in enumerate(items)))


def as_msg(value: str | Msg) -> Msg:
    return value if isinstance(value, Msg) else text(value)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _render_value(value: ParamValue, lang: str) -> str:
    return value.render(lang) if isinstance(value, Msg) else value


# A message as JSON: {"id": key, "params": [[name, value-or-message], ...]}. The
# params stay a list of pairs: their order is the order commands() lists them in.
MsgJson = dict[str, object]


def msg_to_json(msg: Msg) -> MsgJson:
    return {
        "id": msg.key,
        "params": [
            [name, msg_to_json(value) if isinstance(value, Msg) else value]
            for name, value in msg.params
        ],
    }


# Message ids an earlier version wrote, and what they are called now: a summary.json of
# that version (a baseline, a shard to merge) stays readable. Never remove an entry.
RENAMED: dict[str, str] = {
    "step4.user_id.nothing": "value.nothing",  # one shared "nothing" since 0.1.0's checks
}


def msg_from_json(value: object) -> Msg:
    """The Msg that msg_to_json wrote; ValueError (one line) for anything else."""
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        raise ValueError(f"not a message: {str(value)[:80]}")
    written: str = value["id"]
    key = RENAMED.get(written, written)
    if key and key not in CATALOGUES[DEFAULT_LANGUAGE]:
        raise ValueError(f"unknown message id {key!r}")
    params: list[tuple[str, ParamValue]] = []
    for pair in value.get("params") or []:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise ValueError(f"message {key!r}: a parameter is not [name, value]")
        name, raw = pair
        params.append((name, raw if isinstance(raw, str) else msg_from_json(raw)))
    return Msg(key, tuple(params))
