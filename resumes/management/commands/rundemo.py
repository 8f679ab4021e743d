"""Migrate, load the demo account, and run the web server beside a Celery worker.

With Redis reachable the worker (with an embedded beat) consumes from it; without it,
tasks run inside the web process and a notice says so.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import redis
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from resumes.demo import load_demo_account
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME


def redis_reachable(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def in_process_notice(url: str) -> str | None:
    """What to tell the person when no worker can run: None when Redis answers at `url`."""
    if redis_reachable(url):
        return None
    return (
        f"Notice: Redis is not reachable at {without_password(url)}; background work "
        "(résumé builds, digests) runs inside the web process instead."
    )


def without_password(url: str) -> str:
    """The URL as it may be printed: a password in it becomes ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def port_in_use(addr: str) -> bool:
    """Whether something already listens on host:port (another Reframe, most likely)."""
    host, _, port = addr.rpartition(":")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex((host or "127.0.0.1", int(port))) == 0


def wait_for_port(addr: str, seconds: float = 30.0) -> bool:
    """Whether the web server answered on host:port within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_in_use(addr):
            return True
        time.sleep(0.25)
    return False


class _Stop(Exception):
    """SIGTERM, handled like Ctrl-C: the children are stopped too."""


def _raise_stop(signum, frame) -> None:
    raise _Stop


class Command(BaseCommand):
    help = "Set up the database, load the demo account and run web + worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port for the web server")

    def handle(self, *args, addr: str, **options) -> None:
        # Refused before anything is touched: a second run must not reset the demo account
        # of the one already serving it.
        if port_in_use(addr):
            raise CommandError(
                f"Something already answers on {addr} (is Reframe already running?). "
                "Stop it, or pass --addr host:port."
            )
        self.addr = addr
        call_command("migrate", interactive=False, verbosity=0)
        load_demo_account()
        env = {
            **os.environ,
            "DEBUG": os.environ.get("DEBUG", "true"),
            # The demo's own processes: no production-server advice from runserver, no
            # warning that the worker runs as root in a container.
            "DJANGO_RUNSERVER_HIDE_WARNING": "true",
            "PYTHONWARNINGS": "ignore",
        }
        children: list[subprocess.Popen] = []
        # From the first child on, SIGTERM is handled as Ctrl-C is: the children stop too,
        # however early it comes.
        previous = signal.signal(signal.SIGTERM, _raise_stop)
        try:
            broker = self._start(children, env)
            if not wait_for_port(addr):
                raise CommandError(f"The web server did not start on {addr}.")
            if broker != NO_WORKER and not wait_for_worker():
                self.stdout.write(self.style.WARNING("The worker has not answered yet."))
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nReframe is running at http://{addr}/  ({broker})\n"
                    f"Log in as {DEMO_USERNAME} / {DEMO_PASSWORD}.  Stop with Ctrl-C.\n"
                )
            )
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            self._stop(children)

    def _start(self, children: list[subprocess.Popen], env: dict) -> str:
        """Start the worker (when Redis answers) and the web server; the broker's words."""
        notice = in_process_notice(settings.CELERY_BROKER_URL)
        if notice is None:
            worker = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "--quiet",  # no banner
                "worker",
                "--beat",
                # Warnings and errors only: the address and the login are the last
                # lines the person sees, not forty lines of start-up logs.
                "--loglevel",
                "WARNING",
                "--concurrency",
                "2",
            ]
            children.append(subprocess.Popen(worker, env=env))
            broker = f"Celery worker on {without_password(settings.CELERY_BROKER_URL)}"
        else:
            env["CELERY_TASK_ALWAYS_EAGER"] = "true"
            broker = NO_WORKER
            self.stdout.write(self.style.WARNING(notice))
        web = [sys.executable, "manage.py", "runserver", self.addr, "--noreload"]
        children.append(subprocess.Popen(web, env=env))
        return broker

    @staticmethod
    def _stop(children: list[subprocess.Popen]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


NO_WORKER = "no worker"


def wait_for_worker(seconds: float = 30.0) -> bool:
    """Whether a Celery worker answers a ping within `seconds`."""
    from config.celery import app

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if app.control.ping(timeout=0.5):
                return True
        except Exception:  # the broker not ready either: try again until the deadline
            time.sleep(0.5)
    return False
