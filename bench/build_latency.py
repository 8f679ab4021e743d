"""Click-to-ready latency of résumé builds through Redis and one Celery worker process.

    .venv/bin/python bench/build_latency.py [--builds 50]
        [--database-url postgres://postgres@127.0.0.1:5432/reframe]

Starts everything it needs and removes it afterwards: a private redis-server on a free
port, one worker (`celery -A config worker --pool prefork --concurrency 1`) and a database
of its own: a SQLite file by default, or with --database-url a fresh PostgreSQL database
named `reframe_bench_<pid>` on that server (the named database itself is not touched).

Each build is asked for the way the page asks: a logged-in Django test Client POSTs the
options form to `resumes:build_request`. Options vary so every request is a new build.
Click to ready runs from sending the POST to the row's `finished_at` (the same clock; the
database is polled every 10 ms only to know when to go on); a browser sees the result at
its next poll of the status partial, up to a second later.

Figures, all in this run:
- sequential: one build at a time, p50 and p95 of click to ready, split into the POST,
  the wait in the queue (row created -> claimed) and the build (claimed -> ready);
- throughput: as many builds posted back to back; builds per minute per worker process;
- floors, measured right after each build so load on the machine hits both alike: the
  same build run in-process by `services.run_resume_build` on a fresh row (no broker, no
  worker), and a broker round trip to the worker (`celery control ping`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.processes import CeleryWorker, RedisServer, postgres_url  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
PAGE_LIMITS = ("", "1", "2", "3")
POLL_SECONDS = 0.01


def main() -> None:
    # WhiteNoise serves from the finders here; collectstatic has not run.
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--builds", type=int, default=50)
    parser.add_argument("--database-url", default="", help="PostgreSQL server to use")
    args = parser.parse_args()
    if not (SHARED / "resumes").is_dir():
        sys.exit(f"Shared data not found at {SHARED}")
    with tempfile.TemporaryDirectory(prefix="reframe-bench-") as tmp:
        run(Path(tmp), builds=args.builds, database_url=args.database_url)


def run(tmp: Path, *, builds: int, database_url: str) -> None:
    redis = RedisServer(tmp / "redis").start()
    try:
        _configure_environment(tmp, redis.url, database_url)
        import django

        django.setup()
        drop_database = _create_database(database_url)
        try:
            worker = CeleryWorker.start(
                broker_url=redis.url,
                env=_worker_database_env(),
                log_path=tmp / "worker.log",
                name=f"bench-{redis.port}",
            )
            try:
                _measure(worker, builds=builds, database_label=_database_label())
            finally:
                worker.stop()
        finally:
            drop_database()
    finally:
        redis.stop()


def _configure_environment(tmp: Path, redis_url: str, database_url: str) -> None:
    """Settings are read from the environment when Django starts: set them first."""
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-secret-key",
        HTTPS="false",
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=database_url,
        SQLITE_PATH=str(tmp / "bench.sqlite3"),
        LOG_LEVEL="WARNING",
    )


def _create_database(database_url: str):
    """Migrate a fresh database; return what removes it."""
    from django.core.management import call_command
    from django.db import connection

    if not database_url:
        call_command("migrate", verbosity=0)
        return lambda: connection.close()
    original = connection.settings_dict["NAME"]
    # A name of our own, never a database someone else (or the test suite) uses.
    connection.settings_dict["TEST"]["NAME"] = f"reframe_bench_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def _worker_database_env() -> dict[str, str]:
    from django.conf import settings
    from django.db import connection

    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "SECRET_KEY": settings.SECRET_KEY}
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = postgres_url(connection.settings_dict)
    else:
        env.update(DATABASE_URL="", SQLITE_PATH=str(connection.settings_dict["NAME"]))
    return env


def _database_label() -> str:
    from django.db import connection

    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite (WAL)"


# --------------------------------------------------------------------------- measuring


@dataclass
class Sample:
    """One build asked for through the view, and its floors measured right after it."""

    click_ms: float  # POST sent -> row ready
    post_ms: float  # POST sent -> response (hash, insert, publish)
    wait_ms: float  # row created -> claimed by the worker
    run_ms: float  # claimed -> ready, in the worker
    floor_ms: float  # the same build run in this process by the service
    ping_ms: float  # a broker round trip to the worker and back


def _measure(worker: CeleryWorker, *, builds: int, database_label: str) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    load_before = os.getloadavg()[0]
    user = User.objects.create_user("bench")
    inventory_name = _import_largest_inventory(user)
    postings = _postings(user)
    variants = _variants(postings, count=2 * builds + 1)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    worker_name = worker.log().split(" ready.")[0].rsplit("] ", 1)[-1].strip()

    _sample(client, worker_name, *variants.pop())  # warms up the pool process and this one
    samples = [_sample(client, worker_name, *variants.pop()) for _ in range(builds)]
    throughput_seconds, busy_seconds = _back_to_back(
        client, [variants.pop() for _ in range(builds)]
    )

    def column(name: str) -> list[float]:
        return [getattr(sample, name) for sample in samples]

    print(f"Résumé builds: view -> Redis -> 1 worker process (prefork, concurrency 1), "
          f"{database_label}; inventory {inventory_name}, {len(postings)} shared postings; "
          f"{os.cpu_count()} CPUs, load {load_before:.1f} -> {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'':46}{'p50 ms':>9}{'p95 ms':>9}")
    _row(f"click -> ready ({builds} builds, one at a time)", column("click_ms"))
    _row("  POST answered (hash, insert, publish)", column("post_ms"))
    _row("  row queued -> claimed by the worker", column("wait_ms"))
    _row("  row claimed -> ready (the build)", column("run_ms"))
    _row("floor: the same build in-process, no broker", column("floor_ms"))
    _row("floor: broker round trip (control ping)", column("ping_ms"))
    click_p50, click_p95 = _percentiles(column("click_ms"))
    floor_p50, floor_p95 = _percentiles(column("floor_ms"))
    overhead = statistics.median(s.click_ms - s.run_ms for s in samples)
    print(f"click -> ready / in-process build: p50 {click_p50 / floor_p50:.2f}x, "
          f"p95 {click_p95 / floor_p95:.2f}x; outside the build (POST, queue) a median "
          f"{overhead:.0f} ms per click")  # fmt: skip
    print(f"throughput: {builds} builds posted back to back, all ready in "
          f"{throughput_seconds:.1f} s = {60 * builds / throughput_seconds:.0f} builds/min "
          f"per worker process (in-process floor "
          f"{60_000 / statistics.mean(column('floor_ms')):.0f}/min); the worker was building "
          f"{100 * busy_seconds / throughput_seconds:.0f}% of that time")  # fmt: skip


def _sample(client, worker_name: str, posting, data: dict) -> Sample:
    from resumes.models import ResumeBuild

    sent = time.time()
    pk, post_ms = _post(client, posting, data)
    _wait_ready([pk])
    row = ResumeBuild.objects.get(pk=pk)
    return Sample(
        # The row's own timestamps: exact, whatever the polling interval.
        click_ms=(row.finished_at.timestamp() - sent) * 1000,
        post_ms=post_ms,
        wait_ms=_ms(row.started_at - row.created_at),
        run_ms=_ms(row.finished_at - row.started_at),
        floor_ms=_in_process(row),
        ping_ms=_ping(worker_name),
    )


def _back_to_back(client, variants: list[tuple]) -> tuple[float, float]:
    """Seconds from the first POST until the last of these builds is ready, and the
    seconds the worker spent building them (claimed -> ready, summed)."""
    from resumes.models import ResumeBuild

    sent = time.time()
    build_ids = [_post(client, posting, data)[0] for posting, data in variants]
    _wait_ready(build_ids)
    rows = ResumeBuild.objects.filter(pk__in=build_ids)
    last = max(row.finished_at for row in rows).timestamp()
    busy = sum((row.finished_at - row.started_at).total_seconds() for row in rows)
    return last - sent, busy


def _import_largest_inventory(user) -> str:
    from resumes.importers.jsonresume import parse_json_resume
    from resumes.inventory_store import apply_inventory
    from resumes.tailoring.units import inventory_units

    paths = sorted(SHARED.glob("resumes/*.jsonresume.json"))
    parsed = {p.name: parse_json_resume(json.loads(p.read_text(encoding="utf-8"))) for p in paths}
    name = max(parsed, key=lambda n: len(inventory_units(parsed[n])))
    apply_inventory(user=user, inventory=parsed[name])
    return name.split(".")[0]


def _postings(user) -> list:
    from resumes.models import Posting

    postings = []
    for path in sorted(SHARED.glob("postings/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        postings.append(
            Posting.objects.create(
                owner=user, title=data["title"], company=data["company"], text=data["text"]
            )
        )
    return postings


def _variants(postings: list, *, count: int) -> list[tuple]:
    """`count` distinct (posting, form data) pairs: postings x page limits x styles."""
    combos = [
        (posting, {"page_limit": limit, "style": style})
        for style in ("classic", "serif")
        for limit in PAGE_LIMITS
        for posting in postings
    ]
    if count > len(combos):
        sys.exit(f"At most {len(combos) // 2 - 1} builds: there are {len(combos)} variants.")
    return combos[:count][::-1]  # popped from the end, so in this order


def _post(client, posting, data: dict) -> tuple[int, float]:
    from django.urls import resolve, reverse

    started = time.perf_counter()
    response = client.post(reverse("resumes:build_request", args=[posting.pk]), data)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        sys.exit(f"The build request answered {response.status_code}")
    return resolve(response["Location"]).kwargs["pk"], elapsed


def _wait_ready(build_ids: list[int]) -> None:
    from resumes.models import ResumeBuild

    deadline = time.monotonic() + 60 + 10 * len(build_ids)
    while True:
        statuses = set(
            ResumeBuild.objects.filter(pk__in=build_ids).values_list("status", flat=True)
        )
        if statuses == {"ready"}:
            return
        if "failed" in statuses or time.monotonic() > deadline:
            sys.exit(f"Builds {build_ids} did not all become ready: {statuses}")
        time.sleep(POLL_SECONDS)


def _in_process(original) -> float:
    """The same build again, run here by the service on a fresh row (nothing published)."""
    from resumes import services
    from resumes.models import ResumeBuild

    copy = ResumeBuild.objects.create(
        owner=original.owner,
        posting=original.posting,
        input_hash=original.input_hash,
        options=original.options,
        inventory_snapshot=original.inventory_snapshot,
    )
    started = time.perf_counter()
    services.run_resume_build(build_id=copy.pk)
    return (time.perf_counter() - started) * 1000


def _ping(worker_name: str) -> float:
    from config import celery_app

    started = time.perf_counter()
    replies = celery_app.control.ping(destination=[worker_name], timeout=2.0, limit=1)
    if not replies:
        sys.exit(f"No ping reply from {worker_name}")
    return (time.perf_counter() - started) * 1000


def _percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return statistics.median(values), cuts[18]


def _row(label: str, values: list[float]) -> None:
    p50, p95 = _percentiles(values)
    print(f"{label:44}{p50:9.1f}{p95:9.1f}")


def _ms(delta) -> float:
    return delta.total_seconds() * 1000


if __name__ == "__main__":
    main()
