"""Time and memory each hostile upload costs, against an honest CV in the same run.

    .venv/bin/python bench/hostile_files.py

Each file goes through `parse_bounded` (the safety checks, then the parser in a child
process with a CPU and memory budget), as an upload does. Printed per file: the wall time
the worker waited, the peak memory of the parse (the child's, as the kernel reports it),
and whether it was refused and why; the floor is a real one-page DOCX CV.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import docx  # noqa: E402

from resumes.importers.sandbox import run_bounded  # noqa: E402
from tests.security.hostile_files import HOSTILE_DOCX, HOSTILE_PDF  # noqa: E402


def honest_cv() -> bytes:
    document = docx.Document()
    document.add_heading("Ada Example", level=1)
    document.add_heading("Experience", level=2)
    for n in range(6):
        document.add_paragraph(f"Research Scientist, Example Lab {n}, 2019 – 2022")
        for b in range(4):
            document.add_paragraph(f"Ran {b + 2},000 simulations of model {n}.", "List Bullet")
    document.add_heading("Education", level=2)
    document.add_paragraph("PhD, Physics, Example University, 2014 – 2019")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(data: bytes, format: str = "docx") -> tuple[float, float, str]:
    """(seconds waited, peak MB of the child, outcome)."""
    start = time.perf_counter()
    kind, value, peak_kb = run_bounded(f"cv.{format}", data, format)
    seconds = time.perf_counter() - start
    outcome = {"inventory": "imported", "failed": f"refused: {str(value)[:70]}"}.get(kind, kind)
    return seconds, peak_kb / 1024, outcome


def main() -> int:
    floor_s, floor_mb, _ = measure(honest_cv())
    print(f"floor (honest one-page CV): {floor_s * 1000:.0f} ms, child peak {floor_mb:.0f} MB")
    hostile = [(n, m, "docx") for n, m in HOSTILE_DOCX.items()]
    hostile += [(n, m, "pdf") for n, m in HOSTILE_PDF.items()]
    for name, make, format in hostile:
        data = make()
        seconds, peak_mb, outcome = measure(data, format)
        print(
            f"{name}: {len(data) / 1024:.0f} KB upload, {seconds * 1000:.0f} ms "
            f"({seconds / floor_s:.1f}× the floor), child peak {peak_mb:.0f} MB — {outcome}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
