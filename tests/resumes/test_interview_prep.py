"""The résumé on an application's interview prep page: each bullet sent, its evidence, and
a note on how to tell it that belongs to the inventory bullet and follows it everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resumes.bullet_notes import notes_for, save_bullet_note
from resumes.models import Bullet, BulletNote, Entry
from tests.factories import make_application, make_company
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_sent_build
from tracker.data.account_export import account_json_chunks
from tracker.data.account_import import import_account, read_document
from tracker.models import Application

pytestmark = pytest.mark.django_db

# Asks for experimentation: the simulations bullet is reworded to "simulation experiments".
EXPERIMENTATION_POSTING = """Research Engineer, Machine Learning

Requirements
- Experimentation at scale.
- Python and PyTorch.
- Strong background in optimization.
"""
SIMULATIONS = "Ran 12,000 simulations sweeping the coupling constant"


def _prep(client, application):
    return client.get(reverse("tracker:interview_prep", args=[application.pk]))


def _save(client, application, key: str, text: str, **headers):
    url = reverse("resumes:prep_note_save", args=[application.pk])
    return client.post(url, {"key": key, "text": text}, **headers)


def _bullet(owner, text: str) -> Bullet:
    return Bullet.objects.get(entry__owner=owner, text=text)


@pytest.fixture
def simulations(alice) -> Bullet:
    postdoc = make_entry(alice, title="Postdoctoral Researcher", start="2022-09", current=True,
                         used_hpc=True, code_released=True)  # fmt: skip
    make_bullet(postdoc, "Proved convergence bounds for stochastic optimization",
                skills=["Optimization"])  # fmt: skip
    make_bullet(postdoc, "Reimplemented two samplers in PyTorch", skills=["PyTorch"])
    return make_bullet(postdoc, SIMULATIONS, skills=["Python"])


def test_prep_page_shows_each_bullet_sent_with_its_evidence(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)

    response = _prep(alice_client, application)

    bullets = {b.planned.original: b for entry in _entries(response) for b in entry.bullets}
    sims = bullets[SIMULATIONS]
    assert sims.planned.key == f"b{simulations.pk}"
    assert sims.planned.text == "Ran 12,000 simulation experiments sweeping the coupling constant"
    assert sims.reworded is True
    assert sims.reasons == [
        "A simulation campaign is a set of controlled experiments run in software."
    ]
    assert sims.skills == ("Python",)
    html = response.content.decode()
    assert "Ran 12,000 simulation experiments sweeping the coupling constant" in html
    assert "<dt>Your words</dt><dd>Ran 12,000 simulations sweeping the coupling constant" in html
    assert "code released</span>" in html
    assert "cluster / HPC</span>" in html
    assert f'<form id="note-b{simulations.pk}" class="prep-note"' in html


def _entries(response):
    """The résumé panel's entries, read back from the context of its template."""
    for context in response.context:
        if "entries" in context:
            return context["entries"]
    raise AssertionError("no résumé panel on the page")


def test_a_note_saved_with_htmx_comes_back_in_place(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    key = f"b{simulations.pk}"

    response = _save(alice_client, application, key, "  An offline evaluation harness.  ",
                     HTTP_HX_REQUEST="true")  # fmt: skip

    note = BulletNote.objects.get(owner=alice)
    assert (note.bullet, note.bullet_key, note.text) == (
        simulations,
        key,
        "An offline evaluation harness.",
    )
    assert note.bullet_text == SIMULATIONS
    html = response.content.decode()
    assert html.startswith(f'<form id="note-{key}" class="prep-note"')
    assert ">An offline evaluation harness.</textarea>" in html
    assert "Saved." in html
    assert "<main" not in html


def test_a_note_saved_without_javascript_returns_to_the_bullet(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    key = f"b{simulations.pk}"

    response = _save(alice_client, application, key, "Start with the bug, then the fix.")
    page = alice_client.get(response["Location"])

    prep = reverse("tracker:interview_prep", args=[application.pk])
    assert (response.status_code, response["Location"]) == (302, f"{prep}#bullet-{key}")
    assert ">Start with the bug, then the fix.</textarea>" in page.content.decode()
    assert [str(m) for m in page.context["messages"]] == ["Note saved."]


def test_a_blank_note_removes_it(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    key = f"b{simulations.pk}"
    _save(alice_client, application, key, "First draft")

    response = _save(alice_client, application, key, "   ", HTTP_HX_REQUEST="true")

    assert BulletNote.objects.filter(owner=alice).count() == 0
    assert "Removed." in response.content.decode()


def test_a_note_too_long_is_refused_and_what_was_typed_kept(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    typed = "x" * 4001

    with_htmx = _save(alice_client, application, f"b{simulations.pk}", typed,
                      HTTP_HX_REQUEST="true")  # fmt: skip
    without = _save(alice_client, application, f"b{simulations.pk}", typed)

    assert BulletNote.objects.count() == 0
    for response in (with_htmx, without):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Ensure this value has at most 4000 characters (it has 4001)." in html
        assert f">{typed}</textarea>" in html
    assert "<main" in without.content.decode()  # a page of its own, back link included


def test_one_note_follows_its_bullet_to_every_application(alice, alice_client, simulations):
    first = make_application(alice, stage="interviewing")
    second = make_application(alice, make_company(alice, "Tensorloom", "startup"))
    make_sent_build(alice, first, EXPERIMENTATION_POSTING)
    # The second posting does not ask for experimentation: the bullet goes out unchanged.
    make_sent_build(alice, second, "Requirements\n- Python\n- Monte Carlo simulations\n")
    key = f"b{simulations.pk}"

    _save(alice_client, first, key, "Frame it as an evaluation harness.")
    page = _prep(alice_client, second)

    bullets = {b.planned.key: b for entry in _entries(page) for b in entry.bullets}
    assert bullets[key].planned.text == SIMULATIONS  # not reworded here …
    assert bullets[key].note.text == "Frame it as an evaluation harness."  # … same story
    assert ">Frame it as an evaluation harness.</textarea>" in page.content.decode()


def test_a_deleted_bullet_keeps_its_note_with_its_last_words(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    key = f"b{simulations.pk}"
    _save(alice_client, application, key, "Lead with the 12,000 runs.")
    simulations.text = "Ran 12,000 simulations on the cluster"  # edited after the note …
    simulations.save()

    simulations.entry.delete()  # … then the whole entry goes

    note = BulletNote.objects.get(owner=alice)
    assert (note.bullet, note.bullet_key) == (None, key)
    assert note.bullet_text == "Ran 12,000 simulations on the cluster"
    page = _prep(alice_client, application)  # the résumé that went out still has it
    bullets = {b.planned.key: b for entry in _entries(page) for b in entry.bullets}
    assert bullets[key].note == note
    edited = _save(alice_client, application, key, "Lead with the runs.", HTTP_HX_REQUEST="true")
    assert edited.status_code == 200
    assert BulletNote.objects.get(owner=alice).text == "Lead with the runs."


def test_a_kept_note_never_lands_on_a_live_bullet_with_the_same_number(alice):
    live = make_bullet(make_entry(alice), "Taught 200 students")
    key = f"b{live.pk}"
    # Arrived with an account moved from another server, whose bullet had this number.
    BulletNote.objects.create(owner=alice, bullet=None, bullet_key=key, bullet_text="Other",
                              text="Not about teaching")  # fmt: skip

    assert notes_for(alice, [key]) == {}
    note = save_bullet_note(owner=alice, key=key, words="Taught 200 students", text="Teaching")
    assert note.bullet == live
    assert notes_for(alice, [key]) == {key: note}


def test_someone_elses_application_is_404_and_saves_nothing(alice, bob_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)

    page = _prep(bob_client, application)
    save = _save(bob_client, application, f"b{simulations.pk}", "Mine now")

    assert (page.status_code, save.status_code) == (404, 404)
    assert BulletNote.objects.count() == 0


@pytest.mark.parametrize("key", ["b999999", "e1", "", "b01", "skills"])
def test_a_key_not_on_the_resume_sent_is_404(alice, alice_client, simulations, key):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)

    response = _save(alice_client, application, key, "Anything")

    assert response.status_code == 404
    assert BulletNote.objects.count() == 0


def test_a_bullet_of_another_resume_is_404_on_this_application(alice, alice_client):
    make_inventory(alice)
    sent = make_application(alice, stage="interviewing")
    not_sent = make_application(alice, make_company(alice, "Tensorloom", "startup"))
    make_sent_build(alice, sent)
    bullet = Bullet.objects.filter(entry__owner=alice).first()

    response = _save(alice_client, not_sent, f"b{bullet.pk}", "Anything")

    assert response.status_code == 404


def test_no_resume_sent_says_how_to_get_one_there(alice, alice_client):
    application = make_application(alice, stage="interviewing")

    html = _prep(alice_client, application).content.decode()

    assert "No résumé is marked as sent with this application yet." in html
    assert f'href="/resume/postings/new/?application={application.pk}"' in html


def test_a_resume_built_but_not_marked_sent_is_offered(alice, alice_client, ready_build):
    html = _prep(alice_client, ready_build.posting.application).content.decode()

    assert "none is marked as sent" in html
    assert f'<a href="{ready_build.get_absolute_url()}">Open the one you sent</a>' in html


def test_the_latest_resume_sent_is_the_one_shown(alice, alice_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, "Requirements\n- Python\n")
    latest = make_sent_build(alice, application, EXPERIMENTATION_POSTING)

    page = _prep(alice_client, application)

    html = page.content.decode()
    assert f'href="{latest.get_absolute_url()}">This version and why' in html


def test_an_entry_without_bullets_is_left_out(alice, alice_client):
    make_inventory(alice)
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application)

    entries = _entries(_prep(alice_client, application))

    assert [e.planned.title for e in entries] == ["Postdoctoral Researcher"]
    assert Entry.objects.filter(owner=alice).count() == 3


def test_notes_come_along_when_the_account_moves(alice, bob, bob_client, simulations):
    application = make_application(alice, stage="interviewing")
    make_sent_build(alice, application, EXPERIMENTATION_POSTING)
    _save_as(alice, simulations, "The harness story.")
    document = read_document("".join(account_json_chunks(alice)))

    import_account(user=bob, document=document)

    moved = Application.objects.get(owner=bob)
    # The résumé that went out names the bullet by the old numbers, as the note was kept.
    old = {b.planned.original: b for e in _entries(_prep(bob_client, moved)) for b in e.bullets}
    assert old[SIMULATIONS].note.text == "The harness story."
    # A résumé built on the new account names the bullet anew: its note is found by it.
    make_sent_build(bob, moved, EXPERIMENTATION_POSTING + "- Monte Carlo methods\n")
    new = {b.planned.original: b for e in _entries(_prep(bob_client, moved)) for b in e.bullets}
    assert new[SIMULATIONS].planned.key == f"b{_bullet(bob, SIMULATIONS).pk}"
    assert new[SIMULATIONS].note.text == "The harness story."


def _save_as(owner, bullet: Bullet, text: str) -> BulletNote | None:
    return save_bullet_note(owner=owner, key=f"b{bullet.pk}", words=bullet.text, text=text)


def test_a_sent_resumes_page_links_to_the_interview_prep(alice, alice_client):
    make_inventory(alice)
    application = make_application(alice, stage="interviewing")
    build = make_sent_build(alice, application)

    html = alice_client.get(build.get_absolute_url()).content.decode()

    assert f'href="/applications/{application.pk}/prep/">Interview prep</a>' in html
