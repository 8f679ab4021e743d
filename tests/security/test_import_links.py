"""Imports keep web and mail links only: a `javascript:` profile never becomes a link."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from resumes.importers.links import safe_link
from resumes.models import Basics, ImportDraft
from tests.resumes.uploads import upload_import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://github.com/ada", "https://github.com/ada"),
        ("http://example.org/cv", "http://example.org/cv"),
        ("mailto:ada@example.com", "mailto:ada@example.com"),
        ("ada.fr", "https://ada.fr"),  # a homepage written without its scheme
        ("github.com/ada", "https://github.com/ada"),
        ("", ""),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" java\tscript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ("not a link", None),
    ],
)
def test_import_links_keep_only_web_and_mail(value: str, kept: str | None) -> None:
    assert safe_link(value) == kept


def test_import_links_a_hostile_profile_is_dropped_with_a_warning(alice_client, alice) -> None:
    document = {
        "basics": {
            "name": "Ada Example",
            "url": "ada.fr",
            "profiles": [
                {"network": "Evil", "url": "javascript:alert(1)"},
                {"network": "GitHub", "url": "https://github.com/ada"},
            ],
        },
        "work": [{"name": "Example Lab", "position": "Researcher", "url": "data:text/html,x"}],
    }
    response = upload_import(alice_client, "cv.json", json.dumps(document).encode())
    draft = ImportDraft.objects.get(owner=alice)
    alice_client.post(reverse("resumes:import_confirm", args=[draft.pk]), {"replace": ""})
    page = alice_client.get(reverse("resumes:inventory")).content.decode()

    preview = response.content.decode()
    assert "Profile Evil: the link &#x27;javascript:alert(1)&#x27; was left out" in preview
    assert "Researcher: the link" in preview
    basics = Basics.objects.get(owner=alice)
    assert basics.website == "https://ada.fr"
    assert [p["url"] for p in basics.profiles] == ["", "https://github.com/ada"]
    assert "javascript:" not in page
