"""The one exception every importer raises for input it cannot use."""

from __future__ import annotations

import bisect
import re


class ImportFailed(ValueError):
    """A file could not be imported; nothing from it should be saved.

    `message` says what is wrong in words the person can act on; `location` says where:
    a JSON path such as ``$.work[2].startDate`` for schema violations, ``line 12`` for
    syntax errors, a member name for archives, or "" when the whole file is at fault.
    Subclassing ValueError lets callers that already catch bad values keep working.
    """

    def __init__(self, message: str, location: str = "") -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class LineIndex:
    """Line numbers of many offsets in one text, each in O(log n) rather than O(n)."""

    def __init__(self, text: str) -> None:
        self._starts = [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) + 1


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset, for error locations."""
    return text.count("\n", 0, max(offset, 0)) + 1
