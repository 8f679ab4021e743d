"""Frozen dataclasses to JSON-ready data and back, read from their type hints.

The inventory a build was asked for, its plan and its report are stored as JSON. One
reader for all three means a field added to a dataclass is stored and read back with
nothing else to edit: there is no second list of field names to keep in step.

`from_plain` ignores keys the dataclass does not have and leaves missing ones at their
defaults, so data written by an older version of a dataclass still loads; a change that
is not additive is the caller's to detect (see `report.REPORT_VERSION`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any


def to_plain(value: Any) -> Any:
    """Dataclasses as dicts and tuples as lists, recursively: what JSON will hold."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def from_plain[T](cls: type[T], data: dict[str, Any]) -> T:
    """An instance of the dataclass `cls` from `to_plain`'s output (or older data)."""
    hints = _hints(cls)  # type: ignore[arg-type]  # a class is hashable
    values = {
        name: _convert(hints[name], data[name])
        for name in (f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        if name in data
    }
    return cls(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        # "X | None": the value is not None here, so it is an X.
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner, value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_plain(hint, value)  # type: ignore[arg-type]
    if origin is tuple and isinstance(value, list | tuple):
        (inner, *_) = typing.get_args(hint) or (Any,)
        return tuple(_convert(inner, item) for item in value)
    if origin is dict and isinstance(value, dict):
        _, inner = typing.get_args(hint) or (Any, Any)
        return {key: _convert(inner, item) for key, item in value.items()}
    return value
