"""Evaluate the tailoring engine on every (résumé, posting) pair in ../shared/data.

    python bench/tailoring_eval.py [--no-pdf] [--style classic|serif]

For each pair: coverage of the posting terms the inventory supports, before (untailored)
and after (read back from the DOCX); fabricated terms, found by re-reading the DOCX and
comparing with the raw JSON Resume text and the rules' licences — not by trusting the
engine's report; numbers in the DOCX that the inventory does not contain; pages as
LibreOffice renders them (when installed); time per build (plan + DOCX); how many items
the Skills section lists and how many of them the engine added to the person's own list;
how many bullets a licensed rule reframed (led with the industry term the posting asks for),
and by which rules.

What counts as the person's evidence is decided here from the JSON Resume fields, apart
from the engine: what they did (positions, highlights, summaries of work, project names
and descriptions, paper titles and summaries, degree types and areas, courses) and their
skills list. Names others gave (employers, institutions, publishers, award titles) and the
person's own label and profile summary are not evidence: they may appear in the DOCX only
verbatim, so the check deletes them from the text before it looks for terms. A term left
over that the evidence does not name, and no rule licenses, is fabricated.
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
from collections import Counter
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
from resumes.tailoring.textnorm import numbers_in, stems  # noqa: E402

SHARED = REPO.parent / "shared" / "data"

# JSON Resume fields that record what the person did or lists as a skill, per section.
EVIDENCE_FIELDS: dict[str, frozenset[str]] = {
    "work": frozenset({"position", "summary", "highlights"}),
    "volunteer": frozenset({"position", "summary", "highlights"}),
    "education": frozenset({"studyType", "area", "courses", "summary"}),
    "awards": frozenset({"summary"}),
    "certificates": frozenset({"summary"}),
    "publications": frozenset({"name", "summary", "abstract"}),
    "projects": frozenset({"name", "description", "highlights", "keywords", "roles"}),
    "skills": frozenset({"name", "keywords"}),
}


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


def evidence_and_names(raw: dict) -> tuple[list[str], list[str]]:
    """(strings that are evidence, strings that only name things), per EVIDENCE_FIELDS."""
    evidence: list[str] = []
    names: list[str] = []
    for section, value in raw.items():
        if section == "meta" or not isinstance(value, list):
            names.extend(strings(value))
            continue
        fields = EVIDENCE_FIELDS.get(section, frozenset())
        for item in value:
            if not isinstance(item, dict):
                continue
            for key, field_value in item.items():
                (evidence if key in fields else names).extend(strings(field_value))
    return evidence, names


def terms_outside_names(text: str, names: list[str], lexicon) -> set[str]:
    """Lexicon terms of `text`, except mentions that lie inside a verbatim name."""
    found: set[str] = set()
    names = sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True)
    for line in text.splitlines():
        spans = []
        for name in names:
            start = line.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = line.find(name, start + 1)
        for mention in lexicon.find(line):
            if not any(a <= mention.start and mention.end <= b for a, b in spans):
                found.add(mention.term_id)
    return found


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
        evidence_strings, names = evidence_and_names(raw)
        literal = {t for text in evidence_strings for t in lexicon.ids_in(text)}
        index = index_inventory(inventory, lexicon, rules)
        licensed = index.licensed_terms
        own_skills = {s.name.strip().casefold() for s in inventory.skills}
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
            # Independent re-read: with the names others gave cut out, every lexicon term in
            # the document must be named by the person's evidence fields, or (never for a
            # tool) licensed by a rule whose evidence holds.
            found = terms_outside_names(text, names, lexicon)
            fabricated = sorted(
                t
                for t in found
                if t not in literal and (t not in licensed or lexicon.term(t).category == "hard")
            )
            numbers = numbers_in(text)
            unknown_numbers = sorted({n for n in numbers if n not in raw_numbers})
            analysis = analyse_posting(posting["text"], lexicon, posting["title"])
            evidence = match_evidence(index, analysis)
            supported = {t.id: t.weight for t in analysis.terms if evidence[t.id].supported}
            # Coverage after is what the DOCX shows, read back: lexicon terms by any
            # spelling, key phrases by their words.
            shown_docx = lexicon.ids_in(text)
            joined = " " + " ".join(stems(text)) + " "
            shown_docx |= {
                t.id
                for t in analysis.terms
                if t.source == "keyphrase" and f" {' '.join(t.words)} " in joined
            }
            after = sum(w for t, w in supported.items() if t in shown_docx)
            after /= sum(supported.values()) or 1
            before = plan.report.overall_before.supported_coverage
            skill_items = [
                item
                for section in plan.sections
                for group in section.skill_groups
                for item in group.items
            ]
            added = [i for i in skill_items if i.casefold() not in own_skills]
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
                    "skills": (len(skill_items), len(added)),
                    "file": workdir / name,
                    "ms": elapsed,
                    "reframed": [c.rule for c in plan.report.changes],
                }
            )
    pages = {} if args.no_pdf else pdf_pages([r["file"] for r in rows], workdir)
    print(
        f"{'resume':6} {'posting':7} {'before':>7} {'after':>7} {'fabricated':>10} "
        f"{'numbers kept':>12} {'pages':>7} {'skills+added':>12} {'reframed':>8} {'ms':>6}"
    )
    for r in rows:
        page = f"{pages[r['file']]}/{r['limit']}" if r["file"] in pages else f"-/{r['limit']}"
        kept, total = r["numbers"]
        print(
            f"{r['resume']:6} {r['posting']:7} {r['before']:7.0%} {r['after']:7.0%} "
            f"{len(r['fabricated']):10d} {f'{kept}/{total}':>12} {page:>7} "
            f"{'{}+{}'.format(r['skills'][0] - r['skills'][1], r['skills'][1]):>12} "
            f"{len(r['reframed']):8d} "
            f"{r['ms']:6.0f}" + (f"  {r['fabricated']}" if r["fabricated"] else "")
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
        f"skills listed per build: mean {statistics.mean(r['skills'][0] for r in rows):.1f}"
        f", of which added by the engine: mean {statistics.mean(r['skills'][1] for r in rows):.1f}"
        f", max {max(r['skills'][1] for r in rows)}"
    )
    print(
        f"numbers kept: {sum(r['numbers'][0] for r in rows)}/{sum(r['numbers'][1] for r in rows)}"
    )
    rules = Counter(rule for r in rows for rule in r["reframed"])
    with_any = sum(1 for r in rows if r["reframed"])
    print(
        f"bullets reframed: {sum(rules.values())} in all, in {with_any} of {len(rows)} pairs"
        f" (max {max(len(r['reframed']) for r in rows)} in one); by rule: "
        + ", ".join(f"{rule} {n}" for rule, n in rules.most_common())
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
