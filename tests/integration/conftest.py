"""Fixtures with real processes: a private redis-server, a real Celery worker on the test
database, and the web side's Celery app pointed at either.

Every process is started by the test that needs it and killed at teardown, pass or fail.
The machine's shared Redis on 6379 is never touched: each test gets its own port.

For reuse (digest, fault and load tests):

- `redis_server` -> RedisServer: `.url`, `.stop()` (a crash), `.start()` (same port,
  empty), `.ping()`.
- `start_worker(**env)` -> CeleryWorker: `celery -A config worker --pool prefork
  --concurrency 1` on `redis_server`, the test database and this test's MEDIA_ROOT;
  keyword arguments become environment variables (`RESUME_BUILD_DELAY_SECONDS=3`).
  Returns once the worker logs "ready". `.pool_children()`, `.log()`,
  `.wait_for_log(text)`, `.stop()`. Its log is printed at teardown (shown on failure).
- `celery_worker`: `start_worker()` with nothing extra.
- `web_broker(url)`: context manager pointing this process's `config.celery_app` (what
  views and services publish with) at a broker URL, with fresh connection pools on the
  way in and out; `web_on_private_redis` does it for `redis_server` for the whole test.
- `postgres_server` -> PostgresServer: a PostgreSQL cluster of its own on a free port
  (never the machine's shared one, where the test database lives): `.url(database)`,
  `.create_database(name)`, `.stop("crash" | "fast")`, `.start()` (same port, same data),
  `.restart(mode)`, `.ping()`. Run as the `postgres` user when the tests run as root.
- `silent_redis` -> str: the URL of a socket that accepts connections and never answers.
- `deadline(seconds, what)`: fail (not hang) when a block takes longer, e.g. a request
  against a hung broker.

`tests.integration.processes` holds the processes themselves (RedisServer, PostgresServer,
CeleryWorker, Gunicorn, `wait_for(predicate, timeout=..., what=...)`) without pytest, for
benchmarks too.

Tests using the worker need `@pytest.mark.django_db(transaction=True)`: rows must be
committed for the worker to see them. PostgreSQL only (pytest-django's SQLite test
database lives in memory, where no other process can see it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings as django_settings
from django.db import connection

from config import celery_app
from tests.integration.processes import (
    REDIS_SERVER,
    CeleryWorker,
    PostgresServer,
    RedisServer,
    postgres_missing,
    postgres_url,
)


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Fail the test if the block runs longer than `seconds`, instead of hanging the suite.

    SIGALRM interrupts even a blocking socket read; the failure is a BaseException, so no
    `except Exception` (or `except OSError`) on the way can swallow it.
    """

    def expire(signum: int, frame: object) -> None:
        pytest.fail(f"{what} took longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def show_log_tail(log: Path, lines: int = 60) -> None:
    """Print the end of a process's log: pytest shows it only when the test failed."""
    text = log.read_text(errors="replace").splitlines() if log.exists() else []
    print(f"--- {log.name} (last {lines} lines) ---", *text[-lines:], sep="\n")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_server(tmp_path: Path) -> Iterator[PostgresServer]:
    if missing := postgres_missing():
        pytest.skip(missing)
    server = PostgresServer(tmp_path / "postgres.log")
    try:
        yield server.start()
    finally:
        server.remove()
        show_log_tail(server.log_path)


@pytest.fixture
def start_worker(
    redis_server: RedisServer, transactional_db, tmp_path: Path
) -> Iterator[Callable[..., CeleryWorker]]:
    if connection.vendor != "postgresql":
        pytest.skip("A worker shares the test database only on PostgreSQL")
    workers: list[CeleryWorker] = []
    logs: list[Path] = []

    def start(**extra_env: object) -> CeleryWorker:
        env = {
            "DATABASE_URL": postgres_url(connection.settings_dict),
            "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "SECRET_KEY": django_settings.SECRET_KEY,
            **{key: str(value) for key, value in extra_env.items()},
        }
        logs.append(tmp_path / f"worker-{len(logs)}.log")
        worker = CeleryWorker.start(
            broker_url=redis_server.url,
            env=env,
            log_path=logs[-1],
            name=f"integration-{redis_server.port}-{len(logs)}",
        )
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
        for log in logs:
            show_log_tail(log)


@pytest.fixture
def celery_worker(start_worker: Callable[..., CeleryWorker]) -> CeleryWorker:
    return start_worker()


def _reset_broker_pools() -> None:
    # The app caches a connection pool and a producer pool for the URL it first saw, and
    # kombu keeps global pools keyed by connection. Drop them all so that the next
    # publish connects afresh to whatever `broker_url` says now.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def web_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (the web side: views, services) at `url`."""
    saved_env = os.environ.pop("CELERY_BROKER_URL", None)  # it would override the conf
    previous = celery_app.conf.broker_url
    _reset_broker_pools()
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        _reset_broker_pools()
        celery_app.conf.broker_url = previous
        if saved_env is not None:
            os.environ["CELERY_BROKER_URL"] = saved_env


@pytest.fixture
def web_on_private_redis(redis_server: RedisServer) -> Iterator[RedisServer]:
    with web_broker(redis_server.url):
        yield redis_server


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A server that accepts connections and never answers: a hung Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_ignore() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)  # kept open, never read, never answered

    thread = threading.Thread(target=accept_and_ignore, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()
        listener.close()
