"""Skills that leave: a tag taken off its last bullet offers to remove the skill, and the
inventory shows where each skill is used."""

from __future__ import annotations

from django.urls import reverse

from resumes.models import Skill
from tests.resumes.factories import make_bullet, make_entry, make_skill

HTMX = {"HX-Request": "true"}
OFFER = "No bullet shows “Slurm” any more. Remove it from your skills too?"


def _untag(client, bullet, skill_names: str = "", **extra):
    return client.post(
        reverse("resumes:bullet_edit", args=[bullet.pk]),
        {"text": bullet.text, "skill_names": skill_names},
        **extra,
    )


def test_taking_a_skill_off_its_last_bullet_offers_to_remove_it(alice_client, alice):
    bullet = make_bullet(make_entry(alice), "Ran 12,000 simulations", skills=["Slurm", "Python"])

    response = _untag(alice_client, bullet, "Python", headers=HTMX)

    body = response.content.decode()
    slurm = Skill.objects.get(owner=alice, name="Slurm")
    assert OFFER in body
    assert reverse("resumes:skill_delete", args=[slurm.pk]) in body
    assert "Remove “Python”" not in body
    assert Skill.objects.filter(owner=alice).count() == 2  # nothing removed unasked


def test_a_skill_another_bullet_still_shows_is_not_offered(alice_client, alice):
    entry = make_entry(alice)
    bullet = make_bullet(entry, "Ran simulations", skills=["Slurm"])
    make_bullet(entry, "Scheduled 400 jobs a night", skills=["Slurm"])

    response = _untag(alice_client, bullet, headers=HTMX)

    assert "No bullet shows" not in response.content.decode()


def test_deleting_the_last_bullet_of_a_skill_offers_to_remove_it(alice_client, alice):
    bullet = make_bullet(make_entry(alice), "Ran simulations", skills=["Slurm"])

    response = alice_client.post(reverse("resumes:bullet_delete", args=[bullet.pk]), headers=HTMX)

    assert OFFER in response.content.decode()


def test_without_javascript_the_offer_is_on_the_inventory_page(alice_client, alice):
    entry = make_entry(alice)
    bullet = make_bullet(entry, "Ran simulations", skills=["Slurm"])
    slurm = Skill.objects.get(owner=alice, name="Slurm")

    response = _untag(alice_client, bullet)
    page = alice_client.get(response["Location"])

    assert response["Location"] == (
        f"{reverse('resumes:inventory')}?entry={entry.pk}&unused={slurm.pk}#entry-{entry.pk}"
    )
    assert OFFER in page.content.decode()


def test_removing_from_the_offer_deletes_the_skill_and_returns_to_the_entry(alice_client, alice):
    entry = make_entry(alice)
    slurm = make_skill(alice, "Slurm")

    response = alice_client.post(
        reverse("resumes:skill_delete", args=[slurm.pk]), {"entry": entry.pk}
    )

    assert response["Location"] == entry.get_absolute_url()
    assert not Skill.objects.filter(pk=slurm.pk).exists()


def test_bob_is_offered_none_of_alices_skills(alice, bob, bob_client):
    slurm = make_skill(alice, "Slurm")
    bobs_entry = make_entry(bob)

    page = bob_client.get(
        reverse("resumes:inventory"), {"entry": bobs_entry.pk, "unused": slurm.pk}
    )
    removal = bob_client.post(
        reverse("resumes:skill_delete", args=[slurm.pk]), {"entry": bobs_entry.pk}
    )

    assert "Slurm" not in page.content.decode()
    assert removal.status_code == 404
    assert Skill.objects.filter(pk=slurm.pk).exists()


def test_inventory_page_shows_where_each_skill_is_used(alice_client, alice):
    postdoc = make_entry(alice, title="Postdoctoral Researcher")
    phd = make_entry(alice, title="PhD candidate", order=1)
    make_bullet(postdoc, "Ran simulations", skills=["Slurm", "Python"])
    make_bullet(postdoc, "Scheduled jobs", skills=["Slurm"])
    make_bullet(phd, "Wrote a solver", skills=["Python"])
    make_skill(alice, "Rust")

    body = alice_client.get(reverse("resumes:inventory")).content.decode()

    inventory = reverse("resumes:inventory")
    postdoc_link = f'<a href="{inventory}?entry={postdoc.pk}#entry-{postdoc.pk}">'
    phd_link = f'<a href="{inventory}?entry={phd.pk}#entry-{phd.pk}">'
    assert f"{postdoc_link}Postdoctoral Researcher</a> ×2</span>" in body  # Slurm
    assert f"{postdoc_link}Postdoctoral Researcher</a> · {phd_link}PhD candidate</a>" in body
    assert '<span class="skill-uses">on no bullet</span>' in body  # Rust


def test_skill_page_lists_the_bullets_that_use_it(alice_client, alice):
    entry = make_entry(alice, title="Postdoctoral Researcher")
    make_bullet(entry, "Ran 12,000 simulations", skills=["Slurm"])
    slurm = Skill.objects.get(owner=alice, name="Slurm")

    body = alice_client.get(reverse("resumes:skill_edit", args=[slurm.pk])).content.decode()

    assert "Ran 12,000 simulations" in body
    assert f'href="{entry.get_absolute_url()}">Postdoctoral Researcher</a>' in body


def test_a_skill_on_many_entries_names_a_few_and_links_to_the_rest(alice_client, alice):
    for index in range(5):
        make_bullet(make_entry(alice, title=f"Role {index}", order=index), skills=["Python"])
    python = Skill.objects.get(owner=alice, name="Python")

    body = alice_client.get(reverse("resumes:inventory")).content.decode()

    uses = body.split('<span class="skill-uses">', 1)[1].split("</span>", 1)[0]
    assert uses.count("?entry=") == 3
    assert f'<a href="{reverse("resumes:skill_edit", args=[python.pk])}">2 more</a>' in uses
