"""An `export_data` file loaded back into an empty account (`import_data` and the Data
page): ids remapped, history and résumé versions kept, all or nothing."""

from __future__ import annotations

import copy
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import FileField
from django.test import Client
from django.urls import reverse

from resumes import services as resume_services
from resumes.demo import load_demo_account
from resumes.models import Bullet, Entry, ResumeBuild
from tests.factories import make_application
from tests.resumes.factories import make_bullet, make_entry, make_posting
from tracker.data.account_export import VERSION, account_json_chunks, exported_models
from tracker.data.account_import import import_account, read_document
from tracker.models import Application, Preferences, StageEvent

HEADER = ("format", "version", "exported_at", "user")


def _export_text(user: User) -> str:
    return "".join(account_json_chunks(user))


def _without_ids(document: dict) -> dict:
    """The document with every id (a row's own, and every link to another row or to the
    user) replaced by the row's position in its list, so two accounts compare equal when
    they hold the same things linked the same way. Built files are named by the storage,
    so only whether there is one counts."""
    positions = {
        model: {row["id"]: n for n, row in enumerate(document[app][model])}
        for app, section in document.items()
        if app not in HEADER
        for model in section
    }
    result = {}
    for app, section in document.items():
        if app in HEADER:
            continue
        for model_name, rows in section.items():
            model = apps.get_model(app, model_name)
            renamed = []
            for row in rows:
                row = {key: value for key, value in row.items() if key != "id"}
                for field in model._meta.get_fields():
                    if field.name not in row or not field.is_relation:
                        continue
                    if field.related_model is get_user_model():
                        row[field.name] = "the user"
                        continue
                    targets = positions[field.related_model._meta.model_name]
                    value = row[field.name]
                    if field.many_to_many:
                        row[field.name] = sorted(targets[pk] for pk in value)
                    elif value is not None:
                        row[field.name] = targets[value]
                for field in model._meta.concrete_fields:
                    if isinstance(field, FileField) and field.name in row:
                        row[field.name] = bool(row[field.name])
                renamed.append(row)
            result[f"{app}.{model_name}"] = renamed
    return result


@pytest.fixture
def demo_with_a_sent_resume(db) -> User:
    """The demo account, plus a posting for one of its applications and the résumé built
    for it and marked sent: a résumé version, with its file."""
    demo = load_demo_account()
    # The demo's own résumés go: these tests follow one version, the one built here.
    ResumeBuild.objects.filter(owner=demo).delete()
    application = Application.objects.for_user(demo).order_by("pk").first()
    posting = make_posting(demo, title="ML Engineer", application=application)
    build = resume_services.request_resume_build(user=demo, posting=posting)
    resume_services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    resume_services.mark_build_sent(build=build, application=application)
    return demo


@pytest.fixture
def maya(db) -> User:
    """A fresh account as sign-up makes it: with preferences of its own."""
    person = User.objects.create_user("maya", "maya@example.com", "maya-password-1")
    Preferences.objects.create(user=person, time_zone="America/Chicago")
    return person


def _import_demo(demo: User, *, into: User) -> None:
    import_account(user=into, document=read_document(_export_text(demo)), copy_files=True)


def test_export_import_export_gives_the_same_document_minus_ids(demo_with_a_sent_resume, maya):
    exported = _export_text(demo_with_a_sent_resume)

    import_account(user=maya, document=read_document(exported), copy_files=True)

    again = json.loads(_export_text(maya))
    original = json.loads(exported)
    assert _without_ids(again) == _without_ids(original)
    assert {key: len(rows) for key, rows in _without_ids(again).items()} == {
        key: len(rows) for key, rows in _without_ids(original).items()
    }
    assert StageEvent.objects.filter(application__owner=maya).count() == 34


def test_imported_resume_version_keeps_its_own_copy_of_the_file(demo_with_a_sent_resume, maya):
    original = ResumeBuild.objects.get(owner=demo_with_a_sent_resume)

    _import_demo(demo_with_a_sent_resume, into=maya)

    imported = ResumeBuild.objects.get(owner=maya)
    assert imported.file.name != original.file.name
    with (
        default_storage.open(imported.file.name, "rb") as mine,
        default_storage.open(original.file.name, "rb") as theirs,
    ):
        assert mine.read() == theirs.read()
    assert imported.sent_with.owner == maya
    assert imported.sent_with.role_title == original.sent_with.role_title
    assert imported.posting.application == imported.sent_with


def test_imported_resume_version_opens_and_downloads_for_its_new_owner(
    demo_with_a_sent_resume, maya
):
    _import_demo(demo_with_a_sent_resume, into=maya)
    build = ResumeBuild.objects.get(owner=maya)
    client = Client()
    client.force_login(maya)

    page = client.get(build.get_absolute_url())
    download = client.get(reverse("resumes:build_download", args=[build.pk]))

    assert page.status_code == 200
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == build.file.open("rb").read()


def test_import_replaces_the_preferences_sign_up_made(demo_with_a_sent_resume, maya):
    _import_demo(demo_with_a_sent_resume, into=maya)

    assert list(Preferences.objects.filter(user=maya).values_list("time_zone", flat=True)) == [
        "Europe/Stockholm"
    ]


def test_import_fills_a_blank_name_from_the_file(demo_with_a_sent_resume, maya):
    _import_demo(demo_with_a_sent_resume, into=maya)

    maya.refresh_from_db()
    assert (maya.first_name, maya.last_name, maya.username) == ("Maya", "Lindqvist", "maya")


def test_a_built_file_this_server_lacks_leaves_the_version_without_it(
    demo_with_a_sent_resume, maya
):
    document = read_document(_export_text(demo_with_a_sent_resume))
    document["resumes"]["resumebuild"][0]["file"] = "resumes/from-another-server.docx"

    summary = import_account(user=maya, document=document, copy_files=True)

    assert summary.files_left_out == 1
    assert "build them again" in summary.describe()
    assert ResumeBuild.objects.get(owner=maya).file.name == ""
    assert ResumeBuild.objects.get(owner=maya).status == ResumeBuild.Status.READY


def test_an_uploaded_file_never_copies_a_built_file_it_names(
    demo_with_a_sent_resume, bob, bob_client
):
    """The names in an upload are the uploader's to write: one naming somebody else's
    résumé must not get a copy of it."""
    theirs = ResumeBuild.objects.get(owner=demo_with_a_sent_resume)
    document = read_document(_export_text(demo_with_a_sent_resume))
    document["resumes"]["resumebuild"][0]["file"] = theirs.file.name

    bob_client.post(reverse("tracker:import_account"), {"file": _upload(json.dumps(document))})

    mine = ResumeBuild.objects.get(owner=bob)
    assert mine.file.name == ""
    assert bob_client.get(reverse("resumes:build_download", args=[mine.pk])).status_code == 404


@pytest.fixture
def alices_small_account(alice) -> dict:
    entry = make_entry(alice, title="Postdoctoral Researcher")
    make_bullet(entry, "Ran 12,000 simulations", skills=["Slurm", "Python"])
    make_bullet(entry, "Proved convergence bounds", skills=["Optimization"])
    make_application(alice, stage="applied")
    return json.loads(_export_text(alice))


def test_import_links_bullets_to_their_new_entry_and_skills(alices_small_account, bob):
    import_account(user=bob, document=alices_small_account)

    bullets = Bullet.objects.filter(entry__owner=bob).order_by("pk")
    assert [(b.entry.title, sorted(s.name for s in b.skills.all())) for b in bullets] == [
        ("Postdoctoral Researcher", ["Python", "Slurm"]),
        ("Postdoctoral Researcher", ["Optimization"]),
    ]
    assert {s.owner for b in bullets for s in b.skills.all()} == {bob}


def test_a_bad_row_anywhere_imports_nothing_and_names_the_row(alices_small_account, bob):
    document = copy.deepcopy(alices_small_account)
    document["resumes"]["bullet"][1]["entry"] = 999_999

    with pytest.raises(ValidationError) as problem:
        import_account(user=bob, document=document)

    assert problem.value.messages == [
        f"bullet {document['resumes']['bullet'][1]['id']} in the file: entry points at entry"
        " 999999, which the file does not hold."
    ]
    assert _rows_of(bob) == 0


def test_a_value_the_model_refuses_imports_nothing(alices_small_account, bob):
    document = copy.deepcopy(alices_small_account)
    document["resumes"]["entry"][0]["kind"] = "hobby"

    with pytest.raises(ValidationError, match="kind: Value 'hobby' is not a valid choice"):
        import_account(user=bob, document=document)

    assert _rows_of(bob) == 0


def _rows_of(user: User) -> int:
    owned = exported_models()
    return sum(model._default_manager.filter(**{path: user}).count() for model, path in owned)


def test_an_account_with_data_is_refused(alices_small_account, bob):
    make_application(bob, role_title="Bob's own")

    with pytest.raises(ValidationError, match="only into an empty account; this one holds 1"):
        import_account(user=bob, document=alices_small_account)

    assert Entry.objects.filter(owner=bob).count() == 0


def test_a_file_from_a_newer_version_is_refused_clearly(alices_small_account):
    newer = json.dumps({**alices_small_account, "version": VERSION + 1})

    with pytest.raises(ValidationError) as problem:
        read_document(newer)

    assert problem.value.messages == [
        f"This file was written by a newer Reframe (format version {VERSION + 1}); this one"
        f" reads up to version {VERSION}. Update Reframe, then import it again."
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json at all", "This file is not JSON"),
        ('{"basics": {"name": "Maya"}}', "This is not a Reframe account export"),
        ('{"format": "reframe-account-export"}', "format version is missing"),
    ],
)
def test_a_file_that_is_no_export_is_refused(text, says):
    with pytest.raises(ValidationError, match=says):
        read_document(text)


def test_a_model_this_reframe_lacks_is_refused(alices_small_account, bob):
    document = {**alices_small_account, "tracker": {"spaceship": []}}

    with pytest.raises(ValidationError, match=r"“tracker\.spaceship”, which this Reframe"):
        import_account(user=bob, document=document)


def test_import_data_command_loads_a_file(alices_small_account, bob, tmp_path, capsys):
    path = tmp_path / "alice.json"
    path.write_text(json.dumps(alices_small_account), encoding="utf-8")

    call_command("import_data", str(path), user="bob")

    assert capsys.readouterr().out.startswith("Imported ")
    assert Application.objects.for_user(bob).count() == 1


def test_import_data_command_says_why_it_refuses(alices_small_account, bob, tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps({**alices_small_account, "version": VERSION + 1}))

    with pytest.raises(CommandError, match="newer Reframe"):
        call_command("import_data", str(path), user="bob")
    with pytest.raises(CommandError, match="No user called “nobody”"):
        call_command("import_data", str(path), user="nobody")


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("account.json", text.encode(), content_type="application/json")


def test_data_page_imports_into_the_person_s_own_account(alices_small_account, bob, bob_client):
    response = bob_client.post(
        reverse("tracker:import_account"), {"file": _upload(json.dumps(alices_small_account))}
    )

    assert response.status_code == 302
    assert Application.objects.for_user(bob).count() == 1
    assert Entry.objects.filter(owner=bob).count() == 1


def test_data_page_shows_why_a_file_was_refused(alices_small_account, alice_client):
    response = alice_client.post(
        reverse("tracker:import_account"), {"file": _upload(json.dumps(alices_small_account))}
    )

    assert response.status_code == 200
    assert "only into an empty account" in response.content.decode()
    assert Application.objects.for_user(response.wsgi_request.user).count() == 1
