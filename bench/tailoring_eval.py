"""Evaluate the tailoring engine on every (résumé, posting) pair in ../shared/data.

    python bench/tailoring_eval.py [--no-pdf] [--style classic|serif]

For each pair: coverage of the posting terms the inventory supports, before (untailored)
and after (read back from the DOCX); fabricated terms, found by re-reading the DOCX and
comparing with the raw JSON Resume text and the rules' licences — not by trusting the
engine's report; numbers in the DOCX that the inventory does not contain; pages as
LibreOffice renders them (when installed); time per build (plan + DOCX).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from resumes.docx_builder import build_docx  # noqa: E402
from resumes.importers.jsonresume import parse_json_resume  # noqa: E402
from resumes.tailoring.engine import plan_resume  # noqa: E402
from resumes.tailoring.evidence import index_inventory, match_evidence  # noqa: E402
from resumes.tailoring.lexicon import load_lexicon  # noqa: E402
from resumes.tailoring.posting import analyse_posting  # noqa: E402
from resumes.tailoring.rules import load_rules  # noqa: E402
from resumes.tailoring.selection import PlanOptions  # noqa: E402
from resumes.tailoring.textnorm import numbers_in  # noqa: E402

SHARED = REPO.parent / "shared" / "data"


def strings(value, skip=("meta",)) -> list[str]:
    """Every string in a JSON document except converter notes (meta)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in skip for s in strings(v)]
    return []


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_pages(docx_files: list[Path], outdir: Path) -> dict[Path, int]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {}
    subprocess.run(
        [
            soffice,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=1200,
        env={"HOME": str(outdir), "PATH": "/usr/bin:/bin"},
    )
    pages = {}
    for path in docx_files:
        pdf = (outdir / path.with_suffix(".pdf").name).read_bytes()
        pages[path] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-pdf", action="store_true", help="skip LibreOffice page counts")
    parser.add_argument("--style", default="classic")
    args = parser.parse_args()
    lexicon, rules = load_lexicon(), load_rules()
    resumes = sorted(SHARED.glob("resumes/*.jsonresume.json"))
    postings = sorted(SHARED.glob("postings/*.json"))
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="tailoring-eval-"))
    for resume_path in resumes:
        raw = json.loads(resume_path.read_text(encoding="utf-8"))
        inventory = parse_json_resume(raw)
        raw_text = "\n".join(strings(raw))
        literal = lexicon.ids_in(raw_text)  # what the person's own file names
        licensed = index_inventory(inventory, lexicon, rules).licensed_terms
        raw_numbers = {n for s in strings(raw) for n in numbers_in(s)}
        for posting_path in postings:
            posting = json.loads(posting_path.read_text(encoding="utf-8"))
            started = time.perf_counter()
            plan = plan_resume(
                inventory,
                posting["text"],
                PlanOptions(posting_title=posting["title"], style=args.style),
            )
            data = build_docx(plan)
            elapsed = (time.perf_counter() - started) * 1000
            text = docx_text(data)
            # Independent re-read: every lexicon term in the document must be named by the
            # raw JSON Resume, or (never for a tool) licensed by a rule whose evidence holds.
            found = lexicon.ids_in(text)
            fabricated = sorted(
                t
                for t in found
                if t not in literal and (t not in licensed or lexicon.term(t).category == "hard")
            )
            numbers = numbers_in(text)
            unknown_numbers = sorted({n for n in numbers if n not in raw_numbers})
            analysis = analyse_posting(posting["text"], lexicon, posting["title"])
            evidence = match_evidence(index_inventory(inventory, lexicon, rules), analysis)
            supported = {t.id: t.weight for t in analysis.terms if evidence[t.id].supported}
            shown_docx = lexicon.ids_in(text) | {
                t.id
                for t in analysis.terms
                if t.source == "keyphrase"
                and " ".join(t.words)
                in " ".join(
                    tok
                    for tok in __import__("resumes.tailoring.textnorm", fromlist=["stems"]).stems(
                        text
                    )
                )
            }
            after = sum(w for t, w in supported.items() if t in shown_docx)
            after /= sum(supported.values()) or 1
            before = plan.report["scores"]["before"]["overall"]["supported_coverage"]
            name = f"{resume_path.name[:3]}-{posting_path.stem}.docx"
            (workdir / name).write_bytes(data)
            rows.append(
                {
                    "resume": resume_path.name[:3],
                    "posting": posting_path.stem,
                    "before": before,
                    "after": after,
                    "fabricated": fabricated,
                    "numbers": (
                        len(numbers) - sum(n in unknown_numbers for n in numbers),
                        len(numbers),
                    ),
                    "limit": plan.page_limit,
                    "file": workdir / name,
                    "ms": elapsed,
                }
            )
    pages = {} if args.no_pdf else pdf_pages([r["file"] for r in rows], workdir)
    print(
        f"{'resume':6} {'posting':7} {'before':>7} {'after':>7} {'fabricated':>10} "
        f"{'numbers kept':>12} {'pages':>7} {'ms':>6}"
    )
    for r in rows:
        page = f"{pages[r['file']]}/{r['limit']}" if r["file"] in pages else f"-/{r['limit']}"
        kept, total = r["numbers"]
        print(
            f"{r['resume']:6} {r['posting']:7} {r['before']:7.0%} {r['after']:7.0%} "
            f"{len(r['fabricated']):10d} {f'{kept}/{total}':>12} {page:>7} {r['ms']:6.0f}"
            + (f"  {r['fabricated']}" if r["fabricated"] else "")
        )
    over = [r for r in rows if r["file"] in pages and pages[r["file"]] > r["limit"]]
    print()
    print(f"pairs: {len(rows)}")
    print(
        f"mean supported-term coverage: before {statistics.mean(r['before'] for r in rows):.1%}"
        f", after {statistics.mean(r['after'] for r in rows):.1%}"
    )
    print(f"fabricated terms (re-read from DOCX): {sum(len(r['fabricated']) for r in rows)}")
    print(
        f"numbers kept: {sum(r['numbers'][0] for r in rows)}/{sum(r['numbers'][1] for r in rows)}"
    )
    print(
        f"over the page limit (LibreOffice): "
        f"{len(over) if pages else 'not measured (LibreOffice absent or --no-pdf)'}"
    )
    print(
        f"time per build (plan + DOCX): median {statistics.median(r['ms'] for r in rows):.0f} ms,"
        f" max {max(r['ms'] for r in rows):.0f} ms"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    bad = sum(len(r["fabricated"]) for r in rows) + len(over)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
