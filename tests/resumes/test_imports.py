"""Imports through the browser (upload → preview → confirm) and the command line."""

import html
import io
import json
import time
import zipfile
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from resumes.importers.jsonresume import validate_json_resume
from resumes.models import Entry, ImportDraft, ImportStatus, Skill
from resumes.tasks import read_import_task
from tests.resumes.factories import make_entry
from tests.resumes.uploads import upload_import
from tests.shared_data import shared_path

REAL_FILES = [
    "002.tex",
    "004.yaml",
    "007.json",
    "009.yaml",
    "002.jsonresume.json",
    "004.jsonresume.json",
    "007.jsonresume.json",
    "009.jsonresume.json",
]


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_resume_upload_previews_then_imports_everything(name, alice_client, alice):
    data = shared_path("resumes", name).read_bytes()

    preview = upload_import(alice_client, name, data)
    draft = ImportDraft.objects.get(owner=alice)
    rows = preview.context["rows"]
    assert Entry.objects.filter(owner=alice).count() == 0  # nothing saved before confirming
    confirmed = alice_client.post(
        reverse("resumes:import_confirm", args=[draft.pk]),
        {"entries": [str(row["index"]) for row in rows]},
    )

    assert confirmed.status_code == 302
    assert Entry.objects.filter(owner=alice).count() == len(rows) > 0
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()


def test_real_latex_cv_arrives_complete(alice):
    call_command("import_inventory", str(shared_path("resumes", "002.tex")), user="alice")

    counts = Counter(Entry.objects.filter(owner=alice).values_list("kind", flat=True))
    assert counts["position"] >= 4
    assert counts["education"] == 3
    assert counts["publication"] >= 5
    assert counts["award"] == 3
    phd = Entry.objects.get(owner=alice, kind="education", degree__icontains="Ph")
    assert (phd.start, phd.end) == ("2016", "2020")


def test_real_bibtex_imports_publications_without_duplicates(alice):
    path = shared_path("bib", "01.bib")

    call_command("import_inventory", str(path), user="alice")
    first = Entry.objects.filter(owner=alice, kind="publication").count()
    call_command("import_inventory", str(path), user="alice")

    assert first > 0
    assert Entry.objects.filter(owner=alice, kind="publication").count() == first
    assert Entry.objects.filter(owner=alice).exclude(doi="").exists()


def test_preview_marks_entries_already_in_inventory(alice_client, alice):
    data = shared_path("resumes", "007.jsonresume.json").read_bytes()
    first_title = json.loads(data)["work"][0]["position"]
    make_entry(alice, title=first_title, organization=json.loads(data)["work"][0]["name"])

    response = upload_import(alice_client, "r.json", data)

    duplicates = [row for row in response.context["rows"] if row["duplicate"]]
    assert [row["entry"].title for row in duplicates] == [first_title]
    assert "already in your inventory" in response.content.decode()


def test_confirm_only_ticked_entries(alice_client, alice):
    data = shared_path("resumes", "007.jsonresume.json").read_bytes()
    upload_import(alice_client, "r.json", data)
    draft = ImportDraft.objects.get(owner=alice)

    alice_client.post(reverse("resumes:import_confirm", args=[draft.pk]), {"entries": ["0"]})

    assert Entry.objects.filter(owner=alice).count() == 1


def test_discard_draft_saves_nothing(alice_client, alice):
    upload_import(alice_client, "r.json", shared_path("resumes", "007.json").read_bytes())
    draft = ImportDraft.objects.get(owner=alice)

    alice_client.post(reverse("resumes:import_discard", args=[draft.pk]))

    assert not ImportDraft.objects.exists()
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.json", b'{"basics": {"name": 42}}', "$.basics.name"),
        ("cv.json", b'{"work": [', "line 1"),
        ("cv.json", b"[" * 5000, "nested"),
        ("cv.docx", b"this is not a word file", "not a Word document"),
        ("papers.bib", b"@article{key,\n title = {Open\n", "line"),
        ("cv.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
    ],
)
def test_bad_upload_shows_clear_error_and_saves_nothing(alice_client, name, data, message):
    page = upload_import(alice_client, name, data)

    assert page.status_code == 200
    assert message.lower() in _page_text(page).lower()
    assert not ImportDraft.objects.exclude(status=ImportStatus.FAILED).exists()
    assert not ImportDraft.objects.exclude(upload=b"").exists()  # the upload is not kept
    assert not Entry.objects.exists()


def test_upload_returns_at_once_and_a_worker_reads_the_file(alice_client, alice):
    data = shared_path("resumes", "007.jsonresume.json").read_bytes()

    response = alice_client.post(
        reverse("resumes:import_upload"), {"file": SimpleUploadedFile("r.json", data)}
    )
    draft = ImportDraft.objects.get(owner=alice)
    waiting = alice_client.get(response["Location"]).content.decode()
    poll = alice_client.get(response["Location"], headers={"HX-Request": "true"})
    read_import_task.apply(kwargs={"draft_id": draft.pk})  # what the worker runs
    read_import_task.apply(kwargs={"draft_id": draft.pk})  # a second delivery changes nothing
    done_poll = alice_client.get(response["Location"], headers={"HX-Request": "true"})
    preview = alice_client.get(response["Location"])

    # The request kept the file and read nothing: the review waits for the worker.
    assert (draft.status, draft.document, bytes(draft.upload)) == ("reading", {}, data)
    assert 'hx-trigger="every 1s"' in waiting
    assert "Reading r.json" in waiting
    assert "every 1s" in poll.content.decode()
    assert "<html" not in poll.content.decode()  # only the waiting part is swapped
    assert done_poll["HX-Refresh"] == "true"
    assert len(preview.context["rows"]) > 0
    draft.refresh_from_db()
    assert (draft.status, bytes(draft.upload)) == ("", b"")


def test_a_draft_still_being_read_cannot_be_confirmed(alice_client, alice):
    alice_client.post(
        reverse("resumes:import_upload"),
        {"file": SimpleUploadedFile("r.json", b'{"work": [{"name": "Lab", "position": "RA"}]}')},
    )
    draft = ImportDraft.objects.get(owner=alice)

    response = alice_client.post(reverse("resumes:import_confirm", args=[draft.pk]))

    assert response["Location"] == draft.get_absolute_url()
    assert not Entry.objects.exists()


def test_upload_with_the_work_queue_down_says_so_and_keeps_nothing(
    alice_client, alice, monkeypatch
):
    from resumes import services

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(read_import_task, "apply_async", broker_down)
    alice_client.post(
        reverse("resumes:import_upload"),
        {"file": SimpleUploadedFile("r.json", b'{"work": [{"name": "Lab", "position": "RA"}]}')},
    )
    draft = ImportDraft.objects.get(owner=alice)
    assert services.publish_import_read(draft.pk) is False  # what the commit hook runs

    page = _page_text(alice_client.get(draft.get_absolute_url()))
    draft.refresh_from_db()
    assert "work queue is out of reach" in page
    assert (draft.status, bytes(draft.upload)) == ("failed", b"")


def test_a_new_upload_clears_imports_that_could_not_be_read(alice_client, alice):
    upload_import(alice_client, "cv.json", b'{"work": [')
    upload_import(alice_client, "cv.json", b'{"work": [')

    assert ImportDraft.objects.filter(owner=alice).count() == 1


def test_twenty_megabyte_upload_is_refused_quickly(alice_client):
    started = time.process_time()
    response = upload_import(alice_client, "huge.json", b" " * (20 * 1024 * 1024))

    assert time.process_time() - started < 1.0
    assert "the limit is 5 MB" in " ".join(response.context["form"].errors["file"])


def test_zip_bomb_docx_is_refused(alice_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))

    page = upload_import(alice_client, "cv.docx", buffer.getvalue())

    assert "the DOCX file" in _page_text(page)
    assert not ImportDraft.objects.filter(status=ImportStatus.READY).exists()
    assert not Entry.objects.exists()


def test_import_command_is_all_or_nothing_and_names_the_problem(alice, tmp_path):
    bad = tmp_path / "cv.json"
    bad.write_text(json.dumps({"work": [{"name": "Lab", "position": "RA"}, {"startDate": 5}]}))

    with pytest.raises(CommandError, match=r"\$\.work\[1\]\.startDate"):
        call_command("import_inventory", str(bad), user="alice")

    assert not Entry.objects.exists()


def test_import_command_format_overrides_the_guess(alice, tmp_path):
    bibtex = tmp_path / "papers.txt"  # no telling extension: content decides, or --format
    bibtex.write_text("@article{k, title={Sharp bounds}, author={Lindqvist, Maya}, year={2021}}")

    with pytest.raises(CommandError, match=r"(?i)json"):
        call_command("import_inventory", str(bibtex), user="alice", format="jsonresume")
    assert not Entry.objects.exists()
    call_command("import_inventory", str(bibtex), user="alice", format="bibtex")

    assert list(Entry.objects.values_list("kind", "title")) == [("publication", "Sharp bounds")]


def test_import_command_replace_swaps_the_inventory(alice):
    make_entry(alice, title="Typed in by hand")
    source = str(shared_path("resumes", "009.yaml"))

    call_command("import_inventory", source, user="alice")
    kept = Entry.objects.filter(owner=alice).count()
    call_command("import_inventory", source, user="alice", replace=True)

    assert Entry.objects.filter(owner=alice, title="Typed in by hand").exists() is False
    assert 1 < Entry.objects.filter(owner=alice).count() == kept - 1


def test_import_command_unknown_user(db, tmp_path):
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("import_inventory", str(tmp_path / "x.json"), user="nobody")


def test_export_command_round_trips_through_import(alice, bob, tmp_path):
    call_command(
        "import_inventory", str(shared_path("resumes", "002.jsonresume.json")), user="alice"
    )
    out = tmp_path / "alice.json"

    call_command("export_inventory", user="alice", format="jsonresume", out=out)
    call_command("import_inventory", str(out), user="bob")

    def snapshot(owner):
        return sorted(
            Entry.objects.filter(owner=owner).values_list("kind", "title", "start", "end", "venue")
        )

    assert snapshot(bob) == snapshot(alice)
    assert Skill.objects.filter(owner=bob).count() == Skill.objects.filter(owner=alice).count()


def test_export_view_downloads_valid_json_resume(alice_client, alice):
    make_entry(alice, title="Research fellow", start="2020-01")

    response = alice_client.get(reverse("resumes:export_json_resume"))

    document = json.loads(response.content)
    validate_json_resume(document)  # raises, naming the path, on any schema violation
    assert response["Content-Disposition"] == 'attachment; filename="resume.json"'
    assert document["work"][0]["position"] == "Research fellow"
