"""Typed values to plain JSON data and back: facts, expectations, whatever a dataclass holds.

A check's cases (tests/data/checks/) store the facts a judge reads as JSON;
``to_plain`` writes them and ``from_plain`` rebuilds the typed value from the
type hints of the dataclass, so a case file can never hold a field the
facts do not have. Enums are written as their values, tuples as lists.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


class PlainError(ValueError):
    """Data that does not fit the type asked for: one line naming where."""


def to_plain(value: object) -> Any:
    """JSON-ready data: dataclasses as objects of their fields, enums as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    return value


def from_plain(kind: type[T], data: object, where: str = "value") -> T:
    """The value of type KIND that to_plain wrote; PlainError names the first misfit field."""
    return typing.cast(T, _build(kind, data, where))


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _build(kind: Any, data: object, where: str) -> object:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _build(option, data, where)
            except PlainError as exc:
                errors.append(str(exc))
        raise PlainError(errors[0] if errors else f"{where}: does not fit {kind}")
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(data, list):
            raise PlainError(f"{where}: expected a list, found {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
        if len(args) != len(data):
            raise PlainError(f"{where}: expected {len(args)} items, found {len(data)}")
        return tuple(
            _build(a, item, f"{where}[{i}]")
            for i, (a, item) in enumerate(zip(args, data, strict=True))
        )
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind)
        if not isinstance(data, dict):
            raise PlainError(f"{where}: expected an object, found {type(data).__name__}")
        return {
            _build(key_kind, key, where): _build(value_kind, value, f"{where}.{key}")
            for key, value in data.items()
        }
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise PlainError(f"{where}: expected an object, found {type(data).__name__}")
        fields = {f.name: f for f in dataclasses.fields(kind) if f.init}
        if stray := sorted(set(data) - set(fields)):
            raise PlainError(f"{where}: unknown field {stray[0]!r} of {kind.__name__}")
        hints = _hints(kind)
        values = {
            name: _build(hints[name], data[name], f"{where}.{name}")
            for name in fields
            if name in data
        }
        try:
            return kind(**values)
        except TypeError as exc:
            raise PlainError(f"{where}: {exc}") from None
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(data)
        except ValueError:
            raise PlainError(f"{where}: {data!r} is not a {kind.__name__}") from None
    if kind is Any or kind is object:
        return data
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if (
        isinstance(kind, type)
        and isinstance(data, kind)
        and not (kind is int and isinstance(data, bool))
    ):
        return data
    raise PlainError(f"{where}: expected {getattr(kind, '__name__', kind)}, found {data!r}"[:200])
