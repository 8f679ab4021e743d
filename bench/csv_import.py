"""The documented 2,000-row CSV, through the pages a person uses, against /healthz.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reframe .venv/bin/python bench/csv_import.py

Runs in a throwaway test database. Printed: the upload, the preview page (median of 3), the
confirming request (which only hands the file to a worker) and the worker's import, each in
ms and as a multiple of /healthz measured in the same run (median of 20). The issue's bar:
preview under 3 s, import under 10 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("HTTPS", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tracker.data.csv_format import MAX_ROWS  # noqa: E402
from tracker.models import Application, CsvImport  # noqa: E402
from tracker.tasks import import_csv_task  # noqa: E402


def rows() -> bytes:
    lines = [
        f"Company {n % 300},Role {n},Applied,2026-01-{n % 28 + 1:02d},startup"
        for n in range(MAX_ROWS)
    ]
    return ("Company,Job Title,Status,Date Applied,Tier\n" + "\n".join(lines) + "\n").encode()


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def main() -> int:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = User.objects.create_user("bench", "bench@example.com", "bench-password-1")
        client = Client()
        client.force_login(user)
        floor = statistics.median(timed(lambda: client.get("/healthz"))[0] for _ in range(20))
        queued: list[dict] = []
        import_csv_task.apply_async = lambda **kw: queued.append(kw["kwargs"])

        upload_ms, response = timed(
            lambda: client.post(
                "/data/import/", {"file": SimpleUploadedFile("a.csv", rows(), "text/csv")}
            )
        )
        pending = CsvImport.objects.get(owner=user)
        preview_ms = statistics.median(
            timed(lambda: client.get(response["Location"]))[0] for _ in range(3)
        )
        confirm_ms, _ = timed(
            lambda: client.post(
                f"/data/import/{pending.pk}/confirm/", {"settings_key": pending.settings_key}
            )
        )
        worker_ms, _ = timed(lambda: import_csv_task.apply(kwargs=queued[0]))
        imported = Application.objects.filter(owner=user).count()

        print(f"floor: GET /healthz {floor:.1f} ms (median of 20)")
        for what, ms in [
            (f"upload of {MAX_ROWS} rows", upload_ms),
            ("preview page (median of 3)", preview_ms),
            ("confirm (hands the file to a worker)", confirm_ms),
            (f"worker: check and import {imported} rows", worker_ms),
        ]:
            print(f"{what}: {ms:.0f} ms ({ms / floor:.0f}× the floor)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
