"""An `export_data` document loaded back into an empty account: the inverse of
`account_export`.

Like the export, it knows no app by name: the models come from the same walk of foreign
keys to the user (so the résumé app's rows come back without the tracker importing it),
and are created parents first, in the order their foreign keys demand. Every row gets a
new id; the links between rows (an application's company, a bullet's skills, a résumé
sent with an application) are rewritten through a map from the file's ids to the new
ones. Rows are saved raw, as a fixture is, so the dates the file holds (created, updated,
captured) are kept rather than stamped with today.

All or nothing: one transaction, and a problem anywhere (a value the model refuses, a
row pointing at a row the file lacks) rolls everything back and names the row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.serializers import base as serializer_base
from django.core.serializers.python import Deserializer
from django.db import IntegrityError, models, transaction

from tracker.data.account_export import FORMAT, VERSION, exported_models
from tracker.stage_log import refold_owner

HEADER_KEYS = frozenset({"format", "version", "exported_at", "user"})
# An account with years of builds is megabytes (each keeps its inventory and plan); the
# cap stays under the request limit (MAX_REQUEST_BODY_MB, 25 by default).
MAX_FILE_MB = 20
# The person's own name from the file fills an account that has none; the login name
# and e-mail address stay the account's own.
NAME_FIELDS = ("first_name", "last_name")


def _counted(model: type[models.Model], count: int) -> str:
    name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return f"{count} {name}"


@dataclass
class ImportSummary:
    """What an import created: rows per model label, and how many built files the rows
    referred to were not brought in."""

    created: dict[str, int] = field(default_factory=dict)
    files_left_out: int = 0

    def describe(self) -> str:
        counts = ", ".join(
            _counted(apps.get_model(label), count) for label, count in self.created.items() if count
        )
        said = f"Imported {counts}." if counts else "The file held nothing to import."
        if self.files_left_out:
            said += (
                f" {self.files_left_out} built résumé file(s) could not come with it (an"
                " export holds the résumés' records, not their files): build them again"
                " from their postings."
            )
        return said


def read_document(raw: bytes | str) -> dict:
    """The export document in `raw`, or a ValidationError saying why it is not one this
    Reframe can load (not JSON, not an export, written by a newer version)."""
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise ValidationError(f"This file is not JSON ({problem}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            "This is not a Reframe account export: use the file from “Everything, as JSON”"
            " or `manage.py export_data`."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError("The file's format version is missing or unreadable.")
    if version > VERSION:
        raise ValidationError(
            f"This file was written by a newer Reframe (format version {version}); this one"
            f" reads up to version {VERSION}. Update Reframe, then import it again."
        )
    return document


def _links_to_user(model: type[models.Model]) -> bool:
    """Whether the model's way to the user is a one-to-one field of its own (preferences,
    résumé header): such a row may exist in a fresh account and is replaced, not added."""
    return any(
        f.one_to_one and f.related_model is get_user_model() for f in model._meta.concrete_fields
    )


def rows_in_account(user: User) -> dict[type[models.Model], int]:
    """What the account already holds, per model, leaving out the one-per-person
    rows (preferences) that sign-up makes for every account."""
    held = {}
    for model, path in exported_models():
        if _links_to_user(model):
            continue
        count = model._default_manager.filter(**{path: user}).count()
        if count:
            held[model] = count
    return held


def creation_order() -> list[tuple[type[models.Model], str]]:
    """The exported models, each after every model it points to."""
    exported = dict(exported_models())
    graph: TopologicalSorter[type[models.Model]] = TopologicalSorter()
    for model in exported:
        parents = [
            f.related_model
            for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if f.is_relation and f.related_model in exported and f.related_model is not model
        ]
        graph.add(model, *parents)
    try:
        return [(model, exported[model]) for model in graph.static_order()]
    except CycleError as cycle:  # a schema change would have to teach this module
        raise RuntimeError(f"Models point at each other in a circle: {cycle.args[1]}") from None


class _Loader:
    """One import's state: the id maps and the file copies made so far."""

    def __init__(self, user: User, *, copy_files: bool) -> None:
        self.user = user
        self.copy_files = copy_files
        self.new_ids: dict[type[models.Model], dict[object, object]] = {}
        self.copied_files: list[tuple[Storage, str]] = []
        self.summary = ImportSummary()

    def _where(self, model: type[models.Model], row: dict) -> str:
        return f"{model._meta.verbose_name} {row.get('id')!r} in the file"

    def _new_id(
        self, model: type[models.Model], row: dict, name: str, target: type[models.Model], old
    ) -> object:
        """The new id of the `target` row that `row` (of `model`) names by `old` in `name`."""
        try:
            return self.new_ids[target][old]
        except (KeyError, TypeError):
            raise ValidationError(
                f"{self._where(model, row)}: {name} points at {target._meta.verbose_name}"
                f" {old!r}, which the file does not hold."
            ) from None

    def _fields(self, model: type[models.Model], row: dict) -> dict:
        """The row's values with every link rewritten to the new ids."""
        known = {f.name: f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
        values = {}
        for name, value in row.items():
            if name == "id":
                continue
            if name not in known or known[name].primary_key:
                raise ValidationError(
                    f"{self._where(model, row)} has a field “{name}” this Reframe does not know."
                )
            target = known[name].related_model if known[name].is_relation else None
            if target is get_user_model():
                value = self.user.pk
            elif target is not None and known[name].many_to_many:
                if not isinstance(value, list):
                    raise ValidationError(f"{self._where(model, row)}: {name} is not a list.")
                value = [self._new_id(model, row, name, target, old) for old in value]
            elif target is not None and value is not None:
                value = self._new_id(model, row, name, target, value)
            values[name] = value
        return values

    def _copy_files(self, instance: models.Model) -> None:
        """A built file is copied under a new name, so two accounts never share (and one's
        deletion never removes) a file. Left out, the row kept without it: a file this
        server lacks, and any file when the file names are not trusted."""
        for file_field in instance._meta.concrete_fields:
            if not isinstance(file_field, models.FileField):
                continue
            name = getattr(instance, file_field.attname).name
            if not name:
                continue
            storage = file_field.storage
            if self.copy_files and storage.exists(name):
                with storage.open(name, "rb") as original:
                    copy = storage.save(name, original)
                self.copied_files.append((storage, copy))
                setattr(instance, file_field.attname, copy)
            else:
                setattr(instance, file_field.attname, "")
                self.summary.files_left_out += 1

    def _check(self, instance: models.Model, row: dict) -> None:
        # Links were checked while rewriting them. A blank the model would refuse may be
        # one the database holds anyway (a posting whose fetch failed has no text), so
        # blanks are left as they came; anything given is checked against its field.
        skip = [
            f.name
            for f in instance._meta.concrete_fields
            if f.is_relation or getattr(instance, f.attname) in f.empty_values
        ]
        try:
            instance.clean_fields(exclude=skip)
        except ValidationError as problem:
            details = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in problem.message_dict.items()
            )
            raise ValidationError(f"{self._where(type(instance), row)}: {details}") from None

    def load(self, model: type[models.Model], rows: list) -> None:
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValidationError(f"The file's {model._meta.verbose_name_plural} are not a list.")
        label = model._meta.label_lower
        self.new_ids[model] = {}
        if _links_to_user(model):
            # The one-per-person row a fresh account has is replaced by the file's.
            user_fields = [
                f.name
                for f in model._meta.concrete_fields
                if f.one_to_one and f.related_model is get_user_model()
            ]
            model._default_manager.filter(**{user_fields[0]: self.user}).delete()
        for row in rows:
            objects = [{"model": label, "fields": self._fields(model, row)}]
            try:
                [deserialized] = Deserializer(objects)
            except serializer_base.DeserializationError as problem:
                cause = problem.__cause__ or problem
                raise ValidationError(f"{self._where(model, row)}: {cause}") from None
            self._check(deserialized.object, row)
            self._copy_files(deserialized.object)
            try:
                deserialized.save()
            except IntegrityError as clash:
                raise ValidationError(
                    f"{self._where(model, row)} clashes with another row: {clash}"
                ) from None
            self.new_ids[model][row.get("id")] = deserialized.object.pk
        self.summary.created[model._meta.label_lower] = len(rows)

    def fill_blank_names(self, person: object) -> None:
        if not isinstance(person, dict):
            return
        blanks = {
            name: person[name]
            for name in NAME_FIELDS
            if not getattr(self.user, name) and isinstance(person.get(name), str)
        }
        if blanks:
            get_user_model().objects.filter(pk=self.user.pk).update(**blanks)
            for name, value in blanks.items():
                setattr(self.user, name, value)


def _sections_in(document: dict) -> dict[str, dict]:
    sections = {key: value for key, value in document.items() if key not in HEADER_KEYS}
    known = {model._meta.label_lower for model, _ in exported_models()}
    for app_label, section in sections.items():
        if not isinstance(section, dict):
            raise ValidationError(f"The file's “{app_label}” part is not an object.")
        for model_name in section:
            if f"{app_label}.{model_name}" not in known:
                raise ValidationError(
                    f"The file holds “{app_label}.{model_name}”, which this Reframe does not have."
                )
    return sections


@contextmanager
def _files_removed_on_failure(loader: _Loader) -> Iterator[None]:
    # Storage is not part of the transaction: copies made before a rollback are removed.
    try:
        yield
    except BaseException:
        for storage, name in loader.copied_files:
            storage.delete(name)
        raise


def import_account(*, user: User, document: dict, copy_files: bool = False) -> ImportSummary:
    """Create every row of `document` (see `read_document`) in `user`'s account.

    Side effects: rows in every exported model, in one transaction; the preferences and
    other one-per-person rows are replaced by the file's; a blank first or last name is
    filled from the file. An export names built files but does not hold them: with
    `copy_files` (only for a trusted file — the server's administrator's — since the
    names could point at anyone's files) each one this server has is copied in the file
    storage; otherwise the rows are kept without their files. Refuses
    (ValidationError, nothing written) an account that already holds data, so running it
    twice cannot load the file twice.
    """
    sections = _sections_in(document)
    loader = _Loader(user, copy_files=copy_files)
    with _files_removed_on_failure(loader), transaction.atomic():
        # Two imports at once into one account: the second waits here, then finds the
        # account no longer empty.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        held = rows_in_account(user)
        if held:
            described = ", ".join(_counted(model, count) for model, count in held.items())
            raise ValidationError(
                f"An export is loaded only into an empty account; this one holds {described}."
            )
        for model, _ in creation_order():
            app_label, model_name = model._meta.label_lower.split(".")
            loader.load(model, sections.get(app_label, {}).get(model_name, []))
        loader.fill_blank_names(document.get("user"))
        refold_owner(user.pk)  # the log was loaded raw, without its per-event refolds
    return loader.summary
