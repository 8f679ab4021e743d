"""Server errors answer with a short page of Reframe's own, rendered without the database;
a database outage answers 503 with Retry-After, wherever in the request it struck."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client
from django.urls import path

from config import urls as config_urls
from tests.security.walk import inline_code

REFUSED = "connection failed: Connection refused\n\tIs the server running on that host?"


def database_refuses(request: HttpRequest) -> HttpResponse:
    raise OperationalError(REFUSED)


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("the connection is closed")


def bug(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("division by zero in a view")


# This module is the URLconf of the tests marked with it: three failing views, and the
# site's own error handler.
urlpatterns = [
    path("refused/", database_refuses),
    path("closed/", connection_closed),
    path("bug/", bug),
    *config_urls.urlpatterns,
]
handler500 = config_urls.handler500


@pytest.fixture
def client() -> Client:
    # The test client re-raises a view's exception by default; a browser gets the page.
    return Client(raise_request_exception=False)


def _text(response: HttpResponse) -> str:
    return response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/refused/", "/closed/"])
def test_database_error_in_view_is_a_503_page_with_retry_after(client, url):
    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Reframe is back in a moment</h1>" in _text(response)
    assert "Traceback" not in _text(response)
    assert "Connection refused" not in _text(response)


@pytest.mark.urls(__name__)
def test_database_error_is_logged_in_one_line_not_a_traceback(client, caplog):
    # Hundreds of requests may fail while PostgreSQL restarts: one line each, the reason
    # kept. Any other error keeps its traceback (next test).
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/refused/")

    [record] = caplog.records
    assert record.getMessage() == (
        "Service Unavailable: /refused/ (database unavailable: connection failed: "
        "Connection refused Is the server running on that host?)"
    )
    assert record.exc_info is None


@pytest.mark.urls(__name__)
def test_other_error_is_the_500_page(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/bug/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "<h1>Something went wrong on our side</h1>" in _text(response)
    assert "ZeroDivisionError" not in _text(response)
    assert caplog.records[0].exc_info[0] is ZeroDivisionError


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_error_page_renders_without_database_or_inline_code(name):
    # No `db` fixture: a query while rendering would fail this test.
    html = loader.render_to_string(name)

    assert inline_code(html) == []
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html


def test_database_down_while_loading_the_session_is_a_503(alice: User, client, monkeypatch):
    # The first query of a signed-in request is the session's, in a middleware, before
    # any view runs.
    client.force_login(alice)

    def refuse(self: SessionStore) -> dict:
        raise OperationalError(REFUSED)

    monkeypatch.setattr(SessionStore, "load", refuse)
    response = client.get("/applications/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "<h1>Reframe is back in a moment</h1>" in _text(response)
