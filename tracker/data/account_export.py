"""Everything a person owns, as one JSON document: the tracker and the inventory.

Models are found by walking foreign keys to the user, so a model added later (in any
app) is exported without anyone remembering to list it here. What is left out on
purpose is listed in NOT_EXPORTED with the reason, and a test fails when a model with a
path to the user is in neither.

The document is written a chunk of rows at a time (`account_json_chunks`), in exactly the
text `json.dumps(export_account(user), indent=2)` would give, so an account of any size
is exported in flat memory.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from itertools import batched

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.serializers import serialize
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from tracker.models.search import LOG_FOLD_FIELDS

FORMAT = "reframe-account-export"
VERSION = 1
NOT_EXPORTED: dict[str, str] = {
    "tracker.calendarfeed": "its address is a secret; a new one is made on request",
    "tracker.csvimport": "an upload waiting for confirmation, not yet part of the data",
    "admin.logentry": "the administrators' audit trail, not the person's data",
}
# Field names that hold secrets, in any model.
SECRET_FIELDS = frozenset({"password", "token", "secret", "api_key"})
# Worked out from other rows and written again on import (`tracker.stage_log`): the file
# stays the same format as before they existed, and no file can hold a fold at odds with
# its own stage log.
DERIVED_FIELDS = frozenset(LOG_FOLD_FIELDS)
MAX_DEPTH = 4
# Rows fetched (and serialised) at a time; many-to-many links come in one query per chunk.
CHUNK_SIZE = 500
INDENT = 2


def path_to_user(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from `model` to the user, as a lookup such as
    `application__owner`; None when there is none."""
    user_model = get_user_model()
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _ in range(MAX_DEPTH):
        next_frontier = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                lookup = f"{prefix}{field.name}"
                if field.related_model is user_model:
                    return lookup
                next_frontier.append((field.related_model, f"{lookup}__"))
        frontier = next_frontier
    return None


def owned_models() -> list[tuple[type[models.Model], str]]:
    """Every model with a path to the user, except the user model itself."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        if model is user_model:
            continue
        path = path_to_user(model)
        if path:
            found.append((model, path))
    return found


def exported_models() -> list[tuple[type[models.Model], str]]:
    return [(m, p) for m, p in owned_models() if m._meta.label_lower not in NOT_EXPORTED]


def sections() -> dict[str, list[tuple[type[models.Model], str]]]:
    """The exported models grouped by app label, in the order the document lists them."""
    grouped: dict[str, list[tuple[type[models.Model], str]]] = {}
    for model, path in exported_models():
        grouped.setdefault(model._meta.app_label, []).append((model, path))
    return grouped


def _header(user: User) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "user": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
        },
    }


def row_chunks(model: type[models.Model], path: str, user: User) -> Iterator[list[dict]]:
    """The person's rows of `model` in primary-key order, up to CHUNK_SIZE at a time."""
    # Many-to-many links (a bullet as evidence of a skill) travel as lists of ids.
    fields = [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not field.primary_key and field.name not in SECRET_FIELDS | DERIVED_FIELDS
    ]
    rows = (
        model._default_manager.filter(**{path: user})
        .order_by("pk")
        .prefetch_related(*[field.name for field in model._meta.many_to_many])
    )
    for chunk in batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield [
            {"id": item["pk"], **item["fields"]}
            for item in serialize("python", chunk, fields=fields)
        ]


def export_account(user: User) -> dict:
    """The whole document in memory; `account_json_chunks` writes the same as text."""
    document = _header(user)
    for app_label, owned in sections().items():
        document[app_label] = {
            model._meta.model_name: [
                row for chunk in row_chunks(model, path, user) for row in chunk
            ]
            for model, path in owned
        }
    return document


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but a time keeps all its microseconds: Django's rounds them to
    milliseconds, so a time read back from the file would differ from the one written
    and an export → import → export would not give the same document."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _encode(value: object, depth: int) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it `depth` levels into the document.
    JSON strings escape their line breaks, so every newline in the text is layout."""
    text = json.dumps(value, cls=ExactJSONEncoder, indent=INDENT, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * INDENT * depth)


def account_json_chunks(user: User) -> Iterator[str]:
    """The document as JSON text in pieces: the header first, then a piece per chunk of
    rows. Byte for byte what `json.dumps(export_account(user), indent=2,
    ensure_ascii=False, cls=ExactJSONEncoder)` gives, without holding it all."""
    pad = " " * INDENT
    header = [
        f"{pad}{_encode(key, 1)}: {_encode(value, 1)}" for key, value in _header(user).items()
    ]
    yield "{\n" + ",\n".join(header)
    for app_label, owned in sections().items():
        yield f",\n{pad}{_encode(app_label, 1)}: {{"
        for number, (model, path) in enumerate(owned):
            yield f"{',' if number else ''}\n{pad * 2}{_encode(model._meta.model_name, 2)}: ["
            written = 0
            for chunk in row_chunks(model, path, user):
                yield "".join(
                    f"{',' if written + n else ''}\n{pad * 3}{_encode(row, 3)}"
                    for n, row in enumerate(chunk)
                )
                written += len(chunk)
            yield f"\n{pad * 2}]" if written else "]"
        yield f"\n{pad}}}"
    yield "\n}"
