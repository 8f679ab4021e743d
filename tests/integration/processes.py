"""Real processes for integration tests and benchmarks: a private redis-server, a private
PostgreSQL cluster, a Celery worker and gunicorn, each in its own session so that killing
it kills everything it forked.

No pytest here: bench/build_latency.py and bench/load_test.py start the same processes.
tests/integration/conftest.py wraps them in fixtures.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import psycopg

REPO = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
WORKER_START_TIMEOUT = 30.0


def _postgres_bin() -> Path | None:
    """Where initdb and postgres are: on PATH, or Debian's newest /usr/lib/postgresql/<v>/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = [
        initdb.parent
        for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if initdb.parents[1].name.isdigit()
    ]
    return max(versions, key=lambda path: int(path.parent.name), default=None)


POSTGRES_BIN = _postgres_bin()


def postgres_missing() -> str:
    """Why a private PostgreSQL cluster cannot be started here, or "" when it can."""
    if POSTGRES_BIN is None:
        return "PostgreSQL's server binaries (initdb, postgres) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no postgres user to run initdb as"
    return ""


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


class PostgresServer:
    """A PostgreSQL cluster of our own on a free loopback port, to stop and start at will.

    The machine's shared cluster holds the test session's own database and is never
    touched. initdb and postgres refuse to run as root: as root they run as the `postgres`
    user, in a data directory made outside pytest's private (0700) temporary directories.
    No durability (fsync off): a crash loses nothing a test needs, and it starts faster.
    """

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        if missing := postgres_missing():
            raise RuntimeError(missing)
        self.port = port or free_port()
        self.log_path = log_path
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="reframe-postgres-"))
        if self.owner is not None:
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        self.data = self.root / "data"
        self.process: subprocess.Popen | None = None
        initdb = self._spawn([POSTGRES_BIN / "initdb", "-D", self.data, "-U", "postgres",
                              "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
                              "--no-instructions"])  # fmt: skip
        if initdb.wait(timeout=60) != 0:
            shutil.rmtree(self.root, ignore_errors=True)
            raise RuntimeError(f"initdb failed:\n{self.log()}")

    def _spawn(self, command: list[object]) -> subprocess.Popen:
        """Start `command` as the cluster's owner, in its own session, logging to log_path."""
        as_owner = {}
        if self.owner is not None:
            as_owner = {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []}
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                [str(part) for part in command], cwd=self.root, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, **as_owner,
            )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        """Start (or start again, on the same port, with the same data)."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("postgres is already running")
        self.process = self._spawn([POSTGRES_BIN / "postgres", "-D", self.data,
                                    "-p", self.port, "-c", "listen_addresses=127.0.0.1",
                                    "-k", self.data, "-c", "fsync=off",
                                    "-c", "full_page_writes=off"])  # fmt: skip
        wait_for(self._ready, timeout=30, what=f"PostgreSQL on port {self.port}")
        return self

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"postgres exited ({self.process.returncode}):\n{self.log()}")
        return self.ping()

    def stop(self, mode: Literal["crash", "fast"] = "crash") -> None:
        """Stop it; the port refuses connections at once either way.

        "crash": SIGKILL to the postmaster and every backend (no checkpoint, no goodbye to
        clients; the next start replays the WAL). "fast": PostgreSQL's own fast shutdown,
        as `pg_ctl stop` does it: clients are disconnected, a checkpoint is written.
        """
        if self.process is None:
            return
        if mode == "crash":
            terminate(self.process)
        else:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)

    def restart(self, mode: Literal["crash", "fast"] = "fast") -> PostgresServer:
        """Stop and start again: with "fast", what `pg_ctl restart` does."""
        self.stop(mode)
        return self.start()

    def remove(self) -> None:
        """Kill it and delete its data."""
        self.stop("crash")
        shutil.rmtree(self.root, ignore_errors=True)

    def ping(self) -> bool:
        try:
            with psycopg.connect(self.url(), connect_timeout=1) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        return self.url(name)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


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


class Gunicorn:
    """`gunicorn config.wsgi:application` with sync workers (as the container runs it) on a
    free loopback port, in its own session. Returns once /healthz answers 200."""

    def __init__(self, log_path: Path, *, env: Mapping[str, str], workers: int = 3) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
                cwd=REPO, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            wait_for(self._healthy, timeout=30, what=f"gunicorn on port {self.port}")
        except BaseException:
            self.stop()
            raise

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log()}")
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the workers (not the arbiter)."""
        ticks = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        terminate(self.process)
