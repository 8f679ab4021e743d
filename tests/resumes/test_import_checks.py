"""A value no field can hold is dropped with a warning the preview shows, and the rest of
the file imports; a homepage without a scheme imports as https:// and says so."""

from __future__ import annotations

import json

from django.core.management import call_command
from django.urls import reverse

from resumes.import_checks import drop_unusable_values
from resumes.models import Basics, Entry, ImportDraft
from resumes.tailoring import inventory as plain
from tests.resumes.uploads import upload_import


def _upload_and_confirm(client, owner, document: dict) -> str:
    """The preview's text, after which the draft is confirmed."""
    preview = upload_import(client, "cv.json", json.dumps(document).encode())
    draft = ImportDraft.objects.get(owner=owner)
    entries = [str(n) for n in range(sum(len(v) for k, v in document.items() if k != "basics"))]
    client.post(
        reverse("resumes:import_confirm", args=[draft.pk]), {"replace": "", "entries": entries}
    )
    return preview.content.decode()


def test_a_homepage_without_a_scheme_imports_with_a_warning(alice_client, alice):
    document = {"basics": {"name": "Maya Lindqvist", "url": "maya-lindqvist.example.org"}}

    preview = _upload_and_confirm(alice_client, alice, document)

    assert (
        "Website: &#x27;maya-lindqvist.example.org&#x27; had no https:// and was read as "
        "https://maya-lindqvist.example.org." in preview
    )
    assert Basics.objects.get(owner=alice).website == "https://maya-lindqvist.example.org"


def test_an_unusable_value_is_dropped_with_a_warning_and_the_rest_imports(alice_client, alice):
    document = {
        "basics": {"name": "Maya Lindqvist", "email": "maya at example dot com"},
        "work": [
            {"name": "Westbridge University", "position": "Postdoc", "startDate": "2019-13"},
            {"name": "Orbital Cloud", "position": "Intern", "startDate": "2018-06"},
        ],
    }

    preview = _upload_and_confirm(alice_client, alice, document)

    assert "Your details: Email “maya at example dot com” was left out" in preview
    assert "“Postdoc”: Start “2019-13” was left out (Use a year, a year and month" in preview
    basics = Basics.objects.get(owner=alice)
    assert (basics.name, basics.email) == ("Maya Lindqvist", "")
    assert sorted(Entry.objects.filter(owner=alice).values_list("title", "start")) == [
        ("Intern", "2018-06"),
        ("Postdoc", ""),
    ]


def test_dates_that_contradict_each_other_lose_the_end():
    inventory = plain.Inventory(
        entries=(
            plain.Entry(kind="position", title="Backwards", start="2021", end="2019"),
            plain.Entry(kind="position", title="Ongoing", start="2021", end="2022", current=True),
        )
    )

    checked, warnings = drop_unusable_values(inventory)

    assert [(e.start, e.end) for e in checked.entries] == [("2021", ""), ("2021", "")]
    assert warnings == [
        "“Backwards”: the end date “2019” was left out (it is before the start).",
        "“Ongoing”: the end date “2022” was left out (the entry is still going on).",
    ]


def test_a_value_out_of_range_and_a_skill_too_long_are_dropped():
    inventory = plain.Inventory(
        entries=(plain.Entry(kind="publication", title="Bounds", year=99_999, venue="Bernoulli"),),
        skills=(plain.Skill(name="x" * 300), plain.Skill(name="Python", level="y" * 80)),
    )

    checked, warnings = drop_unusable_values(inventory)

    assert (checked.entries[0].year, checked.entries[0].venue) == (None, "Bernoulli")
    assert [(s.name, s.level) for s in checked.skills] == [("Python", "")]
    assert len(warnings) == 3


def test_import_command_drops_with_a_warning_too(alice, tmp_path, capsys):
    path = tmp_path / "cv.json"
    path.write_text(json.dumps({"basics": {"name": "Maya", "email": "not an address"}}))

    call_command("import_inventory", str(path), user="alice")

    assert "Email “not an address” was left out" in capsys.readouterr().out
    assert Basics.objects.get(owner=alice).name == "Maya"
