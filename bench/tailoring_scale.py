"""How a résumé build grows with the inventory: plan + DOCX at 20, 100 and 400 entries.

    python bench/tailoring_scale.py [--runs 7] [--sizes 20 100 400]

Inventories of N entries are made from the four shared inventories' entries, repeated with
their organisation, venue and key numbered per copy so that no two are the same record.
The posting is bench/tailoring_speed.py's ~800-word one. Printed per size: the median wall
and CPU ms of a build, and the ratio to the 100-entry build; issue #19's bar is 400 entries
within 2.5× the time at 100 and under 300 ms on a quiet machine. Printed three times: for
the next builds of an inventory version (the worker keeps its index in memory), for the
first build on a worker when the index was built after the inventory changed and kept in
the shared cache (`resumes/inventory_index.py`; here a dict of pickled indexes, as Redis
holds them), and for a first build that finds no index at all. Last, each size against
its floor, plain python-docx writing the same paragraphs, the two interleaved.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from tailoring_speed import SHARED, interleaved_p50, long_posting, plain_docx  # noqa: E402

from resumes.docx_builder import build_docx  # noqa: E402
from resumes.importers.jsonresume import parse_json_resume  # noqa: E402
from resumes.tailoring import evidence  # noqa: E402
from resumes.tailoring.engine import plan_resume  # noqa: E402
from resumes.tailoring.inventory import Inventory  # noqa: E402
from resumes.tailoring.lexicon import load_lexicon  # noqa: E402
from resumes.tailoring.plan import paragraphs  # noqa: E402
from resumes.tailoring.rules import load_rules  # noqa: E402
from resumes.tailoring.selection import PlanOptions  # noqa: E402


def inventory_of(size: int) -> Inventory:
    sources = [
        parse_json_resume(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(SHARED.glob("resumes/*.jsonresume.json"))
    ]
    pool = [entry for inventory in sources for entry in inventory.entries]
    entries = []
    for n in range(size):
        entry = pool[n % len(pool)]
        copy = n // len(pool)
        if copy:
            entry = dataclasses.replace(
                entry,
                organization=f"{entry.organization} {copy}" if entry.organization else "",
                venue=f"{entry.venue} {copy}" if entry.venue else "",
                key=f"{entry.key}-{copy}" if entry.key else "",
            )
        entries.append(entry)
    base = max(sources, key=lambda inventory: len(inventory.entries))
    skills = {skill.name: skill for inventory in sources for skill in inventory.skills}
    return dataclasses.replace(base, entries=tuple(entries), skills=tuple(skills.values()))


class PickledStore:
    """Indexes kept as the shared cache keeps them: pickled, read back per build."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get(self, version: str):
        data = self.kept.get(version)
        return pickle.loads(data) if data is not None else None

    def set(self, version: str, index) -> None:
        self.kept[version] = pickle.dumps(index)


MODES = {
    "memory": "next builds of the same inventory version (index kept in memory):",
    "stored": "first build on a worker, index built after the last edit (shared cache):",
    "none": "first build of an inventory version with no index anywhere (built now):",
}


def build_ms(inventory: Inventory, text: str, options: PlanOptions, runs: int, mode: str):
    samples = []
    store = PickledStore() if mode == "stored" else None
    if store is not None:
        evidence._RECENT_INDEXES.clear()
        plan_resume(inventory, text, options, index_store=store)  # the warming task
    for _ in range(runs):
        if mode != "memory":
            evidence._RECENT_INDEXES.clear()  # another worker, or a new version
        wall, cpu = time.perf_counter(), time.process_time()
        build_docx(plan_resume(inventory, text, options, index_store=store))
        samples.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 100, 400])
    args = parser.parse_args()
    title, text = long_posting()
    load_lexicon(), load_rules()  # loaded once per worker process, not per build
    options = PlanOptions(posting_title=title)
    inventories = {size: inventory_of(size) for size in args.sizes}
    for inventory in inventories.values():
        build_docx(plan_resume(inventory, text, options))  # warm
    for mode, heading in MODES.items():
        results = {
            size: build_ms(inventories[size], text, options, args.runs, mode) for size in args.sizes
        }
        reference = results.get(100, results[args.sizes[0]])
        print(heading)
        for size, (wall, cpu) in results.items():
            print(
                f"  {size} entries: {wall:.0f} ms (CPU {cpu:.0f} ms), "
                f"{wall / reference[0]:.2f}× the 100-entry build (CPU {cpu / reference[1]:.2f}×)"
            )
    print("each size's floor, interleaved with its build (index kept in memory):")
    for size, inventory in inventories.items():
        lines = [p.full_text for p in paragraphs(plan_resume(inventory, text, options))]
        (build, _), (floor, _) = interleaved_p50(
            lambda inventory=inventory: build_docx(plan_resume(inventory, text, options)),
            lambda lines=lines: plain_docx(lines),
            args.runs,
        )
        print(
            f"  {size} entries: build {build:.0f} ms, plain python-docx of its "
            f"{len(lines)} paragraphs {floor:.0f} ms, {build / floor:.2f}× its floor"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
