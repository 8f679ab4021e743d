"""One inventory schema: the engine's dataclasses name the fields, and the Django models,
the forms and the stored JSON follow them. A field added to a dataclass and forgotten in
a model or form fails here, not on a person's import."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import models

from resumes import forms, inventory_store
from resumes.inventory_json import dump_inventory, load_inventory_dict
from resumes.models import Basics, Entry, EntryKind, Skill
from resumes.tailoring import inventory as plain

# What each annotation may be stored as.
_COLUMN_TYPES = {
    "str": (models.CharField, models.TextField),
    "bool": (models.BooleanField,),
    "int | None": (models.IntegerField,),
    "dict[str, Any]": (models.JSONField,),
}


def _annotation(cls: type, name: str) -> str:
    return next(f.type for f in dataclasses.fields(cls) if f.name == name)


@pytest.mark.parametrize(
    ("dataclass", "model", "names"),
    [
        (plain.Entry, Entry, plain.ENTRY_VALUE_FIELDS),
        (plain.Evidence, Entry, plain.EVIDENCE_FIELDS),
        (plain.Basics, Basics, plain.BASICS_VALUE_FIELDS),
        (plain.Skill, Skill, plain.SKILL_FIELDS),
    ],
)
def test_every_value_field_is_a_column_of_a_fitting_type(dataclass, model, names):
    for name in names:
        column = model._meta.get_field(name)
        annotation = _annotation(dataclass, name)

        assert isinstance(column, _COLUMN_TYPES[annotation]), (model.__name__, name)
        if annotation == "int | None":
            assert column.null, name  # "unknown" must be storable


def test_the_entry_lists_are_list_columns():
    for name in plain.ENTRY_LIST_FIELDS:
        assert isinstance(Entry._meta.get_field(name), models.JSONField)


def test_the_store_copies_exactly_the_schemas_fields():
    assert tuple(inventory_store.ENTRY_FIELDS) == plain.ENTRY_VALUE_FIELDS
    assert tuple(inventory_store.EVIDENCE_FIELDS) == plain.EVIDENCE_FIELDS
    assert tuple(inventory_store.BASICS_FIELDS) == plain.BASICS_VALUE_FIELDS


def test_the_forms_edit_every_field_a_person_writes_and_no_other():
    editable = {name for kind in EntryKind.values for name in forms.fields_for_kind(kind)}
    as_text = {"authors_text": "authors", "courses_text": "courses"}
    edited = {as_text.get(name, name) for name in editable}
    # The kind is chosen by the page; `extra` keeps what an import carried verbatim.
    written_elsewhere = {"kind", "extra"}

    assert edited | written_elsewhere == (
        set(plain.ENTRY_VALUE_FIELDS) | set(plain.EVIDENCE_FIELDS) | set(plain.ENTRY_LIST_FIELDS)
    )
    assert tuple(forms.BasicsForm._meta.fields) == plain.BASICS_VALUE_FIELDS
    assert tuple(forms.SkillForm._meta.fields) == plain.SKILL_FIELDS


def test_every_entry_kind_of_the_engine_is_a_model_choice():
    assert set(plain.ENTRY_KINDS) == set(EntryKind.values)


def test_the_stored_json_round_trips_every_field():
    full = plain.Inventory(
        basics=plain.Basics(
            name="A. Person",
            website="https://a.example",
            profiles=(plain.Profile("GitHub", "ap", "https://github.com/ap"),),
            extra={"x": 1},
        ),
        entries=(
            plain.Entry(
                kind="publication",
                title="Bounds",
                year=2024,
                authors=("A. Person", "B. Other"),
                courses=("Topology",),
                evidence=plain.Evidence(code_released=True, used_by_others=3),
                bullets=(plain.Bullet("Proved a bound", skills=("Analysis",), key="b1"),),
                key="e1",
                extra={"section": "publications"},
            ),
        ),
        skills=(plain.Skill("Python", group="Languages"),),
        extra={"languages": [{"language": "French"}]},
    )

    assert load_inventory_dict(dump_inventory(full)) == full
    # Every dataclass field is written, under its own name.
    data = dump_inventory(full)
    assert set(data["entries"][0]) == {f.name for f in dataclasses.fields(plain.Entry)}
    assert set(data["entries"][0]["evidence"]) == set(plain.EVIDENCE_FIELDS)


def test_an_older_snapshot_without_newer_fields_loads_with_defaults():
    data = dump_inventory(plain.Inventory(entries=(plain.Entry(kind="project", title="X"),)))
    del data["entries"][0]["evidence"]["led"]
    del data["entries"][0]["courses"]

    loaded = load_inventory_dict(data)

    assert loaded.entries[0].evidence.led is False
    assert loaded.entries[0].courses == ()
