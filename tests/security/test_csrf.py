"""CSRF is enforced on every unsafe request, and htmx's header satisfies it.

Walks every URL with a client that enforces CSRF checks, as a person with real data. Without
a token every POST is refused; with the token the page puts in `hx-headers` (what htmx sends
as X-CSRFToken) none is refused for CSRF.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve

from tests.security.walk import build_world

# Unsafe methods Django's CSRF check covers; htmx only sends POST here, but a view that
# accepted another one must not slip past.
UNSAFE = ["post", "put", "patch", "delete"]
# Anyone may post to these (no session yet); CSRF still applies to them.
ANONYMOUS_FORMS = {"login", "signup", "password_reset", "password_reset_confirm"}
# The only views without the check, and why that is safe.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: the mail client POSTs with no session or cookie; the
    # signed token in the address is the proof, and the only effect is fewer e-mails.
    "tracker:digest_unsubscribe",
}


@pytest.fixture
def world(db):
    world = build_world()
    world.client = Client(enforce_csrf_checks=True)
    world.client.force_login(world.user)
    return world


def _htmx_token(client: Client) -> str:
    # The masked token base.html gives htmx, read the way htmx reads it.
    html = client.get("/").content.decode()
    return re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html).group(1)


def test_only_the_listed_views_skip_the_check(world):
    exempt = {
        name
        for name, path in world.paths()
        if getattr(resolve(path.partition("?")[0]).func, "csrf_exempt", False)
    }

    assert exempt - CSRF_EXEMPT == set()


@pytest.mark.slow
def test_every_unsafe_request_without_a_token_is_refused(world):
    answered = {}
    for name, path in world.paths():
        if name in CSRF_EXEMPT:
            continue
        for method in UNSAFE:
            response = getattr(world.client, method)(path, HTTP_HX_REQUEST="true")
            if response.status_code != 403:
                answered[f"{method.upper()} {name} {path}"] = response.status_code

    assert answered == {}


def test_anonymous_forms_are_protected_too(world):
    anonymous = Client(enforce_csrf_checks=True)
    answered = {}
    for name, path in world.paths():
        if name in ANONYMOUS_FORMS:
            status = anonymous.post(path, {"username": "x", "password": "y"}).status_code
            if status != 403:
                answered[name] = status

    assert answered == {}


def test_every_post_with_the_htmx_header_token_passes_the_check(world):
    token = _htmx_token(world.client)
    refused = []
    reached = 0
    # Deleting pages last, so the pages before them still find their objects.
    paths = sorted(world.paths(), key=lambda item: "delete" in item[0] or "logout" in item[0])
    for name, path in paths:
        response = world.client.post(
            path, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main"
        )
        if response.status_code == 403:
            refused.append(f"{name} {path}")
        elif response.status_code != 405:
            reached += 1

    assert refused == []
    assert reached > 30  # the views behind the check really ran
