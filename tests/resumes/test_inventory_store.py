from collections import Counter
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from resumes.importers.jsonresume import parse_json_resume, to_json_resume
from resumes.inventory_store import apply_inventory, load_inventory, with_keys_removed
from resumes.models import Bullet, Entry, Skill
from resumes.tailoring import inventory as plain
from tests.resumes.factories import make_bullet, make_entry
from tests.shared_data import shared_json

REAL = ["002", "004", "007", "009"]


def by_section(inventory: plain.Inventory) -> plain.Inventory:
    """Entries grouped by kind, keeping their order within a kind: the database keeps
    order per section, not across sections."""
    inventory = with_keys_removed(inventory)
    rank = {kind: i for i, kind in enumerate(plain.ENTRY_KINDS)}
    return replace(inventory, entries=tuple(sorted(inventory.entries, key=lambda e: rank[e.kind])))


@pytest.mark.parametrize("resume_id", REAL)
def test_apply_then_load_keeps_every_field_of_real_resume(resume_id, alice):
    imported = parse_json_resume(shared_json("resumes", f"{resume_id}.jsonresume.json"))

    apply_inventory(user=alice, inventory=imported)
    loaded = load_inventory(alice)

    assert by_section(loaded).entries == by_section(imported).entries
    assert loaded.basics == imported.basics
    assert loaded.skills == imported.skills
    assert loaded.extra == imported.extra


@pytest.mark.parametrize("resume_id", REAL)
def test_json_resume_round_trip_through_database_is_lossless(resume_id, alice):
    document = shared_json("resumes", f"{resume_id}.jsonresume.json")
    apply_inventory(user=alice, inventory=parse_json_resume(document))

    exported = to_json_resume(load_inventory(alice))

    assert by_section(parse_json_resume(exported)) == by_section(parse_json_resume(document))


def test_apply_twice_adds_nothing_the_second_time(alice):
    inventory = parse_json_resume(shared_json("resumes", "007.jsonresume.json"))
    first = apply_inventory(user=alice, inventory=inventory)

    second = apply_inventory(user=alice, inventory=inventory)

    assert first.total_added == len(inventory.entries)
    assert second.total_added == 0
    assert len(second.skipped_duplicates) == len(inventory.entries)
    assert Entry.objects.filter(owner=alice).count() == len(inventory.entries)


def test_apply_links_bullet_skills_by_name(alice):
    inventory = plain.Inventory(
        entries=(
            plain.Entry(
                kind="project",
                title="Sparse solver",
                bullets=(plain.Bullet(text="Wrote a CUDA kernel", skills=("CUDA", "C++")),),
            ),
        ),
        skills=(plain.Skill(name="cuda"),),
    )

    apply_inventory(user=alice, inventory=inventory)

    bullet = Bullet.objects.get(entry__owner=alice)
    assert sorted(s.name for s in bullet.skills.all()) == ["C++", "cuda"]
    assert Skill.objects.filter(owner=alice).count() == 2


def test_apply_finds_the_person_s_skill_under_another_spelling(alice):
    Skill.objects.create(owner=alice, name="PyTorch")
    inventory = plain.Inventory(
        entries=(
            plain.Entry(
                kind="project",
                title="Sparse solver",
                bullets=(plain.Bullet(text="Trained it", skills=("pytorch", "Py-Torch")),),
            ),
        ),
        skills=(plain.Skill(name="Pytorch"),),
    )

    apply_inventory(user=alice, inventory=inventory)

    bullet = Bullet.objects.get(entry__owner=alice)
    assert [s.name for s in bullet.skills.all()] == ["PyTorch"]
    assert list(Skill.objects.filter(owner=alice).values_list("name", flat=True)) == ["PyTorch"]


def test_apply_is_all_or_nothing_on_a_bad_value(alice):
    inventory = plain.Inventory(
        entries=(
            plain.Entry(kind="position", title="Fine"),
            plain.Entry(kind="position", title="Broken", start="2019-13"),
        )
    )

    with pytest.raises(ValidationError, match="Broken"):
        apply_inventory(user=alice, inventory=inventory)

    assert Entry.objects.filter(owner=alice).count() == 0


def test_apply_replace_existing_wipes_the_old_inventory(alice):
    make_bullet(make_entry(alice, title="Old job"))
    inventory = plain.Inventory(entries=(plain.Entry(kind="position", title="New job"),))

    apply_inventory(user=alice, inventory=inventory, replace_existing=True)

    assert list(Entry.objects.filter(owner=alice).values_list("title", flat=True)) == ["New job"]


def test_apply_selected_imports_only_ticked_entries(alice):
    inventory = plain.Inventory(
        entries=tuple(plain.Entry(kind="talk", title=f"Talk {i}") for i in range(3))
    )

    summary = apply_inventory(user=alice, inventory=inventory, selected={0, 2})

    assert summary.added == Counter({"talk": 2})
    assert sorted(Entry.objects.values_list("title", flat=True)) == ["Talk 0", "Talk 2"]


def test_apply_strips_xml_invalid_characters(alice):
    inventory = plain.Inventory(
        entries=(
            plain.Entry(
                kind="project",
                title="Solver\x00",
                bullets=(plain.Bullet(text="Line\x0bbreak and \x07bell"),),
            ),
        )
    )

    apply_inventory(user=alice, inventory=inventory)

    assert Entry.objects.get(owner=alice).title == "Solver"
    assert Bullet.objects.get().text == "Line\nbreak and bell"


def test_load_inventory_uses_constant_queries(alice, django_assert_num_queries):
    for index in range(5):
        make_bullet(make_entry(alice, title=f"Job {index}"), skills=["Python"])

    with django_assert_num_queries(5):
        inventory = load_inventory(alice)

    assert len(inventory.entries) == 5
    assert inventory.entries[0].bullets[0].skills == ("Python",)
