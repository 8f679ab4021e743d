"""p50 time of a résumé build (posting analysis + selection + DOCX) against a floor.

    python bench/tailoring_speed.py [--runs 30]

Uses the largest inventory in ../shared/data and a ~800-word posting (the longest shared
posting, extended with lines of the next longest). The floor, measured in the same run, is
building a plain python-docx document with the same paragraphs of text and no styling:
the cost any DOCX output pays. Budget: p50 under 300 ms on one core.

Wall time is the budget; CPU time (process_time) is printed beside it, because on a
shared machine other processes stretch wall time but not the CPU this build uses.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from resumes.docx_builder import build_docx  # noqa: E402
from resumes.importers.jsonresume import parse_json_resume  # noqa: E402
from resumes.tailoring.engine import plan_resume  # noqa: E402
from resumes.tailoring.lexicon import load_lexicon  # noqa: E402
from resumes.tailoring.plan import paragraphs  # noqa: E402
from resumes.tailoring.rules import load_rules  # noqa: E402
from resumes.tailoring.selection import PlanOptions  # noqa: E402
from resumes.tailoring.units import inventory_units  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
TARGET_WORDS = 800


def largest_inventory():
    inventories = [
        parse_json_resume(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(SHARED.glob("resumes/*.jsonresume.json"))
    ]
    return max(inventories, key=lambda inv: len(inventory_units(inv)))


def long_posting() -> tuple[str, str]:
    postings = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(SHARED.glob("postings/*.json"))
    ]
    postings.sort(key=lambda p: -len(p["text"].split()))
    lines: list[str] = []
    budget = TARGET_WORDS
    for line in postings[0]["text"].splitlines() + postings[1]["text"].splitlines():
        words = line.split()
        if len(words) > budget:  # cut the last line at the word budget
            line = " ".join(words[:budget])
        lines.append(line)
        budget -= len(line.split())
        if budget <= 0:
            break
    return postings[0]["title"], "\n".join(lines)


def _timed(fn) -> tuple[float, float]:
    started, started_cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000


def interleaved_p50(first, second, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(median wall ms, median CPU ms) of `first` and of `second`, run in turn: a change of
    load on a busy machine falls on both alike instead of on one block of runs."""
    samples: tuple[list, list] = ([], [])
    for _ in range(runs):
        for fn, found in zip((first, second), samples, strict=True):
            found.append(_timed(fn))
    return tuple(
        (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
        for found in samples
    )


def plain_docx(lines: list[str]) -> bytes:
    """The floor: a python-docx document of these paragraphs, unstyled."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    inventory = largest_inventory()
    title, text = long_posting()
    load_lexicon(), load_rules()  # loaded once per worker process, not per build
    options = PlanOptions(posting_title=title)

    def build() -> bytes:
        return build_docx(plan_resume(inventory, text, options))

    plan = plan_resume(inventory, text, options)
    lines = [p.full_text for p in paragraphs(plan)]

    def floor() -> bytes:
        return plain_docx(lines)

    build(), floor()  # warm caches and imports
    (build_ms, build_cpu), (floor_ms, floor_cpu) = interleaved_p50(build, floor, args.runs)
    units = inventory_units(inventory)
    print(
        f"inventory: {inventory.basics.name} — {len(inventory.entries)} entries, "
        f"{sum(1 for u in units if u.role == 'bullet')} bullets, {len(units)} text units"
    )
    print(f"posting: {title} — {len(text.split())} words")
    print(f"document: {len(lines)} paragraphs")
    print(
        f"p50 build (analysis + selection + DOCX): {build_ms:.1f} ms over {args.runs} runs"
        f" (CPU {build_cpu:.1f} ms)"
    )
    print(
        f"p50 floor (plain python-docx, same paragraphs): {floor_ms:.1f} ms"
        f" (CPU {floor_cpu:.1f} ms)"
    )
    print(f"ratio build/floor: {build_ms / floor_ms:.2f}x (CPU {build_cpu / floor_cpu:.2f}x)")
    print(f"budget: p50 < 300 ms — {'met' if build_ms < 300 else 'NOT met'}")
    return 0 if build_ms < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
