"""Uploading a file to the inventory import as a person does, with the worker's part run."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resumes.models import ImportDraft, ImportStatus
from resumes.tasks import read_import_task


def upload_import(client: Client, name: str, data: bytes, fmt: str = ""):
    """Post the file, run the read the upload queued (what a worker does), and return the
    page the person then sees: the review, the reason it failed, or the form again."""
    response = client.post(
        reverse("resumes:import_upload"),
        {"file": SimpleUploadedFile(name, data, "application/octet-stream"), "format": fmt},
    )
    for draft_id in ImportDraft.objects.filter(status=ImportStatus.READING).values_list(
        "pk", flat=True
    ):
        read_import_task.apply(kwargs={"draft_id": draft_id})
    if response.status_code == 302:
        return client.get(response["Location"])
    return response
