"""One date helper for every CV spelling, honest about precision."""

from __future__ import annotations

import pytest

from resumes.importers.dates import DateRange, month_number, parse_date, parse_date_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016", "2016"),
        ("2016-08", "2016-08"),
        ("2016-08-15", "2016-08-15"),
        ("2016-08-15T10:00:00Z", "2016-08-15"),
        ("Aug 2016", "2016-08"),
        ("Aug. 2016", "2016-08"),
        ("Sept. 2019", "2019-09"),
        ("September 2019", "2019-09"),
        ("08/2016", "2016-08"),
        ("2016/08", "2016-08"),
        ("15 Aug 2016", "2016-08-15"),
        ("Aug 15, 2016", "2016-08-15"),
        ("Summer 2019", "2019"),
        ("Okt. 2020", "2020-10"),
        ("2016-02-31", "2016-02"),
        ("05/06/2016", "2016"),
        ("25/06/2016", "2016-06-25"),
    ],
)
def test_parse_date_keeps_written_precision(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["present", "", "foo", "'19", "2016-13", "13/2016"])
def test_parse_date_refuses_non_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct. 2024 -- present", DateRange("2024-10", "", True)),
        ("Oct. 2024 – present", DateRange("2024-10", "", True)),
        ("Jan. 2022 -- Jul. 2024", DateRange("2022-01", "2024-07")),
        ("2016--2020", DateRange("2016", "2020")),
        ("2016 - 2020", DateRange("2016", "2020")),
        ("2021-Present", DateRange("2021", "", True)),
        ("2016-08 - 2020-01", DateRange("2016-08", "2020-01")),
        ("since 2021", DateRange("2021", "", True)),
        ("Oct. -- Dec. 2024", DateRange("2024-10", "2024-12")),
        ("2016 to 2018", DateRange("2016", "2018")),
        ("expected 2025", DateRange("", "2025")),
        ("2024", DateRange("2024")),
    ],
)
def test_parse_date_range_spellings(text, expected):
    assert parse_date_range(text) == expected


def test_parse_date_range_refuses_text():
    assert parse_date_range("Kavli IPMU Fellow") is None


def test_month_number_names_and_numbers():
    assert [month_number(t) for t in ("jan", "October", "Sept.", "10", "13", "x")] == [
        1,
        10,
        9,
        10,
        None,
        None,
    ]
