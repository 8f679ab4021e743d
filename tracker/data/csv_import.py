"""Reading a CSV of applications: decode it, find its columns, turn each row into what the
application form takes, and validate every row with that same form.

Nothing here writes: `prepare` returns a preview with per-row errors, and only a preview
without errors is handed to `services.import_applications`.
"""

from __future__ import annotations

import codecs
import copy
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from tracker import constraints
from tracker.data.csv_format import (
    CURRENCY_SYMBOLS,
    EXCITEMENT_WORDS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    OUTCOME_WORDS,
    REQUIRED_TARGETS,
    ROLE_FAMILY_WORDS,
    SOURCE_WORDS,
    STAGE_LABELS,
    STATUS_WORDS,
    TARGETS,
    TIER_WORDS,
    WORK_MODEL_WORDS,
    guess_role_family,
    parse_history,
    restore,
)
from tracker.data.employer_tiers import known_employer
from tracker.forms import ApplicationForm
from tracker.models import Application, Company, Source, Stage, Tier

MAX_ERRORS = 200
PREVIEW_ROWS = 50


class CsvError(ValueError):
    """The file as a whole cannot be read; the message says why, for the person."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    delimiter: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str]
    form: ApplicationForm | None = None
    history: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, str]:
        """Company, role, status and date as they will be imported (or as written, for a
        row with errors)."""
        if self.form is None:
            keys = {"company": "company", "role": "role_title", "status": "status"}
            summary = {name: self.values.get(key, "") for name, key in keys.items()}
            return summary | {"applied": self.values.get("applied_on", "")}
        data = self.form.cleaned_data
        status = STAGE_LABELS[data["stage"]]
        if data["outcome"]:
            status += f" ({data['outcome']})"
        applied = data["applied_on"]
        return {
            "company": data["company_name"],
            "role": data["role_title"],
            "status": status,
            "applied": applied.isoformat() if applied else "",
        }


@dataclass(frozen=True)
class NewCompany:
    """A company the file names that the person does not track yet, and its tier: what
    Reframe suggests, and what the person picked instead, if anything."""

    name: str  # as the file first writes it
    suggested: str  # "" when nothing suggests one
    # Where the suggestion comes from: "file" (its Tier column), "known" (a well-known
    # employer, from the list titled `known_as`), "default" (the tier for new companies).
    reason: str
    known_as: str = ""
    chosen: str = ""

    @property
    def tier(self) -> str:
        return self.chosen or self.suggested

    @property
    def picked(self) -> bool:
        """Whether the person picked a tier other than the suggested one."""
        return bool(self.chosen) and self.chosen != self.suggested

    @property
    def suggested_label(self) -> str:
        return Tier(self.suggested).label if self.suggested else ""

    @property
    def key(self) -> str:
        return company_key(self.name)


@dataclass
class Preview:
    headers: list[str]
    mapping: dict[str, str]
    rows: list[ParsedRow]
    errors: list[RowError]
    error_count: int
    # Rows not imported, and why: repeated in the file, or already tracked (when skipped).
    left_out: list[RowError] = field(default_factory=list)
    # The companies the import would create, in the order the file names them.
    new_companies: list[NewCompany] = field(default_factory=list)

    @property
    def sample(self) -> list[ParsedRow]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def is_clean(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    @property
    def ignored_headers(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if str(i) not in self.mapping]


# --- Bytes to a table -------------------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are certain; other
    files are read as Windows-1252, which is what spreadsheet programs on Windows write.
    """
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvError("This is a spreadsheet workbook, not a CSV file: save it as CSV first.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _decode_as(raw, "utf-16", "UTF-16")
    elif raw.startswith(codecs.BOM_UTF8):
        text, encoding = _decode_as(raw, "utf-8-sig", "UTF-8")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = _decode_as(raw, "cp1252", "Windows-1252")
    if "\x00" in text:
        raise CsvError("This file contains binary data, not text: is it really a CSV file?")
    return text, encoding


def _decode_as(raw: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return raw.decode(codec), name
    except UnicodeDecodeError as error:
        raise CsvError(
            f"The file is not valid {name} (byte {error.start}): save it again as UTF-8 CSV."
        ) from None


def read_table(text: str) -> Table:
    """Split the text into a header and rows; blank rows are skipped."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [cell.strip() for cell in next(reader, [])]
        if not any(headers):
            raise CsvError("The file is empty: the first line should name the columns.")
        if len(headers) > MAX_COLUMNS:
            raise CsvError(f"{len(headers)} columns is more than a tracker export has.")
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvError(f"More than {MAX_ROWS:,} rows: split the file and import the parts.")
            rows.append((reader.line_num, [restore(cell.strip()) for cell in cells]))
    except csv.Error as error:
        raise CsvError(f"Line {reader.line_num} cannot be read as CSV ({error}).") from None
    if not rows:
        raise CsvError("The file has a header line but no rows.")
    headers = [header or f"Column {index + 1}" for index, header in enumerate(headers)]
    return Table(headers=headers, rows=rows, delimiter=delimiter)


def load(raw: bytes) -> tuple[str, str, Table]:
    """Check size, decode and split an upload; raises CsvError with the reason."""
    if len(raw) > MAX_BYTES:
        raise CsvError(f"The file is {len(raw) / 1_048_576:.1f} MB; the limit is 5 MB.")
    text, encoding = decode(raw)
    return text, encoding, read_table(text)


# --- Cells to values --------------------------------------------------------------------

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}
MONTHS["sept"] = 9
ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ].*)?$")  # lower-cased
NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{4})$")
MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
# Spreadsheet serial day numbers (1900 date system) between 1990 and 2100.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIALS = range(32874, 73051)


def numeric_date_order(values: list[str]) -> str:
    """“dmy” or “mdy” when some value in a column settles it, else “”."""
    orders = set()
    for value in values:
        match = NUMERIC_DATE.match(value.strip())
        if match:
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                orders.add("dmy")
            elif second > 12 >= first:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else ""


def parse_date(text: str, order: str = "") -> datetime.date | None:
    """A date in any of the forms trackers and spreadsheets write; ValueError otherwise."""
    value = text.strip().lower()
    if not value:
        return None
    try:
        day = _parse_date(value, order)
    except ValueError as error:
        if str(error).startswith("“"):
            raise
        raise ValueError(f"“{text}” is not a date Reframe can read; use YYYY-MM-DD.") from None
    if not 1990 <= day.year <= timezone.localdate().year + 2:
        raise ValueError(f"“{text}” is outside the years a job search happens in.")
    return day


def _parse_date(value: str, order: str) -> datetime.date:
    if match := ISO_DATE.match(value):
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    if match := NUMERIC_DATE.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        year = year + 2000 if year < 100 else year
        if first != second and first <= 12 and second <= 12 and order not in ("dmy", "mdy"):
            raise ValueError(
                f"“{value}” could be day/month or month/day: say which date order the file uses "
                "(--date-order on the command line)."
            )
        day, month = (second, first) if order == "mdy" or first <= 12 < second else (first, second)
        return datetime.date(year, month, day)
    if (match := DAY_MONTH_NAME.match(value)) and match[2] in MONTHS:
        return datetime.date(int(match[3]), MONTHS[match[2]], int(match[1]))
    if (match := MONTH_NAME_DAY.match(value)) and match[1] in MONTHS:
        return datetime.date(int(match[3]), MONTHS[match[1]], int(match[2]))
    if value.isdigit() and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raise ValueError(value)


def _word(text: str) -> str:
    """“Phone-Screen ” and “phone screen” are the same word."""
    return re.sub(r"[\s_\-./:()*#]+", " ", text.lower()).strip()


def parse_choice(text: str, words: dict[str, str], what: str) -> str:
    value = words.get(_word(text), words.get(text.strip().lower()))
    if value is None:
        raise ValueError(f"“{text}” is not a {what} Reframe knows.")
    return value


def parse_status(text: str) -> tuple[str, str]:
    status = STATUS_WORDS.get(_word(text))
    if status is None:
        known = "saved, applied, screening, interviewing, offer, rejected, ghosted, withdrawn"
        raise ValueError(f"“{text}” is not a status Reframe knows (try one of: {known}).")
    return status


AMOUNT = re.compile(r"(\d[\d,.\s]*)\s*(k\b)?", re.IGNORECASE)


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """“$120k–150k”, “€90.000 - €110.000”, “130000 USD” → (min, max, currency)."""
    value = text.strip()
    if not value:
        return None, None, ""
    currency = ""
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in value.lower():
            currency = code
    if code := re.search(r"\b([A-Z]{3})\b", value):
        currency = code[1]
    amounts = [_amount(number, bool(k)) for number, k in AMOUNT.findall(value)]
    amounts = [amount for amount in amounts if amount is not None]
    if not amounts or len(amounts) > 2:
        raise ValueError(f"“{text}” is not a salary or a range such as “120k–150k”.")
    return min(amounts), max(amounts) if len(amounts) == 2 else None, currency


def _amount(number: str, thousands: bool) -> int | None:
    digits = re.sub(r"[\s,.](?=\d{3}\b)", "", number.strip())
    try:
        amount = float(digits.replace(",", "."))
    except ValueError:
        return None
    return round(amount * 1000 if thousands else amount)


def parse_whole_number(text: str) -> str:
    value = text.strip().replace(",", "").replace(" ", "")
    if value and not value.isdigit():
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"“{text}” is not a whole number.") from None
        if number != int(number) or number < 0:
            raise ValueError(f"“{text}” is not a whole number.")
        value = str(int(number))
    return value


def parse_excitement(text: str) -> str:
    value = text.strip().lower()
    if value in EXCITEMENT_WORDS:
        return str(EXCITEMENT_WORDS[value])
    if value and set(value) <= {"★", "*"}:
        return str(len(value))
    return parse_whole_number(value)


# --- Rows to form data ------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    # The tier of a new company nothing else gives one to (see `new_companies`).
    default_tier: str = ""
    date_order: str = "auto"
    # Rows for applications the person already tracks are left out instead of refused.
    skip_existing: bool = False
    # The tiers the person picked for new companies, by `company_key`.
    company_tiers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> Options:
        picked = data.get("company_tiers") or {}
        return cls(
            default_tier=data.get("default_tier", "") or "",
            date_order=data.get("date_order", "auto") or "auto",
            skip_existing=bool(data.get("skip_existing")),
            company_tiers={key: tier for key, tier in picked.items() if tier in Tier.values},
        )


def company_key(name: str) -> str:
    """What makes two of a file's company names the same company (letter case aside), as
    the company table's unique name constraint does."""
    return name.strip().upper()


class KnownRecords:
    """The person's companies and applications, read once for a whole file (two queries),
    so checking 2,000 rows asks the database nothing more."""

    def __init__(self, owner: User) -> None:
        self.fields: dict | None = None  # the row form's fields, shared by every row
        self.companies = {company_key(c.name): c for c in Company.objects.for_user(owner)}
        self.roles: dict[tuple[int, str], Application] = {}
        names = {c.pk: name for name, c in self.companies.items()}
        # (company name, role), in capitals: what a file's row is compared with.
        self.tracked: set[tuple[str, str]] = set()
        for application in Application.objects.for_user(owner).only("company_id", "role_title"):
            key = (application.company_id, application.role_title.strip().upper())
            self.roles.setdefault(key, application)
            self.tracked.add((names.get(application.company_id, ""), key[1]))


class _SharedFields(dict):
    """Form fields made once for a whole file. A form deep-copies its fields so that one
    instance may change them; a row form changes none while it cleans, and the copy was
    most of the time a 2,000-row preview took."""

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


class CsvRowForm(ApplicationForm):
    """The application form for one CSV row: the same fields and rules, with companies,
    duplicates and check constraints looked up in memory instead of once per row."""

    DUPLICATE_MESSAGE = (
        "You already track “%(role)s” at %(company)s: skip the rows already tracked "
        "(--skip-existing on the command line), or leave this row out of the file."
    )

    def __init__(self, *args, known: KnownRecords, **kwargs) -> None:
        if known.fields is None:
            known.fields = _SharedFields(copy.deepcopy(type(self).base_fields))
        self.base_fields = known.fields
        super().__init__(*args, **kwargs)
        self.known = known

    def existing_company(self) -> Company | None:
        name = (self.cleaned_data.get("company_name") or "").strip()
        return self.known.companies.get(company_key(name)) if name else None

    def find_duplicate(
        self, company: Company, role_title: str, exclude_pk: int | None
    ) -> Application | None:
        return self.known.roles.get((company.pk, role_title.strip().upper()))

    def validate_constraints(self) -> None:
        try:
            broken = constraints.violated(self.instance)
        except constraints.Unsupported:
            super().validate_constraints()
            return
        for constraint in broken:
            self.add_error(None, constraint.get_violation_error_message())


def prepare(*, owner: User, table: Table, mapping: dict[str, str], options: Options) -> Preview:
    """Parse and validate every row as the application form would; write nothing."""
    errors = mapping_errors(mapping)
    rows: list[ParsedRow] = []
    left_out: list[RowError] = []
    companies: list[NewCompany] = []
    if not errors:
        orders = _date_orders(table, mapping, options)
        known = KnownRecords(owner)
        companies = _new_companies(table, mapping, options, set(known.companies))
        tiers = {company.key: company.tier for company in companies}
        first_line: dict[tuple[str, str], int] = {}
        for line, cells in table.rows:
            row = _parse_row(owner, table.headers, mapping, line, cells, orders, tiers, known)
            key = _role_key(row.values)
            if key in known.tracked and options.skip_existing:
                left_out.append(RowError(line, "", "already tracked: left out"))
                continue
            if key[0] and key in first_line:
                # The same company and role twice in one file is one application.
                left_out.append(
                    RowError(line, "", f"repeats line {first_line[key]}: imported once")
                )
                continue
            first_line.setdefault(key, line)
            rows.append(row)
    count = len(errors) + sum(len(row.errors) for row in rows)
    shown = [*errors, *(error for row in rows for error in row.errors)][:MAX_ERRORS]
    return Preview(
        headers=table.headers,
        mapping=mapping,
        rows=rows,
        errors=shown,
        error_count=count,
        left_out=left_out,
        new_companies=companies,
    )


def _role_key(values: dict[str, str]) -> tuple[str, str]:
    """A row's company and role as the duplicate check compares them."""
    return (company_key(values.get("company", "")), values.get("role_title", "").strip().upper())


def new_companies(
    *, owner: User, table: Table, mapping: dict[str, str], options: Options
) -> list[NewCompany]:
    """The companies an upload would create, as its preview lists them (one query)."""
    if mapping_errors(mapping):
        return []
    names = Company.objects.for_user(owner).values_list("name", flat=True)
    return _new_companies(table, mapping, options, {company_key(name) for name in names})


def _new_companies(
    table: Table, mapping: dict[str, str], options: Options, tracked: set[str]
) -> list[NewCompany]:
    """Each company of the file that is not in `tracked`, with its tier suggested by, in
    turn: the file's Tier column (the first cell Reframe can read for that company), the
    list of well-known employers, the tier for new companies. The person's own pick,
    from the preview or the command line, overrides the suggestion."""
    column = {target: int(index) for index, target in mapping.items()}
    found: dict[str, NewCompany] = {}
    for _, cells in table.rows:
        name = _cell(cells, column.get("company")).strip()
        key = company_key(name)
        if not name or key in tracked:
            continue
        first = found.get(key)
        if first is not None and first.reason == "file":
            continue
        name = first.name if first else name  # the spelling the company is created with
        chosen = options.company_tiers.get(key, "")
        if stated := _stated_tier(_cell(cells, column.get("tier"))):
            found[key] = NewCompany(name, stated, "file", chosen=chosen)
        elif first is None:
            found[key] = _suggest(name, chosen, options)
    return list(found.values())


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _stated_tier(cell: str) -> str:
    """The tier a Tier cell names; "" for an empty or unreadable one (the row's check
    reports the latter)."""
    try:
        return parse_choice(cell, TIER_WORDS, "tier") if cell.strip() else ""
    except ValueError:
        return ""


def _suggest(name: str, chosen: str, options: Options) -> NewCompany:
    employer = known_employer(name)
    if employer:
        return NewCompany(name, employer.tier, "known", known_as=employer.source, chosen=chosen)
    if options.default_tier:
        return NewCompany(name, options.default_tier, "default", chosen=chosen)
    return NewCompany(name, "", "", chosen=chosen)


def mapping_errors(mapping: dict[str, str]) -> list[RowError]:
    targets = list(mapping.values())
    problems = [
        RowError(0, "", f"Choose the column that holds the {TARGETS[target].lower()}.")
        for target in REQUIRED_TARGETS
        if target not in targets
    ]
    problems += [
        RowError(0, "", f"Two columns are set to “{TARGETS[target]}”: keep one.")
        for target in sorted(set(targets))
        if targets.count(target) > 1
    ]
    return problems


def _date_orders(table: Table, mapping: dict[str, str], options: Options) -> dict[str, str]:
    """Per date column, the day/month order: as chosen, or as the column's values show."""
    orders = {}
    for index, target in mapping.items():
        if target in ("applied_on", "next_action_on"):
            if options.date_order != "auto":
                orders[target] = options.date_order
            else:
                column = [cells[int(index)] for _, cells in table.rows if int(index) < len(cells)]
                orders[target] = numeric_date_order(column)
    return orders


def _parse_row(
    owner: User,
    headers: list[str],
    mapping: dict[str, str],
    line: int,
    cells: list[str],
    orders: dict[str, str],
    tiers: dict[str, str],
    known: KnownRecords,
) -> ParsedRow:
    values = {target: cells[int(i)] if int(i) < len(cells) else "" for i, target in mapping.items()}
    row = ParsedRow(line=line, values=values)
    column_of = {target: headers[int(i)] for i, target in mapping.items()}
    data = _form_data(row, column_of, orders)
    # Every row of a new company gets the one tier the preview shows for it.
    data["new_company_tier"] = tiers.get(company_key(data["company_name"]), "")
    if row.errors:
        return row
    form = CsvRowForm(data, owner=owner, known=known)
    if form.is_valid():
        row.form = form
    else:
        for name, messages in form.errors.items():
            column = column_of.get(FORM_FIELD_TARGETS.get(name, name), "")
            if name == "new_company_tier":
                messages = [NO_TIER_MESSAGE % {"company": data["company_name"]}]
            row.errors += [RowError(line, column, message) for message in messages]
    return row


NO_TIER_MESSAGE = (
    "“%(company)s” is a new company and not one Reframe knows: pick its tier under New "
    "companies, give the file a Tier column, or choose a tier for new companies "
    "(--tier or --default-tier on the command line)."
)


# Form field → the import target whose column its errors belong to.
FORM_FIELD_TARGETS = {
    "company_name": "company",
    "new_company_tier": "tier",
    "stage": "status",
    "salary_currency": "salary_currency",
}


def _form_data(row: ParsedRow, column_of: dict[str, str], orders: dict[str, str]) -> dict:
    """The application form's data for one row; unreadable cells become row errors."""
    values = row.values
    data = {
        "company_name": values.get("company", ""),
        "new_company_tier": "",
        "role_title": values.get("role_title", ""),
        "role_family": guess_role_family(values.get("role_title", "")),
        "stage": Stage.APPLIED if values.get("applied_on") else Stage.SAVED,
        "outcome": "",
        "source": Source.COLD,
        "salary_currency": "USD",
        "confirm_duplicate": "",
        **{name: values.get(name, "") for name in TEXT_TARGETS},
    }
    for target, convert in CONVERTERS.items():
        cell = values.get(target, "")
        if not cell.strip():
            continue
        try:
            convert(data, cell, orders.get(target, ""))
        except ValueError as error:
            row.errors.append(RowError(row.line, column_of[target], str(error)))
    if values.get("history", "").strip() and not row.errors:
        _check_history(row, data, column_of)
    return data


TEXT_TARGETS = ("location", "next_action", "posting_url", "notes", "posting_text")


def _set(name: str, parse):
    def convert(data: dict, cell: str, order: str) -> None:
        data[name] = parse(cell)

    return convert


def _set_date(name: str):
    def convert(data: dict, cell: str, order: str) -> None:
        day = parse_date(cell, order)
        if name == "applied_on" and day and day > timezone.localdate():
            raise ValueError(f"“{cell}” is in the future.")
        data[name] = day.isoformat() if day else ""

    return convert


def _set_status(data: dict, cell: str, order: str) -> None:
    data["stage"], outcome = parse_status(cell)
    data["outcome"] = outcome or data["outcome"]


def _set_outcome(data: dict, cell: str, order: str) -> None:
    data["outcome"] = parse_choice(cell, OUTCOME_WORDS, "outcome")
    data["stage"] = Stage.CLOSED


def _set_salary(data: dict, cell: str, order: str) -> None:
    low, high, currency = parse_salary(cell)
    data["salary_min"] = "" if low is None else str(low)
    data["salary_max"] = "" if high is None else str(high)
    if currency:
        data["salary_currency"] = currency


CONVERTERS = {
    "tier": _set("new_company_tier", lambda cell: parse_choice(cell, TIER_WORDS, "tier")),
    "role_family": _set(
        "role_family", lambda cell: parse_choice(cell, ROLE_FAMILY_WORDS, "role family")
    ),
    "status": _set_status,
    "outcome": _set_outcome,
    "source": _set("source", lambda cell: SOURCE_WORDS.get(_word(cell), Source.OTHER)),
    "work_model": _set(
        "work_model", lambda cell: parse_choice(cell, WORK_MODEL_WORDS, "work model")
    ),
    "applied_on": _set_date("applied_on"),
    "next_action_on": _set_date("next_action_on"),
    "salary": _set_salary,
    "salary_min": _set("salary_min", parse_whole_number),
    "salary_max": _set("salary_max", parse_whole_number),
    "salary_currency": _set("salary_currency", lambda cell: cell.strip().upper()),
    "excitement": _set("excitement", parse_excitement),
}


def _check_history(row: ParsedRow, data: dict, column_of: dict[str, str]) -> None:
    column = column_of["history"]
    try:
        steps = parse_history(row.values["history"])
    except ValueError as error:
        row.errors.append(RowError(row.line, column, str(error)))
        return
    if steps and steps[-1][0] > timezone.localdate():
        row.errors.append(RowError(row.line, column, "The stage history runs into the future."))
    elif steps and "status" in row.values and (data["stage"], data["outcome"]) != steps[-1][1:]:
        row.errors.append(
            RowError(row.line, column, "The last step of the history disagrees with the status.")
        )
    elif steps:
        data["stage"], data["outcome"] = steps[-1][1:]
        row.history = steps


def prepare_import(*, owner: User, csv_import, table: Table | None = None) -> Preview:
    """The preview of a stored upload with its saved column choices."""
    return prepare(
        owner=owner,
        table=table or read_table(csv_import.text),
        mapping=csv_import.mapping,
        options=Options.from_dict(csv_import.options),
    )
