"""PostgreSQL restarted while requests arrive, against gunicorn run as the container runs it.

While the database is away every request is answered at once, with a clean 503: a short
page for people, JSON saying the database is down for /healthz. When it is back, the same
gunicorn workers answer 200 again within seconds, to a session that is still signed in
(sessions live in the database and outlive its restart).

The cluster is a private one (`postgres_server`), crashed and started at will; the
machine's shared PostgreSQL, where the test database lives, is never touched.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.integration.conftest import deadline, show_log_tail
from tests.integration.processes import REPO, Gunicorn, PostgresServer, wait_for
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.integration

PAGES = ["/applications/", "/board/", "/dashboard/"]
HEALTH = "/healthz"
# A refused connection fails in milliseconds: a request that takes a second waited on
# something (the 5 s connect_timeout, a hung worker).
PROMPT_SECONDS = 1.0
RECOVERY_SECONDS = 5.0
OUTAGE_SECONDS = 2.0


@dataclass(frozen=True)
class Answer:
    path: str
    sent_at: float  # time.monotonic()
    seconds: float
    status: int
    body: str
    headers: dict[str, str]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None  # a redirect to the log-in page must show as a 302, not as its 200


class Browser:
    """A cookie jar over HTTP that follows no redirects and keeps every answer."""

    def __init__(self, base_url: str, *, cookies: bool = True) -> None:
        self.base_url = base_url
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if cookies:
            handlers.append(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        sent_at = time.monotonic()
        try:
            response = self.opener.open(self.base_url + path, data=data, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read().decode(errors="replace")
        return Answer(
            path, sent_at, time.monotonic() - sent_at, response.status, body,
            dict(response.headers.items()),
        )  # fmt: skip

    def log_in(self, username: str, password: str) -> None:
        form = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1]
        fields = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        answer = self.request("/accounts/login/", fields)
        assert (answer.status, answer.headers["Location"]) == (302, "/")


class Traffic:
    """A signed-in person going round PAGES, and a load balancer polling /healthz without
    cookies, each in a thread of its own, until the block ends."""

    def __init__(self, person: Browser, probe: Browser) -> None:
        self.answers: list[Answer] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._ask, args=(person, PAGES), daemon=True),
            threading.Thread(target=self._ask, args=(probe, [HEALTH]), daemon=True),
        ]

    def _ask(self, browser: Browser, paths: list[str]) -> None:
        try:
            while not self._stop.is_set():
                for path in paths:
                    self.answers.append(browser.request(path))
                    time.sleep(0.02)
        except BaseException as error:  # reported by the test, not lost in a thread
            self.errors.append(error)

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=15)

    def sent_between(self, start: float, end: float = float("inf")) -> list[Answer]:
        return [answer for answer in list(self.answers) if start <= answer.sent_at < end]

    def healthy_since(self, start: float) -> float | None:
        """When, after `start`, every page and /healthz began answering 200 (the first of
        an unbroken run of 200s that covers them all), or None if they have not yet."""
        run: list[Answer] = []
        for answer in sorted(self.sent_between(start), key=lambda answer: answer.sent_at):
            run = [*run, answer] if answer.status == 200 else []
            if {answer.path for answer in run} == {*PAGES, HEALTH}:
                return run[0].sent_at
        return None


@pytest.fixture
def site(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Gunicorn]:
    """gunicorn on the private cluster, migrated, with the demo account's applications."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CELERY_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=postgres_server.create_database("reframe"),
        DEBUG="false",
        SECRET_KEY=django_settings.SECRET_KEY,
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        # Pages never enqueue; no broker keeps /healthz about the database alone.
        CELERY_TASK_ALWAYS_EAGER="true",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    for command in (["migrate", "--noinput"], ["load_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
    server = Gunicorn(tmp_path / "gunicorn.log", env=env, workers=3)
    try:
        yield server
    finally:
        server.stop()
        show_log_tail(server.log_path)


@contextlib.contextmanager
def signed_in_traffic(site: Gunicorn) -> Iterator[Traffic]:
    """Traffic from the demo person, once every page has answered 200 to it."""
    person = Browser(site.url)
    person.log_in(DEMO_USERNAME, DEMO_PASSWORD)
    with Traffic(person, Browser(site.url, cookies=False)) as traffic:
        wait_for(lambda: traffic.healthy_since(0), timeout=10, what="every page answering 200")
        yield traffic
    assert traffic.errors == []


def assert_clean_outage(answers: list[Answer]) -> None:
    """Each answer a prompt 503: the short page for people, JSON for /healthz."""
    pages = [answer for answer in answers if answer.path in PAGES]
    health = [answer for answer in answers if answer.path == HEALTH]
    assert {(answer.status, answer.headers["Retry-After"]) for answer in pages} <= {(503, "30")}
    for page in {answer.body for answer in pages}:  # one, the same for every page
        assert "<h1>Reframe is back in a moment</h1>" in page
        assert re.search(r"Traceback|Error|psycopg|127\.0\.0\.1", page) is None
    assert len({answer.body for answer in pages}) <= 1
    down = json.dumps({"database": "down", "broker": "in-process"})
    assert {(answer.status, answer.body) for answer in health} <= {(503, down)}
    assert max(answer.seconds for answer in answers) < PROMPT_SECONDS


def assert_no_server_errors(site: Gunicorn) -> None:
    """Django logged every 503 with its exception, and no 500."""
    log = site.log()
    assert "Internal Server Error" not in log
    assert "[CRITICAL] WORKER TIMEOUT" not in log


def test_database_crash_answers_503_at_once_then_the_same_workers_recover(
    site: Gunicorn, postgres_server: PostgresServer
):
    workers = site.worker_pids()

    with deadline(30, "A database crash and recovery"), signed_in_traffic(site) as traffic:
        postgres_server.stop("crash")
        crashed_at = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        starting_at = time.monotonic()
        postgres_server.start()
        up_at = time.monotonic()
        recovered_at = wait_for(
            lambda: traffic.healthy_since(starting_at),
            timeout=RECOVERY_SECONDS, what="every page answering 200 again",
        )  # fmt: skip
        time.sleep(0.5)  # a few rounds after recovery, all 200

    outage = traffic.sent_between(crashed_at, starting_at)
    print(
        f"outage: {len(outage)} answers {sorted({a.status for a in outage})}, slowest "
        f"{max(a.seconds for a in outage) * 1000:.0f} ms; database start "
        f"{up_at - starting_at:.2f} s; first of all-200 sent {recovered_at - up_at:+.2f} s "
        "after it was ready"
    )
    assert len(outage) > 20  # the traffic kept going through the outage
    assert_clean_outage(outage)
    assert {a.status for a in traffic.sent_between(starting_at, recovered_at)} <= {200, 503}
    assert {a.status for a in traffic.sent_between(recovered_at)} == {200}
    assert site.worker_pids() == workers
    assert_no_server_errors(site)
    assert "Service Unavailable: /applications/" in site.log()


def test_database_fast_restart_answers_503_or_200_then_200(
    site: Gunicorn, postgres_server: PostgresServer
):
    workers = site.worker_pids()

    with deadline(20, "A fast database restart"), signed_in_traffic(site) as traffic:
        restarting_at = time.monotonic()
        postgres_server.restart("fast")  # what `pg_ctl restart` does
        up_at = time.monotonic()
        recovered_at = wait_for(
            lambda: traffic.healthy_since(up_at),
            timeout=RECOVERY_SECONDS, what="every page answering 200 again",
        )  # fmt: skip
        time.sleep(0.5)

    during = traffic.sent_between(restarting_at, up_at)
    print(
        f"fast restart: {up_at - restarting_at:.2f} s, {len(during)} answers during it "
        f"{sorted({a.status for a in during})}; first of all-200 sent "
        f"{recovered_at - up_at:+.2f} s after it was ready"
    )
    if refused := [answer for answer in during if answer.status != 200]:
        assert_clean_outage(refused)
    assert {a.status for a in traffic.sent_between(recovered_at)} == {200}
    assert site.worker_pids() == workers
    assert_no_server_errors(site)
