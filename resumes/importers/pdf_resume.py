"""A text-based PDF résumé → draft entries and bullets, read as the DOCX importer reads.

pdfminer.six lays each page out into text lines with their fonts; lines on one baseline
(a title at the left, its dates at the right margin) are joined with a tab, as a word
processor's right-aligned tab would be. A line is a heading when it names a known section
and stands out (bold, larger than the body text, or in capitals); a line opening with a
bullet character is a bullet. The DOCX importer's builder then recognises sections and
entries from these lines, so both formats read a CV alike.

Bounded before and while parsing: the size cap in `resumes.importers`, a page limit here,
and — like every importer — the sandbox's CPU and memory budget around the whole parse.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from resumes.importers.docx_resume import BULLET_CHARS, ResumeLines
from resumes.importers.errors import ImportFailed
from resumes.importers.safety import PDF_SIGNATURE, check_pdf_structure, clean_text
from resumes.importers.sections import classify_heading
from resumes.tailoring.inventory import Inventory

MAX_PAGES = 20  # a long academic CV has ten
# Lines whose baselines differ by less than this many points are one line of the page.
SAME_LINE_POINTS = 2.5
# A line that ends this close to the right margin was wrapped, not ended: the next word
# did not fit.
WRAP_SLACK_POINTS = 40.0
_LABEL = re.compile(r"[A-Z][\w &/+-]{0,30}: ")
SCANNED = (
    "this PDF has no text to read — it looks like a scan or a picture of a page. Upload the "
    "file your CV was written in (Word .docx, LaTeX .tex), or export it again as a PDF "
    "with text from the program that made it"
)


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool
    left: float  # where the line starts and ends, in points from the page's left edge
    right: float


def parse_pdf_resume(data: bytes) -> Inventory:
    """PDF bytes → Inventory. Raises ImportFailed for unreadable, scanned or huge files."""
    if data.lstrip()[:5] != PDF_SIGNATURE:
        raise ImportFailed("the file is not a PDF")
    check_pdf_structure(data)
    lines = list(_page_lines(data))
    if not any(line.text for line in lines):
        raise ImportFailed(SCANNED)
    body = statistics.median(line.size for line in lines)
    margin = max(line.right for line in lines)
    read: list[tuple[str, bool, bool, _Line]] = []
    for line in lines:
        bullet = line.text[0] in BULLET_CHARS and line.text[1:2] in (" ", "\t")
        text = line.text[1:].strip() if bullet else line.text
        heading = _is_heading(line, body)
        previous = read[-1] if read else None
        wraps = previous and not (bullet or heading or previous[1])
        if previous and wraps and _continues(line, previous, margin):
            # Compared from now on: where the joined line ends, and where its first line began.
            joined = replace(line, left=previous[3].left)
            read[-1] = (_rejoined(previous[0], text), False, previous[2], joined)
            continue
        read.append((text, heading, bullet, line))
    builder = ResumeLines()
    for text, heading, bullet, _ in read:
        builder.line(text, heading, bullet)
    return builder.result()


def _continues(line: _Line, previous: tuple[str, bool, bool, _Line], margin: float) -> bool:
    """Whether `line` is the wrapped rest of the line before, in the same type size: the
    line before ran to the right margin (`margin`, where the longest lines end), or it
    was a bullet and this line starts under its text, or this line opens in lower case
    after one that did not end."""
    text, _, was_bullet, before = previous
    if abs(line.size - before.size) > 0.5:
        return False
    if was_bullet and line.left > before.left + 1:
        return True  # under the bullet's text, with its date at the margin if any
    if "\t" in line.text or "\t" in text or _LABEL.match(line.text):
        return False  # "Libraries: …" opens a line of its own
    if before.right >= margin - WRAP_SLACK_POINTS and not text.endswith((".", "!", "?")):
        return True
    return line.text[:1].islower() and not text.endswith((".", ":", ";", "!", "?"))


def _rejoined(text: str, rest: str) -> str:
    """A wrapped line put back together; a word broken at a hyphen keeps the hyphen."""
    if text.endswith("-") and text[-2:-1].isalpha():
        return text + rest
    return f"{text} {rest}"


def _page_lines(data: bytes) -> Iterator[_Line]:
    try:
        pages = extract_pages(io.BytesIO(data), maxpages=MAX_PAGES + 1, laparams=LAParams())
        for number, page in enumerate(pages, start=1):
            if number > MAX_PAGES:
                raise ImportFailed(f"the PDF has more than {MAX_PAGES} pages")
            yield from _lines_of(page)
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ImportFailed(f"the PDF cannot be read: {exc}") from exc
    except MemoryError as exc:
        raise ImportFailed(
            "the PDF inflates to far more data than a CV holds (a compressed stream too large "
            "to read); it is refused"
        ) from exc


def _lines_of(page: LTPage) -> Iterator[_Line]:
    """The page's text lines top to bottom, those sharing a baseline joined left to right."""
    found: list[tuple[float, float, LTTextLine]] = []
    for box in page:
        if isinstance(box, LTTextContainer):
            for line in box:
                if isinstance(line, LTTextLine) and line.get_text().strip():
                    found.append((line.y0, line.x0, line))
    found.sort(key=lambda item: (-item[0], item[1]))
    row: list[tuple[float, float, LTTextLine]] = []
    for item in found:
        if row and abs(row[0][0] - item[0]) > SAME_LINE_POINTS:
            yield _joined(row)
            row = []
        row.append(item)
    if row:
        yield _joined(row)


def _joined(row: list[tuple[float, float, LTTextLine]]) -> _Line:
    row.sort(key=lambda item: item[1])
    texts = [clean_text(line.get_text()).strip() for _, _, line in row]
    chars = [
        c for _, _, line in row for c in line if isinstance(c, LTChar) and c.get_text().strip()
    ]
    size = statistics.median(c.size for c in chars) if chars else 0.0
    bold = bool(chars) and sum("bold" in c.fontname.lower() for c in chars) > len(chars) / 2
    right = max(line.x1 for _, _, line in row)
    return _Line("\t".join(t for t in texts if t), size, bold, row[0][1], right)


def _is_heading(line: _Line, body_size: float) -> bool:
    words = line.text.split()
    if not words or len(words) > 6 or "\t" in line.text or not classify_heading(line.text):
        return False
    larger = line.size > body_size * 1.1
    return line.bold or larger or (line.text.isupper() and len(line.text) > 3)
