"""HTML, script and template syntax typed into any form is shown as text and never runs.

Every form the site offers (found by walking every page and htmx partial, not listed by
hand) is filled in with a payload carrying a script tag, an event handler, a `javascript:`
link and Django template syntax; then every page and partial is rendered again. No page may
contain the payload unescaped or anything a strict CSP would have to block, and each form's
payload must be shown, escaped, somewhere — proof that it was stored and displayed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from resumes.models import Entry
from tests.resumes.uploads import upload_import
from tests.security.forms import Form, error_fields, forms_on, has_errors
from tests.security.walk import (
    World,
    add_ready_build,
    build_world,
    inline_code,
    is_html,
    responses,
)

PAYLOAD = (
    "p{n}\"'><script>alert({n})</script><img src=x onerror=alert({n})>"
    '<a href="javascript:alert({n})">l{n}</a>{{{{ 7|add:{n} }}}}{{% now "Y" %}}'
)
SHORT_PAYLOAD = "<script>alert({n})</script>"
# Raw pieces that would mean a payload reached the page as markup.
DANGEROUS = ["<script>alert(", 'href="javascript:', "<img src=x"]
# Forms that are not about content a person stores (log-in, passwords, sign-out).
NOT_CONTENT = ("/accounts/", "/admin/")


@dataclass
class Submitted:
    form: Form
    n: int
    status: int
    problems: list[str]
    answers: list[str]  # the HTML of every answer, re-rendered forms and search results too


def _pages(world: World, paths: list[tuple[str, str]]):
    """Every page of `paths` and its htmx partials that answer HTML: (label, path, html)."""
    for label, path, response in responses(world.client, paths):
        if response.status_code == 200 and is_html(response):
            yield label, path, response.content.decode()


def _content_forms(world: World, paths: list[tuple[str, str]]) -> list[Form]:
    found: dict[tuple, Form] = {}
    for _, path, html in _pages(world, paths):
        for form in forms_on(html, page_path=path):
            if form.action.startswith(NOT_CONTENT) or form.takes_files or not form.text_fields:
                continue
            found.setdefault(form.signature, form)
    return list(found.values())


def _submit(client: Client, form: Form, n: int) -> Submitted:
    """Fill the form with payload `n`; fields the server rejects fall back to what the page
    offered, as a person would correct them, until it is accepted or nothing changes."""
    fallback: dict[str, str] = {}
    original = {f.name: f.value for f in form.fields}
    answers: list[str] = []
    for _ in range(4):
        data = form.data(PAYLOAD.format(n=n), fallback, n)
        headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
        if form.method == "get":
            response = client.get(form.action, data, **headers)
        else:
            response = client.post(form.action, data, **headers)
        html = response.content.decode() if is_html(response) else ""
        answers.append(html)
        if response.status_code not in {200, 201, 204} or not has_errors(html):
            return Submitted(form, n, response.status_code, [], answers)
        wrong = [name for name in error_fields(html) if fallback.get(name) != original.get(name)]
        if not wrong:
            break
        fallback.update({name: original.get(name, "") for name in wrong})
    return Submitted(form, n, response.status_code, error_fields(html) or ["form error"], answers)


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.slow
def test_payloads_in_every_form_are_shown_escaped_and_never_run(world):
    before = world.paths()
    forms = _content_forms(world, before)
    results = [_submit(world.client, form, n) for n, form in enumerate(forms, start=100)]
    build = add_ready_build(world.user)  # a build made after the payloads went in
    after = sorted(set(before) | set(world.paths()))

    answers = [
        (f"answer {i} to {r.form.method} {r.form.action}", html)
        for r in results
        for i, html in enumerate(r.answers)
    ]
    pages = [(label, html) for label, _, html in _pages(world, after)]
    unescaped, inline, shown = {}, {}, set()
    for page, html in answers + pages:
        if hits := [piece for piece in DANGEROUS if piece in html]:
            unescaped[page] = hits
        if problems := inline_code(html):
            inline[page] = problems
    for _, html in pages:
        for result in results:
            variants = (PAYLOAD.format(n=result.n), SHORT_PAYLOAD.format(n=result.n))
            if any(escape(payload) in html for payload in variants):
                shown.add(result.n)

    refused = {f"{r.form.method} {r.form.action}": r.problems for r in results if r.problems}
    not_shown = [
        f"{r.n} {r.form.action} {[f.name for f in r.form.text_fields]}"
        for r in results
        if r.n not in shown and r.form.method == "post"
    ]
    assert build.status == "ready", build.error
    assert unescaped == {}
    assert inline == {}
    assert refused == {}
    assert not_shown == []
    assert len(results) >= 15  # the walk really found the site's forms


# (page, its address parts, the address field, what else the form needs to be valid).
URL_FIELDS = [
    ("tracker:company_create", {}, "website", {"name": "Acme", "tier": "startup"}),
    ("tracker:company_create", {}, "sponsorship_source", {"name": "Acme", "tier": "startup"}),
    (
        "tracker:application_create",
        {},
        "posting_url",
        {"company_name": "Acme", "new_company_tier": "startup", "role_title": "MLE"},
    ),
    ("tracker:contact_create", {}, "link", {"name": "Ann", "relationship": "recruiter"}),
    (
        "tracker:clip",
        {},
        "posting_url",
        {"company_name": "Acme", "new_company_tier": "startup", "role_title": "MLE"},
    ),
    ("resumes:posting_create", {}, "url", {"title": "MLE", "text": "Python"}),
    ("resumes:basics_edit", {}, "website", {"name": "Ann"}),
    ("resumes:basics_edit", {}, "profiles_text", {"name": "Ann"}),
    ("resumes:entry_create", {"kind": "project"}, "url", {"title": "Sampler"}),
    (
        "resumes:entry_create",
        {"kind": "project"},
        "code_url",
        {"title": "Sampler", "code_released": "on"},
    ),
]


@pytest.mark.parametrize(("url_name", "kwargs", "field", "extra"), URL_FIELDS)
@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"]
)
def test_script_addresses_are_refused_by_url_fields(
    url_name, kwargs, field, extra, address, alice_client
):
    value = f"GitHub {address}" if field == "profiles_text" else address

    response = alice_client.post(reverse(url_name, kwargs=kwargs), {**extra, field: value})

    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.content.decode()


@pytest.mark.slow
def test_every_url_field_is_checked_above(world):
    # Any form field rendered as type="url" must be in the list the test above covers.
    covered = {field for _, _, field, _ in URL_FIELDS}
    url_fields = set()
    for _, path, html in _pages(world, world.paths()):
        for form in forms_on(html, page_path=path):
            url_fields |= {f.name for f in form.fields if f.kind == "url"}

    assert url_fields <= covered, url_fields - covered


def _import_json_resume(client: Client, document: dict) -> tuple[str, str]:
    """Upload, then confirm with every row ticked as offered: (preview page, answer)."""
    preview = upload_import(client, "cv.json", json.dumps(document).encode())
    preview_html = preview.content.decode()
    confirm = next(f for f in forms_on(preview_html, "") if f.action.endswith("/confirm/"))
    answer = client.post(confirm.action, confirm.data("", {}), follow=True)
    return preview_html, answer.content.decode()


def _json_resume(payload: str, url: str) -> dict:
    return {
        "basics": {
            "name": payload,
            "label": payload,
            "url": url,
            "profiles": [{"network": payload, "url": url}],
        },
        "work": [{"name": payload, "position": payload, "url": url, "highlights": [payload]}],
        # Keywords become skills, whose names stop at 100 characters.
        "skills": [{"name": "Python", "keywords": [SHORT_PAYLOAD.format(n=8)]}],
    }


def test_json_resume_import_shows_payloads_as_text(alice_client):
    payload = PAYLOAD.format(n=7)

    preview, _ = _import_json_resume(alice_client, _json_resume(payload, "https://example.com"))
    inventory = alice_client.get(reverse("resumes:inventory")).content.decode()

    for html in (preview, inventory):
        assert [piece for piece in DANGEROUS if piece in html] == []
        assert inline_code(html) == []
    assert escape(payload) in inventory


def test_json_resume_import_drops_script_addresses_and_keeps_the_rest(alice_client, alice):
    preview, _ = _import_json_resume(alice_client, _json_resume("Ann", "javascript:alert(1)"))

    assert "the link &#x27;javascript:alert(1)&#x27; was left out" in preview
    assert Entry.objects.filter(owner=alice).count() == 1  # the rest of the CV arrived
    inventory = alice_client.get(reverse("resumes:inventory")).content.decode()
    assert "javascript:" not in inventory
