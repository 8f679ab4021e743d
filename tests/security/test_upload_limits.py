"""Every file upload has a cap, and any request body over 25 MB is refused unread (413)."""

from __future__ import annotations

import inspect
import io
import sys

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

import resumes.forms
import tracker.forms
from resumes.models import ImportDraft
from tracker.models import Application, CsvImport

MB = 1024 * 1024
# URL name → (the form class behind it, the model a successful upload would create, its
# cap in MB).
UPLOADS = {
    "resumes:import_upload": (resumes.forms.ImportUploadForm, ImportDraft, 5),
    "tracker:import_upload": (tracker.forms.CsvUploadForm, CsvImport, 5),
    "tracker:import_account": (tracker.forms.AccountImportForm, Application, 20),
}


def _forms_with_file_fields() -> set[type]:
    found = set()
    for module in (tracker.forms, resumes.forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                fields = cls.base_fields.values()
                if any(isinstance(field, forms.FileField) for field in fields):
                    found.add(cls)
    return found


def test_every_form_that_takes_a_file_is_covered_here():
    assert _forms_with_file_fields() == {form for form, _, _ in UPLOADS.values()}


@pytest.mark.parametrize("url_name", sorted(UPLOADS))
def test_upload_over_the_form_cap_gets_a_clear_message(url_name, alice_client):
    _, model, cap = UPLOADS[url_name]
    upload = SimpleUploadedFile("big.csv", b"a,b\n" * ((cap + 1) * MB // 4), "text/csv")

    response = alice_client.post(reverse(url_name), {"file": upload})

    assert response.status_code == 200
    assert f"the limit is {cap} MB" in response.content.decode()
    assert model.objects.count() == 0


@pytest.mark.parametrize("url_name", sorted(UPLOADS))
def test_thirty_megabyte_upload_is_refused_with_413(url_name, alice_client):
    _, model, _ = UPLOADS[url_name]
    upload = SimpleUploadedFile("huge.csv", b"x" * (30 * MB), "text/csv")

    response = alice_client.post(reverse(url_name), {"file": upload})

    assert response.status_code == 413
    assert "at most 25 MB" in response.content.decode()
    assert "content-security-policy" in response.headers
    assert model.objects.count() == 0


class CountingBody(io.RawIOBase):
    """A request body of `size` bytes produced on demand, counting what the server reads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.consumed)
        buffer[:n] = b"x" * n
        self.consumed += n
        return n


def _wsgi_post(path: str, body: CountingBody, client) -> str:
    client.get(path)  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": csrf,
        "CONTENT_TYPE": "multipart/form-data; boundary=xxxxxxxx",
        "CONTENT_LENGTH": str(body.size),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    # As Django's test client does: keep the test's database connection (and transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.parametrize("url_name", sorted(UPLOADS))
def test_oversized_body_is_refused_without_reading_it(url_name, alice_client):
    body = CountingBody(30 * MB)

    status = _wsgi_post(reverse(url_name), body, alice_client)

    assert status == "413 Request Entity Too Large"
    assert body.consumed == 0


def test_body_just_under_the_cap_is_read_as_usual(alice_client):
    body = CountingBody(24 * MB)

    status = _wsgi_post(reverse("resumes:import_upload"), body, alice_client)

    assert status != "413 Request Entity Too Large"
    assert body.consumed > 0


def test_cap_follows_the_setting(alice_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1 * MB
    upload = SimpleUploadedFile("two.json", b" " * (2 * MB), "application/json")

    response = alice_client.post(reverse("resumes:import_upload"), {"file": upload})

    assert response.status_code == 413
    assert "at most 1 MB" in response.content.decode()
