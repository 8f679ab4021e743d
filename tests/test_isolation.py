"""Every URL that takes an object id answers 404 to anyone but the object's owner.

The matrix walks the URL resolver, so a new object URL without an entry here fails
`test_isolation_matrix_covers_every_object_url` until someone adds it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import (
    make_application,
    make_company,
    make_contact,
    make_csv_import,
    make_interview,
    make_referral,
)
from tests.resumes.factories import (
    make_build,
    make_bullet,
    make_entry,
    make_import_draft,
    make_posting,
    make_skill,
)

# URL name → how to build alice's object whose pk goes in the URL.
OBJECT_FACTORIES: dict[str, Callable] = {
    "tracker:application_detail": lambda alice: make_application(alice),
    "tracker:application_edit": lambda alice: make_application(alice),
    "tracker:application_stage": lambda alice: make_application(alice),
    "tracker:application_undo_stage": lambda alice: make_application(alice),
    "tracker:application_delete": lambda alice: make_application(alice),
    "tracker:board_move": lambda alice: make_application(alice),
    "tracker:company_detail": lambda alice: make_company(alice),
    "tracker:company_edit": lambda alice: make_company(alice),
    "tracker:company_delete": lambda alice: make_company(alice),
    "tracker:interview_create": lambda alice: make_application(alice),
    "tracker:interview_rounds": lambda alice: make_application(alice),
    "tracker:interview_prep": lambda alice: make_application(alice),
    "tracker:interview_edit": lambda alice: make_interview(alice),
    "tracker:interview_delete": lambda alice: make_interview(alice),
    "tracker:interview_ics": lambda alice: make_interview(alice),
    "tracker:interview_messages": lambda alice: make_interview(alice),
    "tracker:interview_follow_up": lambda alice: make_interview(alice),
    "tracker:application_follow_up": lambda alice: make_application(alice),
    "tracker:contact_detail": lambda alice: make_contact(alice),
    "tracker:contact_edit": lambda alice: make_contact(alice),
    "tracker:contact_delete": lambda alice: make_contact(alice),
    "tracker:referral_create": lambda alice: make_application(alice),
    "tracker:referral_stage": lambda alice: make_referral(alice),
    "tracker:referral_edit": lambda alice: make_referral(alice),
    "tracker:referral_delete": lambda alice: make_referral(alice),
    "tracker:referral_follow_up": lambda alice: make_referral(alice),
    "tracker:import_preview": lambda alice: make_csv_import(alice),
    "tracker:import_confirm": lambda alice: make_csv_import(alice),
    "tracker:import_cancel": lambda alice: make_csv_import(alice),
    "tracker:import_progress": lambda alice: make_csv_import(
        alice, import_queued_at=timezone.now()
    ),
    "resumes:entry_card": lambda alice: make_entry(alice),
    "resumes:entry_edit": lambda alice: make_entry(alice),
    "resumes:entry_delete": lambda alice: make_entry(alice),
    "resumes:entry_move": lambda alice: make_entry(alice),
    "resumes:bullet_create": lambda alice: make_entry(alice),
    "resumes:bullet_edit": lambda alice: make_bullet(make_entry(alice)),
    "resumes:bullet_delete": lambda alice: make_bullet(make_entry(alice)),
    "resumes:bullet_move": lambda alice: make_bullet(make_entry(alice)),
    "resumes:skill_edit": lambda alice: make_skill(alice),
    "resumes:skill_delete": lambda alice: make_skill(alice),
    "resumes:import_preview": lambda alice: make_import_draft(alice),
    "resumes:import_confirm": lambda alice: make_import_draft(alice),
    "resumes:import_discard": lambda alice: make_import_draft(alice),
    "resumes:posting_detail": lambda alice: make_posting(alice),
    "resumes:posting_delete": lambda alice: make_posting(alice),
    "resumes:posting_refetch": lambda alice: make_posting(alice),
    "resumes:build_request": lambda alice: make_posting(alice),
    "resumes:referral_ask": lambda alice: make_referral(alice),
    "resumes:build_detail": lambda alice: make_build(alice),
    "resumes:build_download": lambda alice: make_build(alice),
    "resumes:build_cover_letter_download": lambda alice: make_build(alice),
    "resumes:build_retry": lambda alice: make_build(alice),
    "resumes:build_mark_sent": lambda alice: make_build(alice),
    "resumes:build_diff": lambda alice: make_build(alice),
    "resumes:prep_note_save": lambda alice: make_application(alice),
}


def _object_url_names() -> set[str]:
    """Names of every URL pattern with an integer id, outside Django's admin."""

    def walk(patterns, namespace: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and "<int:" in str(pattern.pattern):
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_isolation_matrix_covers_every_object_url():
    assert _object_url_names() == set(OBJECT_FACTORIES)


@pytest.mark.parametrize("url_name", sorted(OBJECT_FACTORIES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_users_object_is_404(url_name, method, alice, alice_client, bob_client):
    target = OBJECT_FACTORIES[url_name](alice)
    url = reverse(url_name, args=[target.pk])

    response = getattr(bob_client, method)(url, {"move_to": "offer", "stage": "offer"})

    if response.status_code == 405:
        # The URL does not take this method from anyone, so nothing is revealed.
        assert getattr(alice_client, method)(url).status_code == 405
    else:
        assert response.status_code == 404
    assert type(target).objects.filter(pk=target.pk).exists()


# Query strings some object URLs need before they answer the owner.
OWNER_QUERY = {"resumes:build_diff": "?from={pk}"}


@pytest.mark.parametrize("url_name", sorted(OBJECT_FACTORIES))
def test_owner_can_reach_object_urls(url_name, alice, alice_client):
    target = OBJECT_FACTORIES[url_name](alice)
    query = OWNER_QUERY.get(url_name, "").format(pk=target.pk)

    response = alice_client.get(reverse(url_name, args=[target.pk]) + query)

    assert response.status_code in {200, 405}
