"""The hand-written BibTeX reader and LaTeX-to-text converter against bibtexparser 2 and
pylatexenc, on the shared files and on hostile input, under the importer's budget.

    python bench/import_libraries.py

Needs bibtexparser 2 and pylatexenc importable next to the project's own packages (neither
is a project dependency: see the README's dependency notes for why), e.g. a private venv
with `pip install -e '.[dev]' 'bibtexparser==2.*' pylatexenc`, and `../shared/data`.

Each library is measured the way it would be adopted: bibtexparser stands in for
`read_bibtex` (text → records) and feeds the same mapping to publications; pylatexenc stands
in for `latex_to_text` wherever the importers call it. Every read runs in its own child of
the importer's sandbox (`run_bounded`: 5 s of CPU, 200 MB over the child's size), so a
reader that stalls or hoards is met as an upload would meet it. Printed: what each reader
found and where the two differ field by field, the CPU time and peak memory of the read
(the child's resident high-water mark during the read, over its size before it) as ratios
to the hand-written reader in the same run, and, per hostile input, whether it was refused,
read, or stopped by the budget.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import bibtexparser  # noqa: E402
import pylatexenc  # noqa: E402
from bibtexparser import model  # noqa: E402
from bibtexparser.exceptions import BlockAbortedException  # noqa: E402
from bibtexparser.middlewares import RemoveEnclosingMiddleware  # noqa: E402
from pylatexenc.latex2text import (  # noqa: E402
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.latexwalker import LatexMacroNode, LatexWalker  # noqa: E402
from pylatexenc.latexwalker import get_default_latex_context_db as latexwalker_context  # noqa: E402
from pylatexenc.macrospec import MacroSpec  # noqa: E402

from resumes.importers import bibtex, latex_cv, latex_macros, latex_text  # noqa: E402
from resumes.importers.bibtex import (  # noqa: E402
    MAX_FIELD_CHARS,
    MAX_RECORDS,
    BibRecord,
    publication_from_record,
    read_bibtex,
)
from resumes.importers.errors import ImportFailed  # noqa: E402
from resumes.importers.safety import check_markup  # noqa: E402
from resumes.importers.sandbox import (  # noqa: E402
    CPU_SECONDS,
    MEMORY_MB,
    _OutOfTime,
    run_bounded,
)
from tests.security.hostile_markup import (  # noqa: E402
    HOSTILE_BIBTEX,
    HOSTILE_LATEX,
    HOSTILE_LATEX_FRAGMENTS,
)

DATA = REPO.parent / "shared" / "data"
BIB_FILES = ["01.bib", "02.bib", "03.bib"]
LATEX_CV = "002.tex"
# Reads of a shared file per child, the mean printed: a child held to RLIMIT_CPU counts its
# CPU time in 4 ms ticks, about what one read of a shared file takes; ten keeps pylatexenc's
# reads of the shared fragments (~0.2 s each) inside the 5 s budget.
REPEATS = 10

# --------------------------------------------------------------------------- candidates


def read_bibtex_with_library(data: bytes, *, count_first: bool = True) -> list[BibRecord]:
    """`read_bibtex` as bibtexparser 2 would do it: the same decoding, markup check and
    limits around `bibtexparser.parse_string` with its default middleware (@string
    references resolved, enclosing braces and quotes removed), given every benefit of the
    doubt: an entry with a field written twice or a key used twice is kept (the first
    value, as BibTeX does), and a refusal names the line where the library gave up.

    `count_first` refuses a file with more entry openings than MAX_RECORDS before the
    library reads it: without it, each opening that fails costs the library ~2.5 KB of
    held state, and a 1 MB file of them outgrows the memory budget (see the figures)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    check_markup(text)
    text = text.replace("\r\n", "\n")
    if count_first and len(_ENTRY_OPENING.findall(text)) > MAX_RECORDS:
        raise ImportFailed(f"more than {MAX_RECORDS} entries in one file")
    library = bibtexparser.parse_string(text)
    entries: list[model.Entry] = []
    for block in library.blocks:
        if isinstance(block, (model.DuplicateFieldKeyBlock, model.DuplicateBlockKeyBlock)):
            # The library's middleware passed this entry by; strip its braces as it would.
            block = RemoveEnclosingMiddleware().transform_entry(block.ignore_error_block, library)
        if isinstance(block, model.ParsingFailedBlock):
            # All or nothing, as the hand-written reader: a half-read file is refused.
            raise ImportFailed(_library_error(block), f"line {_library_line(block, text)}")
        if isinstance(block, model.Entry):
            entries.append(block)
    if len(entries) > MAX_RECORDS:
        raise ImportFailed(f"more than {MAX_RECORDS} entries in one file")
    records = []
    for entry in entries:
        fields: dict[str, str] = {}
        for item in entry.fields:
            value = str(item.value)
            if len(value) > MAX_FIELD_CHARS:
                raise ImportFailed(f"field '{item.key}' in entry '{entry.key}' is too long")
            fields.setdefault(item.key.lower(), value)
        records.append(BibRecord(entry.entry_type.lower(), entry.key, fields, entry.start_line + 1))
    return records


_ENTRY_OPENING = re.compile(r"@[ \t]*[A-Za-z]+[ \t\r\n]*[{(]")


def _library_error(block: model.ParsingFailedBlock) -> str:
    error = block.error
    return error.abort_reason if isinstance(error, BlockAbortedException) else str(error)


def _library_line(block: model.ParsingFailedBlock, text: str) -> int:
    """Where the library gave up (it logs that line; the block keeps the offset), else
    where the block starts."""
    error = block.error
    if isinstance(error, BlockAbortedException) and error.end_index is not None:
        return text.count("\n", 0, error.end_index) + 1
    return (block.start_line or 0) + 1


def read_bibtex_with_library_unguarded(data: bytes) -> list[BibRecord]:
    """bibtexparser with no count of entry openings before it reads."""
    return read_bibtex_with_library(data, count_first=False)


def _pylatexenc_converter() -> tuple[LatexNodes2Text, Any]:
    """pylatexenc's converter told every symbol macro the hand-written one knows (the ADS
    journal macros among them), so what differs is reading, not a word list; and told that
    ``\\href`` takes two arguments, which its walker does not know (its converter then
    raises IndexError on every ``\\href``, and CVs are full of them)."""
    walker = latexwalker_context()
    walker.add_context_category("reframe-links", prepend=True, macros=[MacroSpec("href", "{{")])
    context = get_default_latex_context_db()
    context.add_context_category(
        "reframe-symbols",
        prepend=True,
        macros=[
            MacroTextSpec("href", simplify_repl="%(2)s"),
            MacroTextSpec("url", simplify_repl="%(1)s"),
            *(
                MacroTextSpec(name, simplify_repl=text)
                for name, text in latex_text._SYMBOLS.items()
            ),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="text"), walker


_CONVERTER: tuple[LatexNodes2Text, Any] | None = None


def latex_to_text_with_library(source: str) -> str:
    """`latex_to_text` as pylatexenc would do it, with the same whitespace and Unicode
    normalisation after it."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _pylatexenc_converter()
    converter, walker = _CONVERTER
    text = converter.latex_to_text(source, latex_context=walker)
    return " ".join(unicodedata.normalize("NFC", text).split())


def use_pylatexenc_everywhere() -> None:
    """In this child only: every importer module's `latex_to_text` is pylatexenc's."""
    for module in (latex_text, latex_cv, latex_macros, bibtex):
        module.latex_to_text = latex_to_text_with_library  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- jobs in the child


def _bibtex_facts(records: list[BibRecord]) -> list[dict[str, Any]]:
    facts = []
    for record in records:
        entry = publication_from_record(record)
        facts.append(
            {
                "key": record.key,
                "type": record.type,
                "fields": record.fields,
                "title": entry.title,
                "authors": entry.authors,
                "year": entry.year,
                "start": entry.start,
                "doi": entry.doi,
                "venue": entry.venue,
                "arxiv_id": entry.arxiv_id,
                "url": entry.url,
                "abstract": entry.abstract,
            }
        )
    return facts


def _cv_facts(data: bytes) -> list[tuple[Any, ...]]:
    inventory = latex_cv.parse_latex_cv(data)
    return [
        (e.kind, e.title, e.organization, e.start, e.end, tuple(b.text for b in e.bullets))
        for e in inventory.entries
    ]


def _fragments(data: bytes, convert: Callable[[str], str]) -> list[str]:
    return [convert(fragment) for fragment in json.loads(data)]


# job name → (read, then what to report of its result). The read alone is timed.
JOBS: dict[str, tuple[Callable[[bytes], Any], Callable[[Any], Any]]] = {
    "bibtex/hand": (read_bibtex, _bibtex_facts),
    "bibtex/library": (read_bibtex_with_library, _bibtex_facts),
    "bibtex/unguarded": (read_bibtex_with_library_unguarded, _bibtex_facts),
    "text/hand": (lambda data: _fragments(data, latex_text.latex_to_text), lambda out: out),
    "text/library": (lambda data: _fragments(data, latex_to_text_with_library), lambda out: out),
    "cv/hand": (_cv_facts, lambda out: out),
    "cv/library": (_cv_facts, lambda out: out),
}


def _kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def run_job(job: str, data: bytes, format: str | None = None, *, owner_name: str = "") -> dict:
    """One job, in the sandbox's child (which passes the number of reads as `format`):
    {outcome, message, cpu and wall seconds per read, peak_kb, result}.

    MemoryError and the sandbox's time-out are left to the sandbox, which reports them as
    "memory" and "slow"; any other failure is what the importer would show the person."""
    logging.disable(logging.CRITICAL)  # both libraries log every oddity they meet
    read, report = JOBS[job]
    if job == "cv/library":
        use_pylatexenc_everywhere()
    if job in ("cv/library", "text/library"):
        latex_to_text_with_library("warm")  # build the converter outside the timing
    repeats = int(format or 1)
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # the high-water mark starts again at the current size
    before_kb = _kb("VmRSS")
    outcome, message, result = "read", "", None
    started = time.process_time(), time.perf_counter()
    try:
        for _ in range(repeats):
            result = read(data)
    except (MemoryError, _OutOfTime):
        raise
    except ImportFailed as error:
        outcome, message = "refused", str(error)
    except RecursionError:
        # parse_inventory_file turns this into "the file is nested too deeply to read".
        outcome, message = "refused", "RecursionError (nested too deeply)"
    except Exception as error:  # parse_inventory_file refuses these too, naming the error
        outcome, message = "refused", f"{type(error).__name__}: {error}"
    cpu, wall = _since(started)
    peak_kb = _kb("VmHWM") - before_kb
    return {
        "outcome": outcome,
        "message": message,
        "cpu": cpu / repeats,
        "wall": wall / repeats,
        "peak_kb": peak_kb,
        "result": report(result) if outcome == "read" else None,
    }


def _since(started: tuple[float, float]) -> tuple[float, float]:
    return time.process_time() - started[0], time.perf_counter() - started[1]


# --------------------------------------------------------------------------- the parent


@dataclass
class Run:
    outcome: str  # read, refused, slow (CPU budget), memory (memory budget)
    message: str
    cpu: float | None  # seconds of CPU for the read; None when the budget stopped it
    wall: float  # seconds of wall time for the read (when stopped: the worker's whole wait)
    peak_mb: float | None  # growth of the child's resident peak during the read
    result: Any
    reads: int = 1

    def status(self) -> str:
        if self.outcome == "slow":
            return f"stopped: over the {CPU_SECONDS} s CPU budget"
        if self.outcome == "memory":
            return f"stopped: over the {MEMORY_MB} MB memory budget"
        if self.outcome == "refused":
            return f"refused ({self.message[:60]})"
        return "read"


def bounded(job: str, data: bytes, repeats: int = 1) -> Run:
    started = time.perf_counter()
    kind, value, _ = run_bounded(job, data, str(repeats), parser=run_job)
    if kind != "inventory":
        return Run(kind, str(value), None, time.perf_counter() - started, None, None)
    reply: dict = value  # type: ignore[assignment]
    peak_mb = reply["peak_kb"] / 1024
    return Run(
        reply["outcome"],
        reply["message"],
        reply["cpu"],
        reply["wall"],
        peak_mb,
        reply["result"],
        repeats,
    )


def pair(
    hand: float | None, library: float | None, unit: str, floor: float, scale: float = 1.0
) -> str:
    """Hand and library figures with their ratio; one the budget cut short says so. Below
    `floor` the hand-written figure is too small (or too coarse) for a ratio to mean much."""

    def shown(value: float | None) -> str:
        return "stopped" if value is None else f"{value * scale:.1f}"

    text = f"{shown(hand)} / {shown(library)} {unit}"
    if hand is not None and library is not None and hand >= floor:
        text += f" ({library / hand:.1f}×)"
    return text


def figures_row(name: str, hand: Run, library: Run) -> str:
    return _row(
        [
            name,
            # Three 4 ms ticks over all the reads, for a CPU ratio worth printing.
            pair(hand.cpu, library.cpu, "ms", floor=0.012 / hand.reads, scale=1000),
            pair(hand.wall, library.wall, "ms", floor=0.001, scale=1000),
            pair(hand.peak_mb, library.peak_mb, "MB", floor=0.5),
            hand.status(),
            library.status(),
        ]
    )


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(cells: list[str]) -> str:
    return _row(cells) + "\n" + _row(["---"] * len(cells))


FIGURES_HEADER = _header(
    ["input", "CPU hand / library", "wall hand / library", "peak memory hand / library",
     "hand", "library"]
)  # fmt: skip

# --------------------------------------------------------------------------- BibTeX

COMPARED = ("title", "authors", "year", "doi", "venue", "arxiv_id", "url", "abstract", "fields")


def compare_bibtex(hand: list[dict], library: list[dict]) -> tuple[dict[str, int], list[str]]:
    """Per compared field, how many entries (matched by key and order) differ; examples."""
    by_key: dict[tuple[str, int], dict] = {}
    seen: dict[str, int] = {}
    for facts in library:
        seen[facts["key"]] = seen.get(facts["key"], 0) + 1
        by_key[(facts["key"], seen[facts["key"]])] = facts
    differences = dict.fromkeys((*COMPARED, "missing"), 0)
    examples: list[str] = []
    seen = {}
    for facts in hand:
        seen[facts["key"]] = seen.get(facts["key"], 0) + 1
        other = by_key.get((facts["key"], seen[facts["key"]]))
        if other is None:
            differences["missing"] += 1
            continue
        for name in COMPARED:
            if facts[name] != other[name]:
                differences[name] += 1
                if len(examples) < 4:
                    examples.append(
                        f"{facts['key']} {name}: hand {_short(facts[name])} / "
                        f"library {_short(other[name])}"
                    )
    return differences, examples


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 90 else text[:87] + "…"


UNGUARDED = ("40,000 one-line entries", "1 MB of unclosed @misc( openings")


def bibtex_section() -> None:
    print("## BibTeX: read_bibtex against bibtexparser", bibtexparser.__version__)
    print()
    print(FIGURES_HEADER)
    comparisons = []
    for name in BIB_FILES:
        data = (DATA / "bib" / name).read_bytes()
        hand = bounded("bibtex/hand", data, REPEATS)
        library = bounded("bibtex/library", data, REPEATS)
        print(figures_row(f"{name} (mean of {REPEATS})", hand, library))
        comparisons.append((name, hand, library))
    hostile = {case: make() for case, make in HOSTILE_BIBTEX.items()}
    for case, data in hostile.items():
        print(figures_row(case, bounded("bibtex/hand", data), bounded("bibtex/library", data)))
    print()
    print("The library without the count of entry openings before it (the hand-written reader")
    print("stops at the 3,001st entry by itself):")
    print()
    print(FIGURES_HEADER)
    for case in UNGUARDED:
        data = hostile[case]
        print(figures_row(case, bounded("bibtex/hand", data), bounded("bibtex/unguarded", data)))
    print()
    print("What each found on the shared files (entries differing per field, matched by key):")
    print()
    print(_header(["file", "entries hand / library", *COMPARED, "missing"]))
    examples: list[str] = []
    for name, hand, library in comparisons:
        if hand.result is None or library.result is None:
            print(_row([name, f"{hand.status()} / {library.status()}"]))
            continue
        differences, found = compare_bibtex(hand.result, library.result)
        counts = f"{len(hand.result)} / {len(library.result)}"
        print(_row([name, counts, *(str(differences[n]) for n in (*COMPARED, "missing"))]))
        examples += [f"{name} {line}" for line in found]
    print()
    for line in examples[:8]:
        print("   ", line)
    print()
    behaviour_section()


BEHAVIOURS = {
    # The cases tests/resumes/importers/test_bibtex.py holds the hand-written reader to.
    "a '{' never closed in entry b (line 7)": "@article{a,\n  title = {Fine},\n  year = 2020\n}\n\n"
    "@article{b,\n  title = {Broken,\n  year = 2021\n}\n",
    "'=' missing (line 3)": "@article{a,\n  title = {Fine},\n  year 2020\n}\n",
    "',' missing between fields (line 3)": "@article{a,\n  title = {Fine}\n  year = 2020\n}\n",
    "entry never closed (line 2)": "banner\n@article{a,\n  title = {Fine},\n",
    "@string # concatenation, month macro": '@string{prl = "Phys. Rev. Lett."}\n'
    '@article{k, journal = prl # " X", year = 1999, month = sep, title="T"}',
    "a field given twice (BibTeX keeps the first)": "@misc{k, title = {One}, title = {Two}}",
    "two entries with one key": "@misc{k, title = {One}}\n@misc{k, title = {Two}}",
}  # fmt: skip


def behaviour_section() -> None:
    print("Broken and unusual files the tests hold the hand-written reader to:")
    print()
    print(_header(["input", "hand", "library"]))
    for case, text in BEHAVIOURS.items():
        runs = [bounded(job, text.encode()) for job in ("bibtex/hand", "bibtex/library")]
        print(_row([case, *(_behaviour(run) for run in runs)]))
    print()


def _behaviour(run: Run) -> str:
    if run.outcome != "read":
        return run.status()
    return "; ".join(
        f"{facts['key']}: " + ", ".join(f"{k}={v!r}" for k, v in facts["fields"].items())
        for facts in run.result
    )[:90]


# --------------------------------------------------------------------------- LaTeX


def shared_fragments() -> list[str]:
    """Every LaTeX fragment the importers convert while reading the shared files, in order,
    once each: BibTeX titles, names, venues and abstracts, and the pieces of the LaTeX CV."""
    seen: dict[str, None] = {}
    convert = latex_text.latex_to_text

    def recording(source: str) -> str:
        seen.setdefault(source, None)
        return convert(source)

    modules = (latex_text, latex_cv, latex_macros, bibtex)
    for module in modules:
        module.latex_to_text = recording  # type: ignore[attr-defined]
    try:
        for name in BIB_FILES:
            bibtex.parse_bibtex((DATA / "bib" / name).read_bytes(), merge=False)
        latex_cv.parse_latex_cv((DATA / "resumes" / LATEX_CV).read_bytes())
    finally:
        for module in modules:
            module.latex_to_text = convert  # type: ignore[attr-defined]
    return list(seen)


def follows_definitions() -> str:
    """Whether pylatexenc's walker reads a document's own command with the arguments its
    \\newcommand gave it (what latex_macros does for section commands)."""
    source = r"\newcommand{\cvsec}[1]{\section*{#1}}\cvsec{Experience}"
    nodes, _, _ = LatexWalker(source, tolerant_parsing=True).get_latex_nodes()
    use = next(n for n in nodes if isinstance(n, LatexMacroNode) and n.macroname == "cvsec")
    arguments = use.nodeargd.argnlist if use.nodeargd else []
    text = LatexNodes2Text().latex_to_text(source)
    return (
        f"pylatexenc {pylatexenc.__version__}: `\\cvsec` after its \\newcommand is read with "
        f"{len([a for a in arguments if a is not None])} argument(s), and converts to {text!r} "
        "(no definition is applied)"
    )


def recursion_depth() -> str:
    """The shallowest nesting of braces at which pylatexenc gives up, found by bisection."""
    low, high = 1, 1000  # reads `low` levels; fails at `high`

    def fails(depth: int) -> bool:
        try:
            latex_to_text_with_library("{" * depth + "x" + "}" * depth)
        except RecursionError:
            return True
        return False

    if not fails(high):
        return "pylatexenc read braces nested 1,000 deep"
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if fails(middle) else (middle, high)
    return (
        f"pylatexenc raises RecursionError from braces nested {high} deep "
        f"(Python's recursion limit {sys.getrecursionlimit()}); latex_to_text flattens "
        "past 6 levels instead"
    )


def latex_section() -> None:
    print("## LaTeX to text: latex_to_text against pylatexenc", pylatexenc.__version__)
    print()
    fragments = shared_fragments()
    payload = json.dumps(fragments).encode()
    hand = bounded("text/hand", payload, REPEATS)
    library = bounded("text/library", payload, REPEATS)
    cv_data = (DATA / "resumes" / LATEX_CV).read_bytes()
    cv_hand = bounded("cv/hand", cv_data, REPEATS)
    cv_library = bounded("cv/library", cv_data, REPEATS)
    print(FIGURES_HEADER)
    print(figures_row(f"{len(fragments)} shared fragments (mean of {REPEATS})", hand, library))
    print(figures_row(f"{LATEX_CV} through parse_latex_cv", cv_hand, cv_library))
    for case, source in HOSTILE_LATEX_FRAGMENTS.items():
        data = json.dumps([source]).encode()
        print(figures_row(case, bounded("text/hand", data), bounded("text/library", data)))
    for case, make in HOSTILE_LATEX.items():
        data = make()
        print(figures_row(case, bounded("cv/hand", data), bounded("cv/library", data)))
    print()
    if hand.result is not None and library.result is not None:
        pairs = list(zip(fragments, hand.result, library.result, strict=True))
        differing = [(f, h, lib) for f, h, lib in pairs if h != lib]
        print(
            f"Shared fragments converted alike: {len(pairs) - len(differing)} of {len(pairs)}; "
            f"differing: {len(differing)}. Some:"
        )
        for _, h, lib in _spread(differing, 10):
            at = next((i for i, (a, b) in enumerate(zip(h, lib, strict=False)) if a != b), 0)
            window = slice(max(at - 30, 0), at + 40)
            print(f"    hand …{h[window]!r}…\n    lib  …{lib[window]!r}…")
    if cv_hand.result is not None and cv_library.result is not None:
        same = sum(a == b for a, b in zip(cv_hand.result, cv_library.result, strict=False))
        print(
            f"{LATEX_CV}: entries hand {len(cv_hand.result)}, library {len(cv_library.result)}; "
            f"identical (kind, title, organisation, dates, bullets): {same}"
        )
    print(follows_definitions())
    print(recursion_depth())
    print()


def _spread(items: list, count: int) -> list:
    step = max(len(items) // count, 1)
    return items[::step][:count]


def main() -> int:
    started = time.perf_counter()
    print(f"Budget per read: {CPU_SECONDS} s CPU, {MEMORY_MB} MB (resumes/importers/sandbox.py)")
    print("Load average before the run: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print()
    bibtex_section()
    latex_section()
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
