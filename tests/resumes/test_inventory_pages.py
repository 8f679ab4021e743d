"""A long inventory section shows one page of entries with links to its other pages: a
400-entry inventory is a page of bounded size, asked for in a constant number of queries,
and each section's hint still speaks of all its entries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resumes.models import Bullet, Entry
from resumes.views import inventory
from tests.resumes.factories import make_skill

KINDS = ("position", "publication", "project", "talk")
HTMX = {"HX-Request": "true"}
PAGE = 10


@pytest.fixture(autouse=True)
def pages_of_ten(monkeypatch) -> None:
    # The figures below are written for pages of ten entries, whatever the page size.
    monkeypatch.setattr(inventory, "SECTION_PAGE_SIZE", PAGE)


def _bulk_entries(owner, kind: str, count: int, *, bullets: int = 2) -> list[Entry]:
    """`count` entries of `kind`, titled "<kind> 0", "<kind> 1", … in section order, each
    with `bullets` bullets showing one skill."""
    entries = Entry.objects.bulk_create(
        Entry(owner=owner, kind=kind, title=f"{kind} {n}", organization="Lab", order=n)
        for n in range(count)
    )
    made = Bullet.objects.bulk_create(
        Bullet(entry=entry, text=f"Fact {i} of {entry.title}", order=i)
        for entry in entries
        for i in range(bullets)
    )
    skill = make_skill(owner, f"Skill of {kind}")
    Bullet.skills.through.objects.bulk_create(
        Bullet.skills.through(bullet=bullet, skill=skill) for bullet in made
    )
    return entries


def _get(client, query: str = "") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("resumes:inventory") + query)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _titles(page: str, kind: str) -> list[str]:
    section = page.split(f'id="section-{kind}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<h3>([^<]*)</h3>", section)


def test_inventory_of_400_entries_is_a_page_of_bounded_size(alice, alice_client, bob, bob_client):
    for kind in KINDS:
        _bulk_entries(alice, kind, PAGE)
        _bulk_entries(bob, kind, 100)

    full_sections, few_queries = _get(alice_client)
    four_hundred, many_queries = _get(bob_client)

    assert four_hundred.count('class="entry-card"') == len(KINDS) * PAGE
    # The same cards, longer titles ("talk 99") and each section's page links.
    assert len(four_hundred.encode()) < len(full_sections.encode()) + len(KINDS) * 1500
    assert many_queries == few_queries
    assert '<span class="count">100</span>' in four_hundred


def test_a_section_page_shows_its_entries_and_links_keep_other_sections_pages(alice, alice_client):
    _bulk_entries(alice, "position", 40)
    _bulk_entries(alice, "publication", 50)

    page, _ = _get(alice_client, "?publication_page=3&position_page=2")

    assert _titles(page, "publication") == [f"publication {n}" for n in range(20, 30)]
    assert _titles(page, "position") == [f"position {n}" for n in range(10, 20)]
    assert "21–30 of 50" in page
    assert 'href="?publication_page=4&amp;position_page=2#section-publication"' in page
    assert 'href="?publication_page=3&amp;position_page=1#section-position"' in page
    assert '<strong aria-current="page">3</strong>' in page


@pytest.mark.parametrize(
    ("query", "first"), [("?position_page=999", 30), ("?position_page=x", 0), ("", 0)]
)
def test_a_page_out_of_range_shows_the_nearest(alice, alice_client, query: str, first: int):
    _bulk_entries(alice, "position", 40)

    page, _ = _get(alice_client, query)

    assert _titles(page, "position")[0] == f"position {first}"


def test_a_long_section_hint_counts_all_its_entries(alice, alice_client):
    _bulk_entries(alice, "position", 40, bullets=0)

    page, _ = _get(alice_client)

    assert "40 of 40 have no bullets" in page
    assert len(_titles(page, "position")) == PAGE


def test_an_entry_in_the_query_opens_its_section_on_its_page(alice, alice_client):
    entries = _bulk_entries(alice, "position", 40)

    page, _ = _get(alice_client, f"?entry={entries[37].pk}")

    assert _titles(page, "position") == [f"position {n}" for n in range(30, 40)]
    assert f'id="entry-{entries[37].pk}"' in page
    assert '<strong aria-current="page">4</strong>' in page


def test_moving_an_entry_shows_the_page_it_moved_to(alice, alice_client):
    entries = _bulk_entries(alice, "position", 40)
    first_of_page_two = entries[PAGE]

    response = alice_client.post(
        reverse("resumes:entry_move", args=[first_of_page_two.pk]),
        {"direction": "up", "entry": first_of_page_two.pk},
        headers=HTMX,
    )

    section = response.content.decode()
    titles = re.findall(r"<h3>([^<]*)</h3>", section)
    # It swapped places with the last entry of page one, so page one is what comes back.
    assert titles[-2:] == ["position 8", "position 10"]
    assert "1–10 of 40" in section


def test_someone_elses_entry_in_the_query_opens_nothing_of_theirs(alice, alice_client, bob):
    _bulk_entries(alice, "position", 20)
    bobs = _bulk_entries(bob, "position", 40)

    page, _ = _get(alice_client, f"?entry={bobs[37].pk}")

    assert _titles(page, "position") == [f"position {n}" for n in range(10)]
    assert "Fact 0 of position 37" not in page


def test_an_entrys_address_opens_the_page_that_holds_it(alice_client, alice):
    """Where an edit or a move without JavaScript lands: the entry's own page of its
    section, not the first page."""
    papers = _bulk_entries(alice, "publication", 35, bullets=0)
    deep = papers[27]

    page = alice_client.get(deep.get_absolute_url()).content.decode()

    assert f'id="entry-{deep.pk}"' in page
    assert f'id="entry-{papers[0].pk}"' not in page
