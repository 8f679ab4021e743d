"""How far a CSV import running on a worker has got, for the page that waits on it.

The import is one transaction (every row or none), so the database cannot show its
progress before it commits; the worker counts rows in Redis instead, and the page polls
that. Without Redis the page still waits, without a count: progress is a courtesy, the
database row says whether the import is done.
"""

from __future__ import annotations

import contextlib

import redis
from django.conf import settings

EXPIRES_SECONDS = 3600


def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def _key(csv_import_id: int) -> str:
    return f"reframe:csv-import-progress:{csv_import_id}"


def report(csv_import_id: int, done: int, total: int) -> None:
    with contextlib.suppress(redis.RedisError):
        _client().set(_key(csv_import_id), f"{done}/{total}", ex=EXPIRES_SECONDS)


def clear(csv_import_id: int) -> None:
    """Forget an earlier run's count before a new one starts."""
    with contextlib.suppress(redis.RedisError):
        _client().delete(_key(csv_import_id))


def read(csv_import_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all), or None before the worker has started or without Redis."""
    try:
        value = _client().get(_key(csv_import_id))
    except redis.RedisError:
        return None
    if not value:
        return None
    done, _, total = value.decode().partition("/")
    return int(done), int(total)
