"""Real processes for integration tests and benchmarks: a private redis-server and a
Celery worker, each in its own session so that killing it kills everything it forked.

No pytest here: bench/build_latency.py starts the same processes. tests/integration/
conftest.py wraps them in fixtures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
WORKER_START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for[T](
    predicate: Callable[[], T], *, timeout: float, interval: float = 0.05, what: str = ""
) -> T:
    """Poll `predicate` until it returns something truthy, and return that.

    Raises AssertionError after `timeout`, so a test fails (rather than errors) and says
    what it was waiting for.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def terminate(process: subprocess.Popen, *, grace: float = 5.0) -> None:
    """SIGKILL a process started with `start_new_session=True`, and all it forked."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)


def children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc (every thread's list: any thread may fork)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.update(int(child) for child in (task / "children").read_text().split())
    return sorted(found)


def postgres_url(db: Mapping[str, str]) -> str:
    """A DATABASE_URL for a Django PostgreSQL settings dict (to hand to another process)."""
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


class RedisServer:
    """A redis-server of our own, without persistence, on a port nobody else uses."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        if REDIS_SERVER is None:
            raise RuntimeError("redis-server is not installed")
        self.port = port or free_port()
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        """Start (or start again, on the same port, empty)."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("redis-server is already running")
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_for(self.ping, timeout=10, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Kill it (a crash, not a shutdown): the port refuses connections at once."""
        if self.process is not None:
            terminate(self.process)

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

    @classmethod
    def start(
        cls, *, broker_url: str, env: Mapping[str, str], log_path: Path, name: str
    ) -> CeleryWorker:
        """Start a worker on `broker_url` and return once it is consuming.

        `env` adds to (and overrides) this process's environment: the database
        (DATABASE_URL, or SQLITE_PATH with DATABASE_URL=""), MEDIA_ROOT, SECRET_KEY and
        any setting read from the environment, such as RESUME_BUILD_DELAY_SECONDS.
        """
        full_env = {
            key: value
            for key, value in os.environ.items()
            # CELERY_BROKER_URL in the environment would override REDIS_URL.
            if not key.startswith("CELERY_")
        }
        full_env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            REDIS_URL=broker_url,
            HTTPS="false",
            PYTHONUNBUFFERED="1",
        )
        full_env.update(env)
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker",
                 "--pool", "prefork", "--concurrency", "1", "-l", "INFO",
                 # Nothing to synchronise with: one worker on a private broker.
                 "--without-mingle", "--without-gossip", "--without-heartbeat",
                 "-n", f"{name}@%h"],
                cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        worker = cls(process, log_path)
        try:
            worker.wait_for_log(" ready.", timeout=WORKER_START_TIMEOUT)
        except BaseException:
            worker.stop()
            raise
        return worker

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, text: str, *, timeout: float = 20.0) -> None:
        def seen() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited ({self.process.returncode}):\n{self.log()}")
            return text in self.log()

        wait_for(seen, timeout=timeout, what=f"{text!r} in the worker log")

    def pool_children(self) -> list[int]:
        """Pids of the prefork pool's processes (the main worker process's children)."""
        return children(self.process.pid)

    def stop(self) -> None:
        terminate(self.process)
