from django.urls import reverse

from resumes.models import Basics, Bullet, Entry, Skill
from tests.resumes.factories import make_bullet, make_entry, make_skill

HTMX = {"HX-Request": "true"}


def test_inventory_page_shows_sections_entries_and_hints(alice_client, alice):
    make_entry(alice, title="Postdoc in probability")
    make_skill(alice, "Rust")

    response = alice_client.get(reverse("resumes:inventory"))

    body = response.content.decode()
    assert "Postdoc in probability" in body
    assert "1 of 1 has no bullets" in body
    assert "No bullet shows evidence of 1 skill: Rust" in body
    assert "Import your BibTeX file" in body  # the empty publications section's advice


def test_inventory_page_query_count_is_constant(alice, alice_client, bob, bob_client):
    def queries(client, owner, count, django_capture):
        for index in range(count):
            entry = make_entry(owner, title=f"Job {index}")
            make_bullet(entry, skills=["Python", f"Skill {index}"])
        with django_capture() as captured:
            client.get(reverse("resumes:inventory"))
        return len(captured)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = queries(alice_client, alice, 2, lambda: CaptureQueriesContext(connection))
    many = queries(bob_client, bob, 40, lambda: CaptureQueriesContext(connection))

    assert few == many


def test_entry_create_for_kind_adds_it_at_top(alice_client, alice):
    older = make_entry(alice, title="Older", order=0)

    response = alice_client.post(
        reverse("resumes:entry_create", args=["position"]),
        {"title": "Research Scientist", "organization": "Lab", "start": "2021-09"},
    )

    newest = Entry.objects.get(title="Research Scientist")
    older.refresh_from_db()
    assert response.status_code == 302
    assert (newest.owner, newest.kind, newest.order, older.order) == (alice, "position", 0, 1)


def test_entry_create_unknown_kind_is_404(alice_client):
    assert alice_client.get("/resume/entries/new/hobby/").status_code == 404


def test_entry_create_bad_dates_keep_input(alice_client):
    response = alice_client.post(
        reverse("resumes:entry_create", args=["position"]),
        {"title": "Fellow", "start": "2023-02", "end": "2021"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["The end is before the start."]}
    assert 'value="Fellow"' in response.content.decode()


def test_entry_create_education_derives_title_from_degree(alice_client, alice):
    alice_client.post(
        reverse("resumes:entry_create", args=["education"]),
        {"degree": "PhD", "field_of_study": "Mathematics", "organization": "KTH",
         "thesis_title": "Random walks on groups", "advisor": "Prof. Q", "start": "2016",
         "end": "2021"},
    )  # fmt: skip

    entry = Entry.objects.get(owner=alice)
    assert (entry.title, entry.thesis_title) == ("PhD in Mathematics", "Random walks on groups")


def test_entry_create_publication_keeps_author_list(alice_client, alice):
    alice_client.post(
        reverse("resumes:entry_create", args=["publication"]),
        {"title": "Mixing times", "authors_text": "M. Lindqvist\nA. Other", "venue": "AoP",
         "year": "2022", "paper_type": "theory"},
    )  # fmt: skip

    entry = Entry.objects.get(owner=alice)
    assert (entry.authors, entry.paper_type, entry.year) == (
        ["M. Lindqvist", "A. Other"],
        "theory",
        2022,
    )


def test_entry_edit_htmx_get_returns_inline_form(alice_client, alice):
    entry = make_entry(alice)

    response = alice_client.get(reverse("resumes:entry_edit", args=[entry.pk]), headers=HTMX)

    body = response.content.decode().lstrip()
    assert body.startswith(f'<form id="entry-{entry.pk}"')
    assert "<html" not in body


def test_entry_edit_htmx_post_returns_card(alice_client, alice):
    entry = make_entry(alice)

    response = alice_client.post(
        reverse("resumes:entry_edit", args=[entry.pk]),
        {"title": "Senior researcher", "organization": "Lab", "deployed_to_users": "on"},
        headers=HTMX,
    )

    entry.refresh_from_db()
    body = response.content.decode().lstrip()
    assert body.startswith(f'<article id="entry-{entry.pk}"')
    assert (entry.title, entry.deployed_to_users) == ("Senior researcher", True)
    assert "deployed to users" in body


def test_entry_move_down_swaps_with_neighbour(alice_client, alice):
    first = make_entry(alice, title="First", order=0)
    second = make_entry(alice, title="Second", order=1)

    response = alice_client.post(
        reverse("resumes:entry_move", args=[first.pk]), {"direction": "down"}, headers=HTMX
    )

    titles = list(Entry.objects.filter(owner=alice).values_list("title", flat=True))
    assert titles == ["Second", "First"]
    assert response.content.decode().lstrip().startswith('<section id="section-position"')
    assert second.pk != first.pk


def test_entry_delete_htmx_removes_card(alice_client, alice):
    entry = make_entry(alice)
    make_bullet(entry)

    response = alice_client.post(reverse("resumes:entry_delete", args=[entry.pk]), headers=HTMX)

    assert response.content == b""
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert not Bullet.objects.exists()


def test_bullet_create_tags_skills_creating_missing_ones(alice_client, alice):
    entry = make_entry(alice)
    make_skill(alice, "PyTorch")

    response = alice_client.post(
        reverse("resumes:bullet_create", args=[entry.pk]),
        {"text": "Trained 40 models on the cluster", "skill_names": "pytorch, Slurm, Slurm"},
        headers=HTMX,
    )

    bullet = Bullet.objects.get(entry=entry)
    assert sorted(s.name for s in bullet.skills.all()) == ["PyTorch", "Slurm"]
    assert Skill.objects.filter(owner=alice).count() == 2
    assert "Trained 40 models on the cluster" in response.content.decode()


def test_bullet_create_empty_text_shows_error_and_keeps_skills(alice_client, alice):
    entry = make_entry(alice)

    response = alice_client.post(
        reverse("resumes:bullet_create", args=[entry.pk]),
        {"text": "   ", "skill_names": "Julia"},
        headers=HTMX,
    )

    body = response.content.decode()
    assert "This field is required." in body or "Write the fact" in body
    assert 'value="Julia"' in body
    assert not Bullet.objects.exists()


def test_bullet_edit_and_move(alice_client, alice):
    entry = make_entry(alice)
    first = make_bullet(entry, "First fact")
    make_bullet(entry, "Second fact")

    alice_client.post(
        reverse("resumes:bullet_edit", args=[first.pk]),
        {"text": "First fact, sharper", "skill_names": ""},
    )
    alice_client.post(reverse("resumes:bullet_move", args=[first.pk]), {"direction": "down"})

    assert list(entry.bullets.values_list("text", flat=True)) == [
        "Second fact",
        "First fact, sharper",
    ]


def test_bullet_delete(alice_client, alice):
    bullet = make_bullet(make_entry(alice))

    alice_client.post(reverse("resumes:bullet_delete", args=[bullet.pk]))

    assert not Bullet.objects.filter(pk=bullet.pk).exists()


def test_skill_create_rejects_duplicate_name(alice_client, alice):
    make_skill(alice, "PyTorch")

    response = alice_client.post(
        reverse("resumes:skill_create"), {"name": "pytorch", "category": "hard"}
    )

    assert "You already have this skill under this heading." in response.content.decode()
    assert Skill.objects.filter(owner=alice).count() == 1


def test_skill_edit_and_delete(alice_client, alice):
    skill = make_skill(alice, "Pytorch")

    alice_client.post(
        reverse("resumes:skill_edit", args=[skill.pk]),
        {"name": "PyTorch", "category": "hard", "group": "ML"},
    )
    skill.refresh_from_db()
    alice_client.post(reverse("resumes:skill_delete", args=[skill.pk]))

    assert (skill.name, skill.group) == ("PyTorch", "ML")
    assert not Skill.objects.filter(owner=alice).exists()


def test_basics_edit_saves_profiles(alice_client, alice):
    response = alice_client.post(
        reverse("resumes:basics_edit"),
        {"name": "Alice A", "email": "alice@example.com",
         "profiles_text": "GitHub https://github.com/alice\nLinkedIn https://linkedin.com/in/alice"},
    )  # fmt: skip

    basics = Basics.objects.get(owner=alice)
    assert response.status_code == 302
    assert basics.profiles == [
        {"network": "GitHub", "username": "", "url": "https://github.com/alice"},
        {"network": "LinkedIn", "username": "", "url": "https://linkedin.com/in/alice"},
    ]


def test_basics_edit_bad_link_is_an_error(alice_client, alice):
    response = alice_client.post(
        reverse("resumes:basics_edit"), {"name": "Alice", "profiles_text": "GitHub not-a-url"}
    )

    assert response.status_code == 200
    assert "profiles_text" in response.context["form"].errors


def test_certifications_and_media_are_added_like_any_entry(alice_client, alice):
    form = alice_client.get(reverse("resumes:entry_create", args=["certification"]))
    alice_client.post(
        reverse("resumes:entry_create", args=["certification"]),
        {"title": "AWS Certified ML Specialty", "organization": "Amazon", "start": "2023"},
    )
    alice_client.post(
        reverse("resumes:entry_create", args=["media"]),
        {"title": "Interview on national radio", "organization": "SR P1", "start": "2024"},
    )

    assert "Issued by" in form.content.decode()
    assert sorted(Entry.objects.filter(owner=alice).values_list("kind", "title")) == [
        ("certification", "AWS Certified ML Specialty"),
        ("media", "Interview on national radio"),
    ]
