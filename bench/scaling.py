"""The pages of one person with 100, 1,000 and 10,000 applications, against /healthz.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reframe .venv/bin/python bench/scaling.py \
        [--sizes 100 1000 10000] [--repeat 5]

In a throwaway test database, through Django's test client (the whole request cycle, no
network), each size seeded with bench/load_test.py's `seed` (companies across the tiers,
stage histories, interviews, contacts, referrals), then VACUUM ANALYZEd. Each page is asked for
--repeat times, interleaved with /healthz so a change of load touches both alike; printed
per page: the median in ms, its ratio to /healthz's median, the queries and the bytes.
Streamed downloads (exports) also give the time to their first bytes. Issue #19's bar:
every page within 20× /healthz at 10,000 applications, queries constant in the number of
them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from load_test import seed  # noqa: E402

PAGES = {
    "applications (page 1)": "/applications/",
    "board": "/board/",
    "dashboard": "/dashboard/",
    "This week": "/this-week/",
    "calendar feed": None,  # the person's secret address, made per size
    "CSV export": "/data/applications.csv",
    "JSON export": "/data/account.json",
}


def ask(client: Client, url: str) -> tuple[float | None, float, int, int]:
    """(ms to the first bytes of a streamed answer, ms to the last, queries, bytes)."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            chunks = iter(response.streaming_content)
            first = next(chunks, b"")
            first_ms = (time.perf_counter() - start) * 1000
            size = len(first) + sum(len(chunk) for chunk in chunks)
        else:
            size = len(response.content)
            first_ms = None
        last_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return first_ms, last_ms, len(queries), size


def measure(size: int, repeat: int) -> None:
    from django.contrib.auth.models import User

    from tracker.models import CalendarFeed

    User.objects.filter(username="load").delete()
    user, _ = seed(applications=size)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load on any server that runs it (the
        # development server does not): table statistics, without which PostgreSQL plans
        # a join of ten thousand rows as one of five, one row at a time; and the
        # visibility map, without which no query can be answered from an index alone.
        cursor.execute("VACUUM ANALYZE")
    feed = CalendarFeed.objects.create(owner=user, token=CalendarFeed.new_token())
    client = Client()
    client.force_login(user)
    pages = {name: url or feed.get_absolute_url() for name, url in PAGES.items()}
    for url in pages.values():
        ask(client, url)  # warm: templates compiled, caches filled as a person would
    floor: list[float] = []
    seen: dict[str, list[tuple[float | None, float, int, int]]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name, url in pages.items():
            floor.append(ask(client, "/healthz")[1])
            seen[name].append(ask(client, url))
    healthz = statistics.median(floor)
    print(f"\n{size:,} applications — /healthz {healthz:.1f} ms (median of {len(floor)})")
    for name, runs in seen.items():
        last = statistics.median(run[1] for run in runs)
        queries, size_bytes = runs[-1][2], runs[-1][3]
        streamed = ""
        if runs[0][0] is not None:
            first = statistics.median(run[0] for run in runs if run[0] is not None)
            streamed = f", first bytes {first:.0f} ms ({first / healthz:.1f}×)"
        print(
            f"  {name}: {last:.0f} ms ({last / healthz:.1f}×){streamed}, "
            f"{queries} queries, {size_bytes / 1024:,.0f} KB"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for size in args.sizes:
            measure(size, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
