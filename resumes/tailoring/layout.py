"""Page geometry: the visual styles, and how tall a plan will be when rendered.

The selection step must know whether another bullet still fits the page budget before any
DOCX exists, so each style's sizes and spacing live here, shared by the estimator and the
DOCX builder. Text width is measured with the standard Helvetica and Times metrics (Arial
and Times New Roman, and LibreOffice's Liberation fonts, are metric-compatible with them),
and lines are wrapped word by word the way a word processor does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from resumes.tailoring.plan import Paragraph

# Advance widths in 1/1000 em for ASCII 32..126 (Adobe core font metrics).
_HELVETICA = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556"
    " 556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667"
    " 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556"
    " 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722"
    " 500 500 500 334 260 334 584"
)
_TIMES = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500"
    " 500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722"
    " 611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444"
    " 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722"
    " 500 500 444 480 200 480 541"
)
_WIDTHS = {
    "sans": [int(w) for w in _HELVETICA.split()],
    "serif": [int(w) for w in _TIMES.split()],
}
_BOLD_FACTOR = 1.08  # bold faces run about this much wider
_LINE_FACTOR = 1.17  # single line spacing of these fonts, as a multiple of the size


@dataclass(frozen=True)
class ParagraphLook:
    size: float  # points
    bold: bool = False
    before: float = 0.0  # space before, points
    after: float = 0.0
    indent: float = 0.0  # left indent, inches


@dataclass(frozen=True, eq=False)  # compared by identity, so it can key a cache
class Style:
    name: str
    font: str
    family: str  # sans or serif: which metrics
    looks: dict[str, ParagraphLook]
    page_width: float = 8.5  # inches (US Letter)
    page_height: float = 11.0
    margin_top: float = 0.6
    margin_bottom: float = 0.6
    margin_left: float = 0.7
    margin_right: float = 0.7
    heading_rule: bool = True  # a thin line under section headings
    fill: float = 0.96  # share of the page the estimate may use: a margin for error

    @property
    def text_width_pt(self) -> float:
        return (self.page_width - self.margin_left - self.margin_right) * 72

    @property
    def page_height_pt(self) -> float:
        return (self.page_height - self.margin_top - self.margin_bottom) * 72 * self.fill


def _looks(body: float, name: float, heading: float) -> dict[str, ParagraphLook]:
    return {
        "name": ParagraphLook(name, bold=True, after=2),
        "headline": ParagraphLook(body + 1, after=1),
        "contact": ParagraphLook(body - 1, after=4),
        "heading": ParagraphLook(heading, bold=True, before=8, after=3),
        "summary": ParagraphLook(body, after=2),
        "entry": ParagraphLook(body, before=4, after=1),
        "detail": ParagraphLook(body - 0.5, after=1),
        "bullet": ParagraphLook(body, after=1, indent=0.25),
        "item": ParagraphLook(body, after=2, indent=0.25),
        "skills": ParagraphLook(body, after=2),
        "letter": ParagraphLook(body + 0.5, before=6, after=3),  # a cover letter's paragraph
    }


STYLES: dict[str, Style] = {
    "classic": Style("classic", "Arial", "sans", _looks(10.0, 18.0, 11.5)),
    "serif": Style(
        "serif",
        "Times New Roman",
        "serif",
        _looks(10.5, 20.0, 12.0),
        margin_left=0.75,
        margin_right=0.75,
        margin_top=0.7,
        margin_bottom=0.7,
        heading_rule=False,
    ),
}


def text_width(text: str, size: float, family: str, bold: bool = False) -> float:
    """Width of `text` in points."""
    widths = _WIDTHS[family]
    total = 0
    for ch in text:
        code = ord(ch)
        total += widths[code - 32] if 32 <= code <= 126 else 556
    return total * size / 1000 * (_BOLD_FACTOR if bold else 1.0)


def line_count(runs: list[tuple[str, bool]], width_pt: float, size: float, family: str) -> int:
    """Lines a paragraph of (text, bold) runs wraps to, breaking at spaces."""
    space = text_width(" ", size, family)
    lines, used = 1, 0.0
    for text, bold in runs:
        for word in text.split():
            w = text_width(word, size, family, bold)
            if used and used + space + w > width_pt:
                lines += 1
                used = 0.0
            while w > width_pt:  # a URL longer than the line breaks anywhere
                lines += 1
                w -= width_pt
            used += (space if used else 0.0) + w
    return lines


@lru_cache(maxsize=8192)
def paragraph_height(para: Paragraph, style: Style) -> tuple[float, int]:
    """(height in points, lines) of one paragraph."""
    look = style.looks[para.kind]
    width = style.text_width_pt - look.indent * 72
    runs = [(para.lead, True), (para.text, look.bold)]
    if para.right:
        # The tab before a right-aligned date needs some room.
        runs.extend([("MMM", False), (para.right, look.bold)])
    lines = line_count(runs, width, look.size, style.family)
    height = lines * look.size * _LINE_FACTOR + look.before + look.after
    if para.kind == "heading" and style.heading_rule:
        height += 3
    return height, lines


def page_count(
    paras: list[Paragraph],
    style: Style,
    known: dict[Paragraph, tuple[float, int]] | None = None,
) -> float:
    """Estimated pages, as a fraction: 1.4 means one full page and 40% of the next.

    Headings stay with the paragraph after them and short paragraphs are not split across
    a page break, as word processors do (keep-with-next, widow and orphan control).
    `known` keeps paragraph heights between calls in the same style: a selection lays the
    page out once per candidate, and most paragraphs are the same each time.
    """
    page_h = style.page_height_pt
    pages, used = 0, 0.0
    if known is None:
        heights = [paragraph_height(p, style) for p in paras]
    else:
        heights = []
        for para in paras:
            if para not in known:
                known[para] = paragraph_height(para, style)
            heights.append(known[para])
    for i, (para, (h, lines)) in enumerate(zip(paras, heights, strict=True)):
        if para.kind == "heading" and i + 1 < len(heights):
            needed = h + min(heights[i + 1][0], 3 * style.looks["bullet"].size * _LINE_FACTOR)
        else:
            needed = h
        if used + needed > page_h and used > 0:
            splits = lines >= 4 and used + h / 2 <= page_h  # a long paragraph splits
            used = used + h - page_h if splits else h
            pages += 1
            continue
        used += h
    return pages + used / page_h
