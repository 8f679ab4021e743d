import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_application, make_company, make_csv_import
from tracker import services
from tracker.data import csv_import
from tracker.data.csv_format import guess_mapping
from tracker.data.csv_import import CsvError, NewCompany, Options, parse_date, parse_salary
from tracker.models import Application, Company, CsvImport

NEXT_MONTH = (timezone.localdate() + datetime.timedelta(days=31)).isoformat()


def _preview(owner, text: str, **options):
    table = csv_import.read_table(text)
    return csv_import.prepare(
        owner=owner, table=table, mapping=guess_mapping(table.headers), options=Options(**options)
    )


def _upload(client, content: bytes, name: str = "applications.csv"):
    return client.post(
        reverse("tracker:import_upload"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


# --- Headers of common trackers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Company,Title,List,Date Applied", ["company", "role_title", "status", "applied_on"]),
        ("Employer,Job Title,List", ["company", "role_title", "status"]),
        ("Company Name,Job Title,Status", ["company", "role_title", "status"]),
        ("Application Date,Company Name,Job Title", ["applied_on", "company", "role_title"]),
        (
            "Company,Position,Stage,Date Applied,URL,Location,Salary,Notes",
            [
                "company",
                "role_title",
                "status",
                "applied_on",
                "posting_url",
                "location",
                "salary",
                "notes",
            ],
        ),
        (
            "id,company_name,job_title,status,source,location,is_remote,job_url,salary_range_min,"
            "salary_range_max,ai_match_score,notes,tags,applied_at",
            [
                None,
                "company",
                "role_title",
                "status",
                "source",
                "location",
                "work_model",
                "posting_url",
                "salary_min",
                "salary_max",
                None,
                "notes",
                None,
                "applied_on",
            ],
        ),
        (
            "date,company,sector,role,role_type,channel,status,contact_person,fit_rating,notes",
            [
                "applied_on",
                "company",
                None,
                "role_title",
                None,
                "source",
                "status",
                None,
                "excitement",
                "notes",
            ],
        ),
        (
            "Id,RoleName,Company,ApplicationUrl,Status,AdvertisedSalary,RoleType,Location,"
            "Commute,ApplicationDate,Notes,NextAction",
            [
                None,
                "role_title",
                "company",
                "posting_url",
                "status",
                "salary",
                None,
                "location",
                None,
                "applied_on",
                "notes",
                "next_action",
            ],
        ),
    ],
)
def test_headers_of_common_trackers_are_recognised(header, expected):
    headers = header.split(",")

    mapping = guess_mapping(headers)

    assert [mapping.get(str(index)) for index in range(len(headers))] == expected


def test_a_target_claimed_twice_keeps_the_first_column():
    assert guess_mapping(["channel", "Source", "Company"]) == {"0": "source", "2": "company"}


# --- Encodings and broken files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Company,Role,Location\nLumen,MLE,Zürich\n".encode(), "UTF-8"),
        ("\ufeffCompany,Role,Location\nLumen,MLE,Zürich\n".encode(), "UTF-8"),
        ("Company,Role,Location\nLumen,MLE,Zürich\n".encode("cp1252"), "Windows-1252"),
        ("Company,Role,Location\nLumen,MLE,Zürich\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings_are_read(raw, encoding):
    _, found, table = csv_import.load(raw)

    assert found == encoding
    assert table.rows == [(2, ["Lumen", "MLE", "Zürich"])]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet workbook"),
        (b"Company,Role\nA,\x00B\n", "binary data"),
        (b"\xff\xfeC\x00o\x00\x00\xd8", "not valid UTF-16"),
        (b"", "The file is empty"),
        (b"Company,Role\n", "no rows"),
        (b"Company,Role\n\n  \n", "no rows"),
        (b"Company,Role\nA," + b"x" * 200_000 + b"\n", "cannot be read as CSV"),
        (b"x" * (5 * 1024 * 1024 + 1), "the limit is 5 MB"),
        (b",".join(b"c%d" % i for i in range(500)) + b"\n1\n", "500 columns"),
    ],
)
def test_unreadable_files_say_why(raw, message):
    with pytest.raises(CsvError, match=message):
        csv_import.load(raw)


def test_too_many_rows_are_refused():
    text = "Company,Role\n" + "Acme,MLE\n" * (csv_import.MAX_ROWS + 1)

    with pytest.raises(CsvError, match="More than 2,000 rows"):
        csv_import.read_table(text)


def test_semicolon_and_tab_separated_files_are_read():
    semicolons = csv_import.read_table("Company;Role;Salary\nLumen;MLE;85.000,00 €\n")
    tabs = csv_import.read_table("Company\tRole\nLumen\tMLE, Routing\n")

    assert semicolons.rows == [(2, ["Lumen", "MLE", "85.000,00 €"])]
    assert tabs.rows == [(2, ["Lumen", "MLE, Routing"])]


def test_upload_of_twenty_megabytes_is_refused_and_nothing_kept(alice_client):
    response = _upload(alice_client, b"Company,Role\n" + b"A,B\n" * (5 * 1024 * 1024))

    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert not CsvImport.objects.exists()


def test_upload_of_a_workbook_is_refused_with_a_reason(alice_client):
    response = _upload(alice_client, b"PK\x03\x04....", "applications.xlsx")

    assert "save it as CSV first" in response.content.decode()
    assert not CsvImport.objects.exists()


def _mutations(seed: int) -> list[bytes]:
    """Files that start as a real export and get broken in the ways files get broken."""
    rng = random.Random(seed)
    good = (
        "Company,Job Title,Status,Date Applied,Salary,Notes\n"
        'Lumen,MLE,Applied,2026-01-02,€90k,"a, b"\n'
        "Kestrel,Quant,Rejected,03/04/2026,,=cmd\n"
    ).encode()
    files = []
    for _ in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[position] = rng.randrange(256)
            elif choice < 0.7:
                data[position:position] = rng.choice(
                    [b'"', b",", b"\n", b"\r", b";", b"\xff", b"\x00", b"'", b"\xe2\x80"]
                )
            else:
                del data[position : position + rng.randint(1, 8)]
        files.append(bytes(data))
    return files


@pytest.mark.parametrize("seed", range(4))
def test_broken_files_give_a_message_or_a_preview_never_a_crash(alice, seed):
    messages = []
    for raw in _mutations(seed):
        try:
            _, _, table = csv_import.load(raw)
        except CsvError as problem:
            messages.append(str(problem))
            continue
        preview = csv_import.prepare(
            owner=alice,
            table=table,
            mapping=guess_mapping(table.headers),
            options=Options(default_tier="startup"),
        )
        messages += [str(error) for error in preview.errors]

    assert all(messages)
    assert Application.objects.count() == 0


# --- Values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-03-01", "", datetime.date(2026, 3, 1)),
        ("2026/03/01", "", datetime.date(2026, 3, 1)),
        ("2026-03-01T10:00:00Z", "", datetime.date(2026, 3, 1)),
        ("2026-03-01 10:00", "", datetime.date(2026, 3, 1)),
        ("1 March 2026", "", datetime.date(2026, 3, 1)),
        ("1st Mar 2026", "", datetime.date(2026, 3, 1)),
        ("March 1, 2026", "", datetime.date(2026, 3, 1)),
        ("Sept 9 2026", "", datetime.date(2026, 9, 9)),
        ("13/02/2026", "", datetime.date(2026, 2, 13)),
        ("02/13/2026", "", datetime.date(2026, 2, 13)),
        ("03/04/2026", "dmy", datetime.date(2026, 4, 3)),
        ("03/04/2026", "mdy", datetime.date(2026, 3, 4)),
        ("05.05.26", "", datetime.date(2026, 5, 5)),
        ("46082", "", datetime.date(2026, 3, 1)),
        ("", "", None),
    ],
)
def test_dates_in_odd_formats_are_read(text, order, expected):
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2026", "could be day/month or month/day"),
        ("31/02/2026", "not a date Reframe can read"),
        ("yesterday", "not a date Reframe can read"),
        ("1 Smarch 2026", "not a date Reframe can read"),
        ("1850-01-01", "outside the years"),
        ("12", "not a date Reframe can read"),
    ],
)
def test_unreadable_dates_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120,000", (120000, None, "USD")),
        ("120k-150k", (120000, 150000, "")),
        ("€90.000 - €110.000", (90000, 110000, "EUR")),
        ("£85k–£95k", (85000, 95000, "GBP")),
        ("130000 CHF", (130000, None, "CHF")),
        ("", (None, None, "")),
    ],
)
def test_salaries_are_read(text, expected):
    assert parse_salary(text) == expected


# --- Rows through the application form --------------------------------------------------


def test_rows_become_applications_as_the_form_would_make_them(alice):
    text = (
        "Company,Job Title,Status,Date Applied,Salary,Location,Remote,Channel\n"
        "Lumen Maps,Senior Data Scientist,Phone screen,2026-03-02,€90k-€100k,Berlin,hybrid,"
        "LinkedIn\n"
        "Kestrel,Quant Researcher,Rejected,2026-02-01,,London,,Referral\n"
    )

    preview = _preview(alice, text, default_tier="mid_size")

    data = [row.form.cleaned_data for row in preview.rows]
    assert preview.is_clean
    assert [(d["stage"], d["outcome"], d["source"]) for d in data] == [
        ("screening", "", "cold"),
        ("closed", "rejected", "referral"),
    ]
    assert [d["role_family"] for d in data] == ["data_scientist", "quant"]
    assert (data[0]["salary_min"], data[0]["salary_max"], data[0]["salary_currency"]) == (
        90000,
        100000,
        "EUR",
    )


def test_row_errors_name_the_line_and_column(alice):
    text = (
        "Company,Title,Status,Date Applied,Salary,Excitement\n"
        "Good,MLE,Applied,2026-01-02,,3\n"
        "Bad status,MLE,Maybe?,2026-01-02,,\n"
        ",No company,Applied,,,\n"
        "Bad date,MLE,Applied,31/31/2026,,\n"
        "Bad pay,MLE,Applied,,lots,\n"
        f"Future,MLE,Applied,{NEXT_MONTH},,\n"
        "Too keen,MLE,Applied,,,9\n"
    )

    preview = _preview(alice, text, default_tier="startup")

    messages = [str(error) for error in preview.errors]
    assert preview.error_count == 6
    assert messages[0].startswith("line 3, Status: “Maybe?” is not a status")
    assert messages[1] == "line 4, Company: This field is required."
    assert messages[2].startswith("line 5, Date Applied: “31/31/2026” is not a date")
    assert messages[3].startswith("line 6, Salary: “lots” is not a salary")
    assert messages[4] == f"line 7, Date Applied: “{NEXT_MONTH}” is in the future."
    assert messages[5].startswith("line 8, Excitement: Ensure this value is less than")
    assert not preview.is_clean


def test_ambiguous_dates_ask_for_the_order_then_read_with_it(alice):
    text = "Company,Title,Date Applied\nA,MLE,03/04/2026\nB,MLE,05/06/2026\n"

    auto = _preview(alice, text, default_tier="startup")
    chosen = _preview(alice, text, default_tier="startup", date_order="dmy")

    assert [e.line for e in auto.errors] == [2, 3]
    assert all("could be day/month or month/day" in e.message for e in auto.errors)
    assert [r.form.cleaned_data["applied_on"] for r in chosen.rows] == [
        datetime.date(2026, 4, 3),
        datetime.date(2026, 6, 5),
    ]


def test_date_order_is_worked_out_from_the_column(alice):
    text = "Company,Title,Date Applied\nA,MLE,03/04/2026\nB,MLE,25/06/2026\n"

    preview = _preview(alice, text, default_tier="startup")

    assert preview.is_clean
    assert preview.rows[0].form.cleaned_data["applied_on"] == datetime.date(2026, 4, 3)


def test_missing_required_columns_are_reported_before_any_row(alice):
    preview = _preview(alice, "Title,Status\nMLE,Applied\n")

    assert [str(error) for error in preview.errors] == [
        "file: Choose the column that holds the company."
    ]
    assert preview.rows == []


def test_unknown_columns_are_listed_as_not_imported(alice):
    preview = _preview(alice, "Company,Title,Mood,Tags\nA,MLE,great,x\n", default_tier="startup")

    assert preview.ignored_headers == ["Mood", "Tags"]
    assert preview.is_clean


def test_new_company_needs_a_tier(alice):
    preview = _preview(alice, "Company,Title\nBrand New,MLE\n")

    assert preview.errors[0].message == (
        "“Brand New” is a new company and not one Reframe knows: pick its tier under New "
        "companies, give the file a Tier column, or choose a tier for new companies "
        "(--tier or --default-tier on the command line)."
    )


def test_a_new_company_named_twice_takes_its_tier_from_the_first_row(alice):
    text = "Company,Title,Tier\nAcme,MLE,Startup\nacme,Research Engineer,\n"

    preview = _preview(alice, text)

    assert preview.is_clean


def test_a_role_already_tracked_is_an_error(alice):
    make_application(alice, make_company(alice, "Lumen"), role_title="MLE")

    preview = _preview(alice, "Company,Title\nlumen,mle\n")

    assert "You already track" in preview.errors[0].message


def test_formula_guard_is_removed_on_import(alice):
    preview = _preview(
        alice, "Company,Title,Notes\nAcme,MLE,'=not a formula\n", default_tier="startup"
    )

    assert preview.rows[0].form.cleaned_data["notes"] == "=not a formula"


def test_history_column_must_agree_with_status(alice):
    text = (
        "Company,Title,Status,Stage history\nA,MLE,Offer,2026-01-02 applied; 2026-01-09 screening\n"
    )

    preview = _preview(alice, text, default_tier="startup")

    assert preview.errors[0].message == "The last step of the history disagrees with the status."


# --- Upload, preview, confirm -----------------------------------------------------------


def test_nothing_is_imported_until_a_clean_preview_is_confirmed(alice_client, alice):
    _upload(
        alice_client,
        b"Company,Job Title,Status,Date Applied,Tier\n"
        b"Tensorloom,Founding MLE,Applied,2026-01-05,startup\n",
    )
    pending = CsvImport.objects.get()
    preview = alice_client.get(pending.get_absolute_url())

    assert Application.objects.count() == 0
    assert "Import 1 application" in preview.content.decode()

    response = alice_client.post(
        reverse("tracker:import_confirm", args=[pending.pk]),
        {"settings_key": pending.settings_key},
    )

    assert response["Location"] == reverse("tracker:application_list")
    assert list(Application.objects.values_list("company__name", "stage", "applied_on")) == [
        ("Tensorloom", "applied", datetime.date(2026, 1, 5))
    ]
    pending.refresh_from_db()
    assert (pending.imported_count, pending.text) == (1, "")


def test_confirm_is_refused_while_rows_have_errors(alice_client, alice):
    pending = make_csv_import(alice, "Company,Title,Status\nA,MLE,Maybe\nB,MLE,Applied\n")

    page = alice_client.get(pending.get_absolute_url()).content.decode()
    alice_client.post(
        reverse("tracker:import_confirm", args=[pending.pk]),
        {"settings_key": pending.settings_key},
    )

    assert "“Maybe” is not a status" in page
    assert "Import 2 applications" not in page
    assert Application.objects.count() == 0
    assert Company.objects.count() == 0


def test_confirm_is_refused_when_the_choices_changed_since_the_preview(alice_client, alice):
    pending = make_csv_import(alice)
    seen = pending.settings_key
    pending.options = {"default_tier": "finance"}
    pending.save()

    alice_client.post(reverse("tracker:import_confirm", args=[pending.pk]), {"settings_key": seen})

    assert Application.objects.count() == 0


def test_confirming_twice_imports_once(alice_client, alice):
    pending = make_csv_import(alice)
    url = reverse("tracker:import_confirm", args=[pending.pk])

    alice_client.post(url, {"settings_key": pending.settings_key})
    second = alice_client.post(url, {"settings_key": pending.settings_key})

    assert second.status_code == 404
    assert Application.objects.count() == 1


def test_mapping_change_updates_the_preview_fragment(alice_client, alice):
    pending = make_csv_import(alice, "Firm,Job,When\nAcme,MLE,2026-01-02\n", mapping={})

    response = alice_client.post(
        pending.get_absolute_url(),
        {
            "column_0": "company",
            "column_1": "role_title",
            "column_2": "applied_on",
            "default_tier": "startup",
            "date_order": "auto",
        },
        headers={"HX-Request": "true", "HX-Target": "import-preview"},
    )

    pending.refresh_from_db()
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="import-preview"')
    assert pending.mapping == {"0": "company", "1": "role_title", "2": "applied_on"}
    assert "Import 1 application" in body


def test_preview_escapes_what_the_file_says(alice_client, alice):
    pending = make_csv_import(alice, "Company,Title\n<script>alert(1)</script>,<b>MLE</b>\n")

    body = alice_client.get(pending.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_dropping_an_upload_imports_nothing(alice_client, alice):
    pending = make_csv_import(alice)

    alice_client.post(reverse("tracker:import_cancel", args=[pending.pk]))

    assert not CsvImport.objects.exists()
    assert Application.objects.count() == 0


def test_import_service_refuses_a_preview_with_errors(alice):
    preview = _preview(alice, "Company,Title,Status\nA,MLE,Maybe\n", default_tier="startup")

    with pytest.raises(services.ValidationError):
        services.import_applications(owner=alice, preview=preview)


# --- The command ------------------------------------------------------------------------


def test_import_command_imports_a_clean_file(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Position,Status,Date Applied\nLumen,MLE,Interview,2026-02-03\n")

    call_command("import_applications", str(path), user="alice", default_tier="mid_size")

    assert list(Application.objects.values_list("company__name", "stage")) == [
        ("Lumen", "interviewing")
    ]
    assert capsys.readouterr().out.splitlines()[-1] == "Imported 1 application."


def test_import_command_counts_several_applications_in_the_plural(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Position,Status\nLumen,MLE,Applied\nQuiver,MLE,Applied\n")

    call_command("import_applications", str(path), user="alice", default_tier="startup")

    assert capsys.readouterr().out.splitlines()[-1] == "Imported 2 applications."


def test_import_command_is_all_or_nothing(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text(
        "Company,Position,Status\nGood,MLE,Applied\nAlso good,MLE,Applied\nBad,MLE,Perhaps\n",
        encoding="cp1252",
    )

    with pytest.raises(CommandError, match=r"^1 problem; nothing was imported\.$"):
        call_command("import_applications", str(path), user="alice", default_tier="startup")

    assert Application.objects.count() == 0
    assert Company.objects.count() == 0
    assert "line 4, Status: “Perhaps” is not a status" in capsys.readouterr().err


def test_import_command_dry_run_imports_nothing(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Position\nLumen,MLE\n")

    call_command(
        "import_applications", str(path), user="alice", default_tier="startup", dry_run=True
    )

    assert Application.objects.count() == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 row is ready; nothing imported (dry run)."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "--user", "alice"], "Cannot read missing.csv"),
        (["{file}", "--user", "nobody"], "No user called “nobody”"),
    ],
)
def test_import_command_reports_bad_arguments(alice, tmp_path, args, message):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Position\nLumen,MLE\n")

    with pytest.raises(CommandError, match=message):
        call_command("import_applications", *[a.format(file=path) for a in args])


# --- Repeats inside a file, rows already tracked ----------------------------------------


def _track_quant_researcher(owner) -> None:
    jane_street = make_company(owner, "Jane Street", "finance")
    make_application(owner, jane_street, role_title="Quant Researcher")


def test_a_row_repeated_inside_the_file_is_imported_once(alice):
    text = (
        "Company,Job Title,Status,Tier\n"
        "Jane Street,Quant Researcher,Applied,finance\n"
        "Lumen Maps,ML Engineer,Applied,mid_size\n"
        "jane street,quant researcher,Applied,finance\n"
    )

    preview = _preview(alice, text)
    services.import_applications(owner=alice, preview=preview)

    assert [str(note) for note in preview.left_out] == ["line 4: repeats line 2: imported once"]
    assert Application.objects.filter(owner=alice).count() == 2


def test_rows_already_tracked_are_skipped_in_one_choice(alice):
    make_application(
        alice, make_company(alice, "Jane Street", "finance"), role_title="Quant Researcher"
    )
    text = (
        "Company,Job Title,Status,Tier\n"
        "Jane Street,Quant Researcher,Applied,finance\n"
        "Lumen Maps,ML Engineer,Applied,mid_size\n"
    )

    refused = _preview(alice, text)
    skipped = _preview(alice, text, skip_existing=True)

    assert "skip the rows already tracked" in refused.errors[0].message
    assert "Tick" not in refused.errors[0].message
    assert skipped.is_clean
    assert [str(note) for note in skipped.left_out] == ["line 2: already tracked: left out"]
    assert len(skipped.rows) == 1


def test_the_command_line_skips_existing_rows_and_never_talks_about_ticks(alice, tmp_path):
    import io

    make_application(
        alice, make_company(alice, "Jane Street", "finance"), role_title="Quant Researcher"
    )
    path = tmp_path / "apps.csv"
    path.write_text(
        "Company,Job Title,Status\nJane Street,Quant Researcher,Applied\n"
        "Brand New,ML Engineer,Applied\n"
    )
    errors = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_applications", str(path), user="alice", stdout=io.StringIO(),
                     stderr=errors)  # fmt: skip
    out = io.StringIO()
    call_command(
        "import_applications", str(path), user="alice", skip_existing=True,
        default_tier="startup", stdout=out,
    )  # fmt: skip

    assert "--skip-existing" in errors.getvalue()
    assert "--default-tier" in errors.getvalue()
    assert "Tick" not in errors.getvalue()
    assert "above" not in errors.getvalue()
    assert "Left out line 2: already tracked" in out.getvalue()
    assert Application.objects.filter(owner=alice).count() == 2


def test_the_web_preview_offers_to_skip_existing_rows_and_lists_what_was_left_out(
    alice_client, alice
):
    make_application(
        alice, make_company(alice, "Jane Street", "finance"), role_title="Quant Researcher"
    )
    pending = make_csv_import(
        alice,
        "Company,Job Title,Status\nJane Street,Quant Researcher,Applied\nNew Co,MLE,Applied\n",
    )

    page = alice_client.post(
        pending.get_absolute_url(),
        {"column_0": "company", "column_1": "role_title", "column_2": "status",
         "default_tier": "startup", "skip_existing": "on"},
    ).content.decode()  # fmt: skip

    assert "Skip rows for applications I already track" in page
    assert "already tracked: left out" in page
    assert "Import 1 application" in page


# --- Tiers of new companies -------------------------------------------------------------

QUANT_FIRMS = "Quantitative trading firms and hedge funds"
TWO_NEW_COMPANIES = "Company,Title\nJane Street,Quant Researcher\nTensorloom,MLE\n"


def test_a_well_known_employer_gets_its_own_tier_and_only_others_the_default(alice):
    text = "Company,Title\nJane Street,Quant Researcher\nTensorloom,MLE\njane street,SWE\n"

    preview = _preview(alice, text, default_tier="startup")
    services.import_applications(owner=alice, preview=preview)

    assert preview.new_companies == [
        NewCompany("Jane Street", "finance", "known", known_as=QUANT_FIRMS),
        NewCompany("Tensorloom", "startup", "default"),
    ]
    assert dict(Company.objects.values_list("name", "tier")) == {
        "Jane Street": "finance",
        "Tensorloom": "startup",
    }


def test_the_files_tier_column_comes_before_the_guess(alice):
    text = "Company,Title,Tier\nJane Street,Quant Researcher,\nJane Street,SWE,Big tech\n"

    preview = _preview(alice, text, default_tier="startup")

    assert preview.new_companies == [NewCompany("Jane Street", "big_tech", "file")]
    assert preview.is_clean


def test_a_tier_the_person_picked_comes_before_any_suggestion(alice):
    text = "Company,Title,Tier\nJane Street,Quant Researcher,\nBrand New,MLE,Startup\n"
    picked = {"JANE STREET": "big_tech", "BRAND NEW": "non_tech"}

    preview = _preview(alice, text, company_tiers=picked)

    assert [(c.name, c.tier, c.picked) for c in preview.new_companies] == [
        ("Jane Street", "big_tech", True),
        ("Brand New", "non_tech", True),
    ]


def test_companies_already_tracked_are_not_new(alice):
    make_company(alice, "Jane Street", "big_tech")

    preview = _preview(alice, "Company,Title\nJANE STREET,Quant Researcher\n")

    assert (preview.new_companies, preview.is_clean) == ([], True)


def test_the_preview_shows_each_new_companys_suggested_tier_for_confirmation(alice_client, alice):
    pending = make_csv_import(
        alice, "Company,Title\nJane Street,Quant Researcher\nTensorloom,MLE\nBrand New,MLE\n",
        options={},
    )  # fmt: skip

    response = alice_client.get(pending.get_absolute_url())

    form = response.context["tiers_form"]
    assert [(field.value(), company.name) for field, company in form.rows] == [
        ("finance", "Jane Street"),
        ("", "Tensorloom"),
        ("", "Brand New"),
    ]
    body = response.content.decode()
    assert f"a well-known employer ({QUANT_FIRMS})" in body
    assert "not a company Reframe knows: pick its tier" in body
    assert "Import 3 applications" not in body


def test_a_tier_changed_on_the_preview_is_kept_and_imported(alice_client, alice):
    pending = make_csv_import(alice, TWO_NEW_COMPANIES)
    choices = {"column_0": "company", "column_1": "role_title", "default_tier": "startup"}

    response = alice_client.post(
        pending.get_absolute_url(),
        {**choices, "new-company-0": "big_tech", "new-company-1": "startup"},
        headers={"HX-Request": "true", "HX-Target": "import-preview"},
    )
    pending.refresh_from_db()
    alice_client.post(
        reverse("tracker:import_confirm", args=[pending.pk]),
        {"settings_key": pending.settings_key},
    )

    assert pending.options["company_tiers"] == {"JANE STREET": "big_tech"}
    assert "your choice (suggested: Finance / quant)" in response.content.decode()
    assert dict(Company.objects.values_list("name", "tier")) == {
        "Jane Street": "big_tech",
        "Tensorloom": "startup",
    }


def test_a_tier_left_as_suggested_follows_a_new_default(alice_client, alice):
    pending = make_csv_import(alice, TWO_NEW_COMPANIES)

    alice_client.post(
        pending.get_absolute_url(),
        {"column_0": "company", "column_1": "role_title", "default_tier": "mid_size",
         "new-company-0": "finance", "new-company-1": "startup"},
    )  # fmt: skip
    pending.refresh_from_db()
    preview = csv_import.prepare_import(owner=alice, csv_import=pending)

    assert pending.options["company_tiers"] == {}
    assert [(c.name, c.tier) for c in preview.new_companies] == [
        ("Jane Street", "finance"),
        ("Tensorloom", "mid_size"),
    ]


def test_the_command_line_guesses_tiers_and_says_where_each_comes_from(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Job Title\nJane Street,Quant Researcher\nBrand New,MLE\n")

    call_command("import_applications", str(path), user="alice", default_tier="startup")

    out = capsys.readouterr().out
    assert (
        "New companies, with their tier and where it comes from:\n"
        f"  Jane Street: Finance / quant (a well-known employer: {QUANT_FIRMS})\n"
        "  Brand New: Startup (--default-tier)\n"
    ) in out
    assert dict(Company.objects.values_list("name", "tier")) == {
        "Jane Street": "finance",
        "Brand New": "startup",
    }


def test_the_command_line_tier_option_changes_one_company(alice, tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Job Title\nJane Street,Quant Researcher\nBrand New,MLE\n")

    call_command(
        "import_applications", str(path), user="alice",
        tier=["jane street=big_tech", "Brand New=non_tech"],
    )  # fmt: skip

    assert "  Brand New: Non-tech (--tier)\n" in capsys.readouterr().out
    assert dict(Company.objects.values_list("name", "tier")) == {
        "Jane Street": "big_tech",
        "Brand New": "non_tech",
    }


def test_the_command_line_refuses_a_tier_it_does_not_know(alice, tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text("Company,Job Title\nBrand New,MLE\n")

    with pytest.raises(CommandError, match="write it as NAME=TIER"):
        call_command("import_applications", str(path), user="alice", tier=["Brand New=huge"])

    assert Company.objects.count() == 0
