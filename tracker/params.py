"""Numbers read from query strings and forms, the ASCII way.

`str.isdigit()` is true for "²" and "٣", which `int()` then rejects or reads as another
number: a parameter is a number only when it is ASCII digits, and small enough to be an id.
"""

from __future__ import annotations

import re

_ID_RE = re.compile(r"[0-9]{1,18}")


def ascii_int(value: str | None) -> int | None:
    """`value` as an int when it is 1–18 ASCII digits, else None."""
    if value is None or not _ID_RE.fullmatch(value):
        return None
    return int(value)
