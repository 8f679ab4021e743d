"""Personal data is never cacheable: pages, partials, exports and downloads of a
signed-in person carry `Cache-Control: private, no-store`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resumes import services
from tests.resumes.factories import make_inventory, make_posting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["tracker:application_list", "tracker:dashboard", "resumes:inventory"]
)
def test_private_pages_are_not_stored(alice_client, name: str) -> None:
    response = alice_client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_private_htmx_partial_is_not_stored(alice_client) -> None:
    response = alice_client.get(reverse("tracker:application_list"), headers={"HX-Request": "true"})

    assert response["Cache-Control"] == "private, no-store"


def test_private_exports_and_downloads_are_not_stored(alice_client, alice) -> None:
    make_inventory(alice)
    build = services.request_resume_build(user=alice, posting=make_posting(alice))
    services.run_resume_build(build_id=build.pk)

    download = alice_client.get(reverse("resumes:build_download", args=[build.pk]))
    exports = [alice_client.get(reverse(f"tracker:export_{kind}")) for kind in ("csv", "json")]

    assert download["Cache-Control"] == "private, no-store"
    # The exports are streamed: the header is set before the first row is fetched.
    assert [(e.streaming, e["Cache-Control"]) for e in exports] == [
        (True, "private, no-store"),
        (True, "private, no-store"),
    ]


def test_private_anonymous_pages_keep_their_caching(client) -> None:
    response = client.get(reverse("login"))

    assert response.get("Cache-Control", "") != "private, no-store"


def test_every_response_varies_on_htmx_headers(alice_client):
    """One address answers a page or, to htmx, its fragment: no cache may mix them up."""
    page = alice_client.get("/applications/")
    fragment = alice_client.get(
        "/applications/", headers={"HX-Request": "true", "HX-Target": "application-table"}
    )

    for response in (page, fragment):
        varies = {v.strip() for v in response["Vary"].split(",")}
        assert {"HX-Request", "HX-Target"} <= varies
    assert b"<nav" in page.content
    assert b"<nav" not in fragment.content
