"""The one exception every importer raises for input it cannot use."""

from __future__ import annotations


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


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset, for error locations."""
    return text.count("\n", 0, max(offset, 0)) + 1
