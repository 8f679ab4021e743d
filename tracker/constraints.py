"""A model's check constraints, evaluated in Python.

Django validates a `CheckConstraint` by asking the database (`SELECT 1 WHERE ...`) once per
constraint per object: two round trips for every row of a 2,000-row CSV preview. The
conditions of ours are plain comparisons, so they are evaluated here, with SQL's rule that
a comparison with NULL is unknown and an unknown CHECK passes. A lookup this module does
not know sends the caller back to the database.
"""

from __future__ import annotations

import operator

from django.db.models import CheckConstraint, F, Model, Q

_OPERATORS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Unsupported(Exception):
    """A condition this evaluator cannot read; validate it in the database instead."""


def violated(instance: Model) -> list[CheckConstraint]:
    """The check constraints of `instance`'s model that its values break."""
    if any(not isinstance(c, CheckConstraint) for c in instance._meta.constraints):
        raise Unsupported("only check constraints are evaluated here")
    return [
        c
        for c in instance._meta.constraints
        if isinstance(c, CheckConstraint) and _holds(c.condition, instance) is False
    ]


def _holds(condition: Q, instance: Model) -> bool | None:
    """True, False, or None for SQL's unknown."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
        else:
            results.append(_compare(*child, instance))
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated and result is not None:
        return not result
    return result


def _compare(lookup: str, expected: object, instance: Model) -> bool | None:
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    value = getattr(instance, name)
    if kind == "isnull":
        return (value is None) is bool(expected)
    if isinstance(expected, F):
        expected = getattr(instance, expected.name)
    elif not isinstance(expected, str | int | float | bool | type(None)):
        raise Unsupported(lookup)
    if kind not in _OPERATORS:
        raise Unsupported(lookup)
    if value is None or expected is None:
        return None
    return _OPERATORS[kind](value, expected)
