"""Real processes for integration tests: a private redis-server, a real Celery worker on
the test database, and the web side's Celery app pointed at either.

Every process is started by the test that needs it and killed at teardown, pass or fail.
The machine's shared Redis on 6379 is never touched: each test gets its own port.

Fixtures for reuse (digest, fault and load tests):

- `redis_server` -> RedisServer: `.url`, `.stop()`, `.start()` (same port), `.ping()`.
- `start_worker(**env)` -> CeleryWorker: a `celery worker --pool prefork --concurrency 1`
  on `redis_server`, the test database and this test's MEDIA_ROOT; extra keyword
  arguments become environment variables (`RESUME_BUILD_DELAY_SECONDS=3`). Returns once
  the worker logs "ready". `.pool_children()`, `.log()`, `.wait_for_log(text)`.
- `celery_worker`: `start_worker()` with no extra environment.
- `web_broker(url)`: a context manager pointing this process's `config.celery_app` at a
  broker URL (fresh connection pools on the way in and out); `web_on_private_redis`
  applies it to `redis_server` for the whole test.
- `silent_redis` -> str: the URL of a socket that accepts connections and never answers.
- `wait_for(predicate, timeout=...)`: poll until true, else fail with the description.
- `deadline(seconds, what)`: fail (not hang) when a block takes longer, e.g. a request
  against a hung broker.

Tests using the worker need `@pytest.mark.django_db(transaction=True)`: rows must be
committed for the worker to see them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
from django.conf import settings as django_settings
from django.db import connection

from config import celery_app

REPO = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
WORKER_START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(
    predicate: Callable[[], object], *, timeout: float, interval: float = 0.05, what: str = ""
) -> object:
    """Poll `predicate` until it returns something truthy; fail the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what or predicate}")
        time.sleep(interval)


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


def _terminate(process: subprocess.Popen, *, grace: float = 5.0) -> None:
    """Kill a process started in its own session, and everything it forked."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)


class RedisServer:
    """A redis-server of our own, without persistence, on a port nobody else uses."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        wait_for(self.ping, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """Stop it the hard way (a crash, not a shutdown), so the port refuses at once."""
        if self.process is not None:
            _terminate(self.process)

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class CeleryWorker:
    """`celery -A config worker --pool prefork --concurrency 1` in its own session."""

    def __init__(self, process: subprocess.Popen, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, text: str, *, timeout: float = 20.0) -> None:
        def seen() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"The worker exited ({self.process.returncode}):\n{self.log()}")
            return text in self.log()

        wait_for(seen, timeout=timeout, what=f"{text!r} in the worker log")

    def pool_children(self) -> list[int]:
        """Pids of the prefork pool's processes (children of the main worker process)."""
        return _children(self.process.pid)

    def stop(self) -> None:
        _terminate(self.process)


def _children(pid: int) -> list[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.update(int(child) for child in (task / "children").read_text().split())
    return sorted(found)


def database_url() -> str:
    """A URL for the database this test process uses (pytest-django's test database)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("Integration tests share the test database with a worker: PostgreSQL only")
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def start_worker(
    redis_server: RedisServer, transactional_db, tmp_path: Path
) -> Iterator[Callable[..., CeleryWorker]]:
    workers: list[CeleryWorker] = []

    def start(**extra_env: object) -> CeleryWorker:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("CELERY_") and key != "PYTEST_XDIST_WORKER"
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url(),
            REDIS_URL=redis_server.url,
            MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
            SECRET_KEY=django_settings.SECRET_KEY,
            HTTPS="false",
            PYTHONUNBUFFERED="1",
            **{key: str(value) for key, value in extra_env.items()},
        )
        log_path = tmp_path / f"worker-{len(workers)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker",
                 "--pool", "prefork", "--concurrency", "1", "-l", "INFO",
                 # Nothing to synchronise with: one worker on a private broker.
                 "--without-mingle", "--without-gossip", "--without-heartbeat",
                 "-n", f"integration-{redis_server.port}-{len(workers)}@%h"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        worker = CeleryWorker(process, log_path)
        workers.append(worker)
        worker.wait_for_log(" ready.", timeout=WORKER_START_TIMEOUT)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
            # Shown by pytest only when the test failed.
            print(f"--- {worker.log_path.name} (last 60 lines) ---")
            print("\n".join(worker.log().splitlines()[-60:]))


@pytest.fixture
def celery_worker(start_worker: Callable[..., CeleryWorker]) -> CeleryWorker:
    return start_worker()


def _reset_broker_pools() -> None:
    # The app caches a connection pool and a producer pool for the URL it first saw;
    # kombu keeps global pools keyed by connection. Drop them all so the next publish
    # connects afresh to whatever `broker_url` now says.
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
