"""Posting capture from a URL, against a real HTTP server on loopback."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from resumes import posting_fetch, services
from resumes.models import Posting
from resumes.posting_fetch import FetchFailed, fetch_posting, html_to_text
from resumes.tasks import fetch_posting_task

JSON_LD_PAGE = """<!doctype html><html><head><title>Careers</title>
<script type="application/ld+json">{}</script></head>
<body><nav>Home Jobs</nav><p>Cookie banner</p></body></html>""".format(
    json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "Organization", "name": "Quiver Labs"},
                {
                    "@type": "JobPosting",
                    "title": "ML Performance Engineer",
                    "hiringOrganization": {"@type": "Organization", "name": "Quiver Labs"},
                    "description": "<p>You will:</p><ul><li>Profile CUDA kernels</li>"
                    "<li>Write Triton</li></ul><script>alert(1)</script>",
                },
            ],
        }
    ).replace("</", "<\\/")  # as sites do, so the description cannot close the script
)
NO_DESCRIPTION_PAGE = """<html><head><title>Jobs</title><script type="application/ld+json">
{"@type": "JobPosting", "title": "Research Engineer", "hiringOrganization": "Lumen Maps"}
</script></head><body><h1>Research Engineer</h1><p>Train ranking models in PyTorch.</p></body>
</html>"""
PLAIN_PAGE = """<!doctype html><html><head><title>Data Scientist - Harbor Mutual</title>
<style>body{color:red}</style><script>var x = 1;</script></head><body>
<nav>Menu</nav><h1>Data Scientist</h1><p>We need <b>SQL</b> and statistics.</p>
<ul><li>Build pricing models</li><li>Run experiments</li></ul></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    hits = 0  # pages served, so a test can tell who fetched
    pages = {
        "/jsonld": JSON_LD_PAGE,
        "/no-description": NO_DESCRIPTION_PAGE,
        "/plain": PLAIN_PAGE,
        "/empty": "<html></html>",
    }

    def do_GET(self):
        type(self).hits += 1
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/plain")
            self.end_headers()
            return
        if self.path == "/drip":  # a byte at a time, never finishing within any deadline
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
            return
        if self.path == "/bogus-charset":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=bogus-xyz")
            self.end_headers()
            self.wfile.write(PLAIN_PAGE.replace("SQL", "SQL – naïvely").encode())
            return
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * (3 * 1024 * 1024))
            return
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_reads_json_ld_job_posting(server):
    fetched = fetch_posting(f"{server}/jsonld", allow_private=True)

    assert (fetched.title, fetched.company, fetched.from_json_ld) == (
        "ML Performance Engineer",
        "Quiver Labs",
        True,
    )
    assert fetched.text == "You will:\n- Profile CUDA kernels\n- Write Triton"


def test_json_ld_without_description_takes_the_page_text(server):
    fetched = fetch_posting(f"{server}/no-description", allow_private=True)

    assert (fetched.title, fetched.company) == ("Research Engineer", "Lumen Maps")
    assert "Train ranking models in PyTorch." in fetched.text


def test_a_server_that_drips_is_cut_off_at_the_deadline(server, monkeypatch):
    monkeypatch.setattr(posting_fetch, "TOTAL_SECONDS", 1)
    started = time.monotonic()

    with pytest.raises(FetchFailed, match="took longer than 1 s"):
        fetch_posting(f"{server}/drip", allow_private=True)

    assert time.monotonic() - started < 3  # each byte came well within the read timeout


def test_a_name_that_resolves_private_at_connect_time_is_refused(server, monkeypatch):
    # DNS rebinding needs a second lookup that answers differently: there is only one, the
    # connection's own, and it is what gets checked.
    port = int(server.rsplit(":", 1)[1])
    lookups = []

    def resolver(host, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)

    with pytest.raises(FetchFailed, match="private network"):
        fetch_posting(f"http://jobs.rebind.test:{port}/plain", allow_private=False)
    assert lookups == ["jobs.rebind.test"]


def test_fetch_without_json_ld_takes_main_text(server):
    fetched = fetch_posting(f"{server}/plain", allow_private=True)

    assert fetched.from_json_ld is False
    assert fetched.title == "Data Scientist - Harbor Mutual"
    assert "We need SQL and statistics." in fetched.text
    assert "- Build pricing models" in fetched.text
    assert "var x" not in fetched.text
    assert "color:red" not in fetched.text
    assert "Menu" not in fetched.text


def test_fetch_reads_a_page_in_an_unknown_charset_as_utf8(server):
    fetched = fetch_posting(f"{server}/bogus-charset", allow_private=True)

    assert "We need SQL – naïvely and statistics." in fetched.text


def test_fetch_follows_redirects(server):
    assert "Data Scientist" in fetch_posting(f"{server}/redirect", allow_private=True).text


def test_fetch_refuses_loopback_and_private_addresses(server):
    for url in (
        f"{server}/plain",
        "http://10.0.0.8/job",
        "http://[::1]/job",
        "http://169.254.169.254/latest/meta-data",
    ):
        with pytest.raises(FetchFailed, match="private network"):
            fetch_posting(url, allow_private=False)


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "404"), ("/huge", "larger than 2 MB"), ("/empty", "no readable text")],
)
def test_fetch_failures_say_why(server, path, message):
    with pytest.raises(FetchFailed, match=message):
        fetch_posting(f"{server}{path}", allow_private=True)


def test_fetch_refuses_other_schemes():
    with pytest.raises(FetchFailed, match="http:// or https://"):
        fetch_posting("file:///etc/passwd", allow_private=True)


def test_html_to_text_leaves_plain_text_alone():
    assert html_to_text("Plain text, no tags") == "Plain text, no tags"


def test_posting_view_returns_at_once_and_a_worker_fetches(server, alice_client, alice, settings):
    settings.POSTING_FETCH_ALLOW_PRIVATE = True
    _Handler.hits = 0

    response = alice_client.post(reverse("resumes:posting_create"), {"url": f"{server}/jsonld"})
    posting = Posting.objects.get(owner=alice)
    waiting = alice_client.get(posting.get_absolute_url()).content.decode()

    # The request saved the address and nothing else: no page was fetched by the web worker.
    assert response.status_code == 302
    assert (posting.fetch_status, posting.text, _Handler.hits) == ("fetching", "", 0)
    assert 'hx-trigger="every 1s"' in waiting
    assert "Fetching the posting from" in waiting

    fetch_posting_task.apply(kwargs={"posting_id": posting.pk})  # what the worker runs

    posting.refresh_from_db()
    done = alice_client.get(
        posting.get_absolute_url(), headers={"HX-Request": "true", "HX-Target": "posting-body"}
    ).content.decode()
    assert (posting.title, posting.company, posting.source, posting.fetch_status) == (
        "ML Performance Engineer",
        "Quiver Labs",
        "url",
        "",
    )
    assert _Handler.hits == 1
    assert "every 1s" not in done
    assert "Build the résumé" in done


def test_posting_fetch_that_fails_says_why_and_can_be_tried_again(
    server, alice_client, alice, settings
):
    settings.POSTING_FETCH_ALLOW_PRIVATE = True
    alice_client.post(reverse("resumes:posting_create"), {"url": f"{server}/missing"})
    posting = Posting.objects.get(owner=alice)

    fetch_posting_task.apply(kwargs={"posting_id": posting.pk})
    page = alice_client.get(posting.get_absolute_url()).content.decode()
    again = alice_client.post(reverse("resumes:posting_refetch", args=[posting.pk]))

    assert "The posting could not be fetched" in page
    assert "404" in page
    assert again.status_code == 302
    posting.refresh_from_db()
    assert (posting.fetch_status, posting.fetch_error) == ("fetching", "")


def test_posting_fetch_run_twice_fetches_once(server, alice, settings):
    settings.POSTING_FETCH_ALLOW_PRIVATE = True
    posting = services.capture_posting(user=alice, url=f"{server}/jsonld")
    _Handler.hits = 0

    services.run_posting_fetch(posting_id=posting.pk)
    services.run_posting_fetch(posting_id=posting.pk)

    assert _Handler.hits == 1


def test_posting_view_refuses_private_url_by_default(server, alice_client, alice):
    response = alice_client.post(reverse("resumes:posting_create"), {"url": f"{server}/jsonld"})

    assert response.status_code == 200
    assert "private network" in response.content.decode()
    assert not Posting.objects.exists()
