"""CV date spellings → ISO partial dates ("2016", "2016-08", "2016-08-15").

A CV rarely gives a day, often gives a month, and sometimes only a season; the result
keeps exactly the precision that was written, because a date the person never stated
would be an invented fact on the résumé.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # German and French spellings turn up in European CVs.
    "mär": 3,
    "mrz": 3,
    "mai": 5,
    "okt": 10,
    "dez": 12,
    "janv": 1,
    "févr": 2,
    "fevr": 2,
    "avr": 4,
    "juin": 6,
    "juil": 7,
    "déc": 12,
}

# A season or term names a year, not a month: keep only the year.
_SEASONS = ("spring", "summer", "fall", "autumn", "winter", "early", "mid", "late")

_ONGOING = frozenset(
    {"present", "now", "current", "currently", "today", "ongoing", "date", "to date", "heute"}
)

_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_RANGE_SPLIT = re.compile(r"\s*(?:–|—|--+|-|‐|‑|−|\bto\b|\buntil\b|\btill\b|\bbis\b)\s*", re.I)


_MAX_DATE_CHARS = 40  # "Wednesday, 15 September 2021" is 28


@dataclass(frozen=True)
class DateRange:
    start: str = ""
    end: str = ""
    current: bool = False


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in _MONTHS:
        return _MONTHS[word]
    # Full names ("September", "Janvier") start with a known abbreviation.
    for size in (4, 3):
        if len(word) > size and word[:size] in _MONTHS:
            return _MONTHS[word[:size]]
    return None


def month_number(text: str) -> int | None:
    """1–12 for a month name, abbreviation or number ("Oct.", "october", "10"), else None."""
    value = text.strip().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _month(value) if value.isalpha() else None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        # "31 Feb" is a typo we cannot resolve; the month is still what was written.
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str) -> str | None:
    """One date as an ISO partial string, or None when `text` is not a date.

    "Oct. 2024" → "2024-10"; "2016" → "2016"; "15 Aug 2016" → "2016-08-15";
    "08/2016" → "2016-08"; "Summer 2019" → "2019". "present" is not a date (see
    `parse_date_range`).
    """
    if len(text) > _MAX_DATE_CHARS:
        return None  # no date is this long; also keeps every pattern here linear
    value = re.sub(r"\s+", " ", text.strip().strip(",;()[]")).strip()
    if not value:
        return None
    lowered = value.lower()
    patterns: list[tuple[str, str]] = [
        (rf"({_YEAR})-(\d{{1,2}})-(\d{{1,2}})(?:t[\d:.]+(?:z|[+-][\d:]+)?)?", "ymd"),
        (rf"({_YEAR})[/.](\d{{1,2}})[/.](\d{{1,2}})", "ymd"),
        (rf"({_YEAR})[-/.](\d{{1,2}})", "ym"),
        (rf"(\d{{1,2}})[/.-]({_YEAR})", "my"),
        (rf"(\d{{1,2}})[/.](\d{{1,2}})[/.]({_YEAR})", "dmy"),
        (rf"({_YEAR})", "y"),
        (rf"([a-zéäû]+\.?) ({_YEAR})", "Mon y"),
        (rf"([a-zéäû]+\.?),? ({_YEAR})", "Mon y"),
        (rf"(\d{{1,2}})(?:st|nd|rd|th)?\.? ([a-zéäû]+\.?),? ({_YEAR})", "d Mon y"),
        (rf"([a-zéäû]+\.?) (\d{{1,2}})(?:st|nd|rd|th)?,? ({_YEAR})", "Mon d y"),
        (r"'(\d\d)", "yy"),
    ]
    for pattern, shape in patterns:
        match = re.fullmatch(pattern, lowered)
        if not match:
            continue
        groups = match.groups()
        if shape == "ymd":
            return _iso(int(groups[0]), int(groups[1]), int(groups[2]))
        if shape == "ym":
            return _iso(int(groups[0]), int(groups[1])) if 1 <= int(groups[1]) <= 12 else None
        if shape == "my":
            return _iso(int(groups[1]), int(groups[0])) if 1 <= int(groups[0]) <= 12 else None
        if shape == "dmy":
            # Day-first is the reading everywhere but the US; when the first number
            # cannot be a month the order is certain, otherwise keep only month-year
            # when unambiguous, else the year alone: better vague than wrong.
            first, second, year = int(groups[0]), int(groups[1]), int(groups[2])
            if first > 12 and 1 <= second <= 12:
                return _iso(year, second, first)
            if second > 12 and 1 <= first <= 12:
                return _iso(year, first, second)
            if first == second:
                return _iso(year, first, second)
            return _iso(year)
        if shape == "y":
            return groups[0]
        if shape == "Mon y":
            word = groups[0].rstrip(".")
            if word in _SEASONS:
                return groups[1]
            month = _month(word)
            return _iso(int(groups[1]), month) if month else None
        if shape == "d Mon y":
            month = _month(groups[1])
            return _iso(int(groups[2]), month, int(groups[0])) if month else None
        if shape == "Mon d y":
            month = _month(groups[0])
            return _iso(int(groups[2]), month, int(groups[1])) if month else None
        if shape == "yy":
            return None  # '19 could be 1919 or 2019: refuse to guess a century
    return None


def is_ongoing(text: str) -> bool:
    """True for "present", "now", "current", "today", "ongoing"..."""
    return text.strip().strip(".").lower() in _ONGOING


def parse_date_range(text: str) -> DateRange | None:
    """A date or a span such as "Oct. 2024 -- present", "2016–2020", "since 2021".

    Returns None when `text` is not a date or a span. A single date fills only
    `start`; an open end ("present") sets `current` and leaves `end` empty.
    """
    if len(text) > 2 * _MAX_DATE_CHARS:
        return None
    value = re.sub(r"\s+", " ", text.strip()).strip(" ,;()[]")
    if not value:
        return None
    since = re.fullmatch(r"(?:since|from|seit|depuis)\s+(.+)", value, re.I)
    if since:
        start = parse_date(since.group(1))
        return DateRange(start=start, current=True) if start else None
    single = parse_date(value)
    if single:
        return DateRange(start=single)
    expected = re.fullmatch(r"(?:expected|exp\.|anticipated)\s+(.+)", value, re.I)
    if expected:
        end = parse_date(expected.group(1))
        return DateRange(end=end) if end else None
    # Split on the first separator that leaves a date on the left; "2016-08 - 2020" needs
    # the ISO hyphen kept, so try every separator position.
    for match in _RANGE_SPLIT.finditer(value):
        left, right = value[: match.start()], value[match.end() :]
        start = parse_date(left)
        if not start:
            continue
        if not right.strip() or is_ongoing(right):
            return DateRange(start=start, current=bool(right.strip()))
        end = parse_date(right)
        if end:
            return DateRange(start=start, end=end)
        # "Oct. -- Dec. 2024": the year on the right belongs to both ends.
    for match in _RANGE_SPLIT.finditer(value):
        left, right = value[: match.start()], value[match.end() :]
        end = parse_date(right)
        month = _month(left.strip()) if left.strip() else None
        if end and month and len(end) >= 7:
            return DateRange(start=_iso(int(end[:4]), month), end=end)
    return None
