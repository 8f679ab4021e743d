"""A walk over the whole site for the security tests.

Every named URL outside Django's admin, filled in with objects of one person who has real
data: the demo account (fifteen applications, interviews, contacts, a full inventory), plus
one of each object it lacks (a posting, a ready build sent with the newest application,
pending imports). Which model an object URL takes comes from the isolation matrix, so a
new object URL is walked as soon as `tests/test_isolation.py` knows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import FieldError
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from resumes import services as resume_services
from resumes.demo import load_demo_account
from resumes.models import EntryKind, Posting, ResumeBuild
from tests.factories import make_csv_import
from tests.resumes.factories import make_import_draft, make_posting
from tests.test_anonymous_access import _named_urls
from tests.test_isolation import OBJECT_FACTORIES, OWNER_QUERY
from tracker import services as tracker_services
from tracker.models import Application

# Ways from a model to the person who owns it, tried in turn.
OWNER_PATHS = ("owner", "application__owner", "entry__owner")
# Pages that need another address part than a primary key, and what to put in it.
SPECIAL_KWARGS = {"uidb64": ["MQ"], "token": ["set-password"], "kind": list(EntryKind.values)}


def named_patterns() -> list[tuple[str, list[str]]]:
    """(namespaced name, names of its address parts) for every URL outside the admin."""
    unique: dict[str, list[str]] = {}
    for name, example_kwargs in _named_urls():
        unique.setdefault(name, list(example_kwargs))  # the throttled log-in replaces Django's
    return sorted(unique.items())


def latest_owned(model: type[Model], user: User) -> Model | None:
    for path in OWNER_PATHS:
        try:
            return model.objects.filter(**{path: user}).order_by("-pk").first()
        except FieldError:
            continue
    raise AssertionError(f"{model.__name__}: no way to its owner in {OWNER_PATHS}")


def _object_models() -> dict[str, type[Model]]:
    models = {}
    for n, (name, factory) in enumerate(sorted(OBJECT_FACTORIES.items())):
        scratch = User.objects.create_user(f"scratch-{n}", f"scratch-{n}@example.com")
        models[name] = type(factory(scratch))
    return models


def add_ready_build(user: User) -> ResumeBuild:
    posting = latest_owned(Posting, user) or make_posting(user)
    build = resume_services.request_resume_build(user=user, posting=posting)
    resume_services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return build


@dataclass
class World:
    user: User
    client: Client
    object_models: dict[str, type[Model]]
    calendar_token: str
    skipped: list[str] = field(default_factory=list)

    def paths(self) -> list[tuple[str, str]]:
        """(name, address) of every page, with the newest of the person's objects in it."""
        found = []
        for name, parts in named_patterns():
            for kwargs in self._kwargs_for(name, parts):
                query = OWNER_QUERY.get(name, "").format(pk=kwargs.get("pk"))
                found.append((name, reverse(name, kwargs=kwargs) + query))
        return found

    def _kwargs_for(self, name: str, parts: list[str]) -> list[dict]:
        if name == "tracker:calendar_feed":
            return [{"token": self.calendar_token}]
        if "pk" in parts or "entry_pk" in parts:
            target = latest_owned(self.object_models[name], self.user)
            if target is None:
                self.skipped.append(name)
                return []
            key = "pk" if "pk" in parts else "entry_pk"
            return [{key: target.pk}]
        kwargs: list[dict] = [{}]
        for part in parts:
            kwargs = [{**k, part: value} for k in kwargs for value in SPECIAL_KWARGS[part]]
        return kwargs


def build_world() -> World:
    object_models = _object_models()
    user = load_demo_account()
    # The newest application, whose pages the walk visits, gets a résumé sent with it: its
    # interview prep page then offers a note form on every bullet.
    application = latest_owned(Application, user)
    make_posting(user, application=application)
    resume_services.mark_build_sent(build=add_ready_build(user), application=application)
    make_import_draft(user)
    make_csv_import(user)
    feed = tracker_services.enable_calendar_feed(owner=user)
    client = Client()
    client.force_login(user)
    return World(user, client, object_models, feed.token)


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Every `{% partialdef <dom-id> %}`: the fragments htmx asks for by naming their root's id.
PARTIALS = {
    name
    for template in TEMPLATES.rglob("*.html")
    for name in re.findall(r"\{% partialdef ([\w-]+)", template.read_text())
}


def responses(client: Client, paths: list[tuple[str, str]]):
    """(label, address, response) for every page as a full page, as an htmx request, and as
    each partial htmx may target on it (an element whose id names a partialdef)."""
    for name, path in paths:
        full = client.get(path)
        yield f"{name} {path}", path, full
        yield f"{name} {path} (htmx)", path, client.get(path, HTTP_HX_REQUEST="true")
        if full.status_code != 200 or not is_html(full):
            continue
        ids = set(re.findall(r'\bid="([\w-]+)"', full.content.decode()))
        for target in sorted(ids & PARTIALS):
            partial = client.get(path, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
            yield f"{name} {path} (htmx #{target})", path, partial


class InlineCodeFinder(HTMLParser):
    """Everything a strict CSP would block, or that needs 'unsafe-inline' to work."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> block")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}>')
            elif name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"{name}= on <{tag}>")
            elif name in {"href", "src", "action", "formaction", "hx-get", "hx-post"} and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.problems.append(f'{name}="{value}" on <{tag}>')


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems
