"""A strict Content-Security-Policy on every response, and nothing inline for it to block.

The policy comes from Django 6's ContentSecurityPolicyMiddleware (`SECURE_CSP`). It only
protects if no page needs 'unsafe-inline': so every template is scanned as text, and every
page and htmx partial is rendered for a person with real data and parsed.
"""

from __future__ import annotations

import re

import pytest

from tests.security.walk import TEMPLATES, build_world, inline_code, is_html, responses

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# In template source: what a strict policy would block (or a payload would look like).
INLINE_IN_SOURCE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on attribute": re.compile(r"\bhx-on", re.I),
    "javascript: address": re.compile(r"javascript:", re.I),
}


def _policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {parts[0]: parts[1] if len(parts) > 1 else "" for parts in directives}


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.slow
def test_every_response_sends_the_strict_policy(world):
    wrong = {}
    for label, _, response in responses(world.client, world.paths()):
        policy = _policy(response.get("Content-Security-Policy", ""))
        missing = {k: v for k, v in REQUIRED.items() if policy.get(k) != v}
        if missing or "unsafe-inline" in str(policy) or "unsafe-eval" in str(policy):
            wrong[label] = policy

    assert wrong == {}
    assert world.skipped == []


@pytest.mark.slow
def test_no_page_or_partial_has_inline_script_style_or_handlers(world):
    found = {}
    pages = partials = 0
    for label, _, response in responses(world.client, world.paths()):
        if not is_html(response) or response.status_code != 200:
            continue
        pages += 1
        partials += "#" in label
        if problems := inline_code(response.content.decode()):
            found[label] = problems

    assert found == {}
    # The walk really rendered the site, partials included.
    assert pages > 100
    assert partials > 10


def test_no_template_source_has_inline_code():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for what, pattern in INLINE_IN_SOURCE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(TEMPLATES)}:{line}: {what}")

    assert found == []


def test_the_source_scan_catches_what_it_looks_for():
    sample = (
        '<script>x()</script><style>p{}</style><p style="color:red" onclick="x()" '
        'hx-on:click="x()"><a href="javascript:x()">'
    )

    hits = {what for what, pattern in INLINE_IN_SOURCE.items() if pattern.search(sample)}
    parsed = inline_code(sample)

    assert hits == set(INLINE_IN_SOURCE)
    assert len(parsed) == 6


def test_htmx_is_configured_for_a_strict_policy(alice_client):
    html = alice_client.get("/").content.decode()

    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', html).group(1)

    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
