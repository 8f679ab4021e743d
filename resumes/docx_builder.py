"""ResumePlan (and its cover letter) → DOCX bytes, in the shape applicant-tracking systems
read reliably.

One column; section titles in real "Heading 1" paragraphs; bullets as real "List Bullet"
paragraphs; no tables, text boxes, images, columns, headers or footers; standard section
names; one date format (from `plan.format_range`); one standard font per style; core
properties set. Pure: no Django, no clock — the same plan gives the same bytes, because
the core-property dates are fixed and the zip entries are rewritten with a fixed time.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from resumes.tailoring.cover_letter import CoverLetter, letter_paragraphs
from resumes.tailoring.layout import STYLES, Style
from resumes.tailoring.plan import Paragraph, ResumePlan, paragraphs

# The default creation time, so a build without one is reproducible byte for byte.
FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
# python-docx's template carries a blank page as the file's thumbnail: a preview that shows
# nothing. It is left out, with its relationship.
_THUMBNAIL = "docProps/thumbnail.jpeg"
_THUMBNAIL_REL_RE = re.compile(rb"<Relationship [^>]*Target=\"docProps/thumbnail\.jpeg\"[^>]*/>")
NO_BREAK_SPACE = "\u00a0"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Characters XML 1.0 forbids (C0 controls other than tab/newline/CR, U+FFFE/FFFF) and lone
# surrogates, which python-docx would otherwise write into a file Word refuses to open.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BLACK = RGBColor(0, 0, 0)

PARAGRAPH_STYLES = {
    "name": "Title",
    "heading": "Heading 1",
    "bullet": "List Bullet",
    "item": "List Bullet",
}


def clean_text(text: str) -> str:
    """`text` without characters that cannot appear in an XML document."""
    return _XML_INVALID_RE.sub("", text)


def build_docx(plan: ResumePlan, created: datetime | None = None) -> bytes:
    """The résumé as a .docx file's bytes; `created` is the build's time, written into the
    file's properties (a fixed time when not given, so tests can compare bytes)."""
    return render_docx(
        paragraphs(plan),
        STYLES[plan.style],
        title=document_title(plan.header.name, "Résumé"),
        author=plan.header.name,
        subject="Résumé",
        created=created,
    )


def build_cover_letter_docx(letter: CoverLetter, created: datetime | None = None) -> bytes:
    """The cover letter as a .docx file, in its résumé's style and header."""
    return render_docx(
        letter_paragraphs(letter),
        STYLES[letter.style],
        title=document_title(letter.header.name, "Cover letter"),
        author=letter.header.name,
        subject="Cover letter",
        created=created,
    )


def render_docx(
    paras: list[Paragraph],
    style: Style,
    *,
    title: str,
    author: str,
    subject: str,
    created: datetime | None = None,
) -> bytes:
    """Paragraphs (résumé or letter) as a .docx file's bytes, in the house format."""
    document = Document()
    _set_up_page(document, style)
    _set_up_styles(document, style)
    # Look style ids up once: python-docx resolves a style name per paragraph otherwise,
    # which is most of the build time.
    style_ids = {kind: document.styles[name].style_id for kind, name in PARAGRAPH_STYLES.items()}
    for para in paras:
        _add(document, para, style, style_ids.get(para.kind))
    _set_core_properties(document, title, author, subject, created or FIXED_TIME)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _set_up_page(document: DocxDocument, style: Style) -> None:
    section = document.sections[0]
    section.page_width = Inches(style.page_width)
    section.page_height = Inches(style.page_height)
    section.top_margin = Inches(style.margin_top)
    section.bottom_margin = Inches(style.margin_bottom)
    section.left_margin = Inches(style.margin_left)
    section.right_margin = Inches(style.margin_right)
    section.header_distance = Inches(0.3)
    section.footer_distance = Inches(0.3)


def _set_font(style_obj, font_name: str, size: float, bold: bool | None = None) -> None:
    font = style_obj.font
    font.name = font_name
    font.size = Pt(size)
    font.color.rgb = _BLACK
    if bold is not None:
        font.bold = bold
    # Set every script slot, or Word falls back to the theme font for some characters.
    fonts = style_obj.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font_name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _set_up_styles(document: DocxDocument, style: Style) -> None:
    styles = document.styles
    body = style.looks["bullet"].size
    normal = styles["Normal"]
    _set_font(normal, style.font, body)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True
    for kind, name in PARAGRAPH_STYLES.items():
        look = style.looks[kind]
        docx_style = styles[name]
        _set_font(docx_style, style.font, look.size, bold=look.bold or kind in ("name", "heading"))
        fmt = docx_style.paragraph_format
        fmt.space_before = Pt(look.before)
        fmt.space_after = Pt(look.after)
        fmt.line_spacing = 1.0
        if kind in ("bullet", "item"):
            fmt.left_indent = Inches(look.indent)
            fmt.first_line_indent = Inches(-0.18)
    title = styles["Title"]
    title.font.italic = False
    _remove_borders(title)
    heading = styles["Heading 1"]
    heading.font.italic = False
    heading.paragraph_format.keep_with_next = True
    if style.heading_rule:
        _bottom_border(heading)


def _remove_borders(style_obj) -> None:
    ppr = style_obj.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _bottom_border(style_obj) -> None:
    _remove_borders(style_obj)
    ppr = style_obj.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must come before spacing/indentation in pPr's schema order.
    ppr.insert(0, borders)


def _add(
    document: DocxDocument, para: Paragraph, style: Style, style_id: str | None
) -> DocxParagraph:
    look = style.looks[para.kind]
    paragraph = document.add_paragraph()
    if style_id is not None:
        paragraph._p.style = style_id
    else:
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(look.before)
        fmt.space_after = Pt(look.after)
        if para.kind == "entry":
            fmt.keep_with_next = True
    if para.lead:
        lead = paragraph.add_run(clean_text(para.lead))
        lead.bold = True
        if para.text:
            paragraph.add_run(", " if para.kind == "entry" else " ")
    if para.text:
        run = paragraph.add_run(clean_text(para.text))
        if para.kind == "detail":
            run.italic = True
        if style_id is None and look.size != style.looks["bullet"].size:
            run.font.size = Pt(look.size)
    if para.right:
        stop = Inches(style.page_width - style.margin_left - style.margin_right)
        paragraph.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
        # A date range never breaks across lines ("Oct 2024 –" / "Present").
        paragraph.add_run("\t" + clean_text(para.right).replace(" ", NO_BREAK_SPACE))
    return paragraph


def document_title(name: str, what: str) -> str:
    """The file's title: the person's name and what the document is ("Résumé"). Nothing of
    the posting goes into the file's properties, where anyone it is forwarded to would read
    which job it was tailored for."""
    return " – ".join(p for p in (clean_text(name).strip(), what) if p)


def _set_core_properties(
    document: DocxDocument, title: str, author: str, subject: str, created: datetime
) -> None:
    props = document.core_properties
    # python-docx refuses core properties over 255 characters; a long name must not fail
    # the build.
    props.title = title[:255]
    props.author = clean_text(author)[:255]
    props.last_modified_by = clean_text(author)[:255]
    props.subject = subject
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = created
    props.modified = created
    props.last_printed = FIXED_TIME


def _normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so equal plans give equal bytes, and
    without the template's blank thumbnail."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == _THUMBNAIL:
                continue
            data = source.read(info.filename)
            if info.filename == "_rels/.rels":
                data = _THUMBNAIL_REL_RE.sub(b"", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    return out.getvalue()
