"""Importers: files people already have → the plain-data Inventory.

Pure Python (no Django), so every importer is testable without a database. Callers use
`parse_inventory_file`; it picks the importer by content (the file name is only a hint),
enforces the size limits before reading anything, and turns every failure into
`ImportFailed` with a message the person can act on.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath

from resumes.importers.dedupe import without_repeated_skills
from resumes.importers.errors import ImportFailed
from resumes.importers.safety import OLE_SIGNATURE, PDF_SIGNATURE, ZIP_SIGNATURE
from resumes.tailoring.inventory import Inventory

FORMATS: tuple[str, ...] = ("jsonresume", "bibtex", "docx", "pdf", "latex", "yaml")
MAX_BYTES: dict[str, int] = {
    "docx": 5 * 1024 * 1024,
    "pdf": 5 * 1024 * 1024,
    "jsonresume": 1024 * 1024,
    "bibtex": 1024 * 1024,
    "latex": 1024 * 1024,
    "yaml": 1024 * 1024,
}
_LARGEST = max(MAX_BYTES.values())
_EXTENSIONS: dict[str, str] = {
    ".json": "jsonresume",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".docx": "docx",
    ".doc": "docx",
    ".pdf": "pdf",
    ".tex": "latex",
    ".latex": "latex",
    ".yaml": "yaml",
    ".yml": "yaml",
}
_BIBTEX = re.compile(
    r"^[ \t]*@[ \t]*(?:article|book|booklet|inbook|incollection|inproceedings|conference|"
    r"manual|mastersthesis|misc|phdthesis|proceedings|techreport|unpublished|online|"
    r"thesis|report|software|dataset|string|preamble|comment)[ \t]*[{(]",
    re.I | re.M,
)
_LATEX = re.compile(r"\\documentclass|\\begin\{document\}|\\section\*?\{|\\cventry|\\input\{")
_YAML = re.compile(r"^(?:---|[A-Za-z_][\w -]*:(?:\s|$)|- )", re.M)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def detect_format(filename: str, data: bytes) -> str:
    """The importer for `data`: one of FORMATS, chosen by content, the extension a hint.

    Raises ImportFailed when the content is not any of them, or when the name promises a
    Word document and the bytes are text (or the reverse): a file that is not what it
    claims is refused rather than guessed at.
    """
    hinted = _EXTENSIONS.get(PurePath(filename or "").suffix.lower(), "")
    if data.startswith((OLE_SIGNATURE, ZIP_SIGNATURE)):
        if hinted and hinted != "docx":
            raise ImportFailed(
                f"'{filename}' is named like a {hinted} file but is a Word/ZIP package"
            )
        return "docx"
    if data.lstrip()[:5] == PDF_SIGNATURE:
        if hinted and hinted != "pdf":
            raise ImportFailed(f"'{filename}' is named like a {hinted} file but is a PDF")
        return "pdf"
    if hinted == "docx":
        raise ImportFailed(f"'{filename}' is named .docx but is not a Word document")
    if hinted == "pdf":
        raise ImportFailed(f"'{filename}' is named .pdf but is not a PDF")
    head = data[:65536].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if "\x00" in head:
        raise ImportFailed("this is a binary file, not a CV or bibliography")
    first = next(
        (
            line.strip()
            for line in head.splitlines()
            if line.strip() and line.strip()[0] not in "#%"
        ),
        "",
    )
    # The first line that is not a comment says the most: a YAML CV may hold LaTeX in its
    # comments, and BibTeX files often open with an exporter's banner.
    if first.startswith(("{", "[")):
        return "yaml" if hinted == "yaml" else "jsonresume"
    if _BIBTEX.search(head) and not _LATEX.search(head):
        return "bibtex"
    if first.startswith("\\") or (_LATEX.search(head) and not _YAML.match(first)):
        return "latex"
    if _YAML.match(first):
        return "yaml"
    if hinted:
        return hinted
    raise ImportFailed(
        "the file's format was not recognised (expected a PDF, DOCX, LaTeX, YAML or JSON Resume "
        "CV, or BibTeX)"
    )


def parse_inventory_file(
    filename: str, data: bytes, format: str | None = None, *, owner_name: str = ""
) -> Inventory:
    """Import one uploaded file into an Inventory (nothing is saved here).

    `format` overrides detection; `owner_name` lets BibTeX mark first-author papers.
    Raises ImportFailed for anything unusable; an import is all or nothing.
    """
    # Size first: a 20 MB upload is refused before a single byte is parsed.
    if len(data) > _LARGEST:
        raise ImportFailed(
            f"the file is {_megabytes(len(data))}; the limit is {_megabytes(_LARGEST)}"
        )
    if format is not None and format not in FORMATS:
        raise ImportFailed(f"unknown format '{format}'; expected one of {', '.join(FORMATS)}")
    chosen = format or detect_format(filename, data)
    if len(data) > MAX_BYTES[chosen]:
        raise ImportFailed(
            f"the file is {len(data) / 1024:.0f} KB; {chosen} files may be at most "
            f"{_megabytes(MAX_BYTES[chosen])}"
        )
    try:
        inventory = _parse(chosen, data, owner_name)
    except ImportFailed:
        raise
    except RecursionError as exc:
        raise ImportFailed("the file is nested too deeply to read") from exc
    except Exception as exc:
        # An importer bug must not surface as a server error; the chained traceback
        # keeps it debuggable.
        raise ImportFailed(f"the file could not be read ({type(exc).__name__}: {exc})") from exc
    # Whatever the format, a skill written twice ("PyTorch", "Pytorch") comes in once.
    return replace(inventory, skills=without_repeated_skills(inventory.skills))


def _parse(chosen: str, data: bytes, owner_name: str) -> Inventory:
    if chosen == "jsonresume":
        from resumes.importers.jsonresume import parse_json_resume_bytes

        return parse_json_resume_bytes(data)
    if chosen == "bibtex":
        from resumes.importers.bibtex import parse_bibtex

        return parse_bibtex(data, owner_name=owner_name)
    if chosen == "docx":
        from resumes.importers.docx_resume import parse_docx_resume

        return parse_docx_resume(data)
    if chosen == "pdf":
        from resumes.importers.pdf_resume import parse_pdf_resume

        return parse_pdf_resume(data)
    if chosen == "latex":
        from resumes.importers.latex_cv import parse_latex_cv

        return parse_latex_cv(data)
    from resumes.importers.yaml_cv import parse_yaml_cv

    return parse_yaml_cv(data)


__all__ = ["FORMATS", "MAX_BYTES", "ImportFailed", "detect_format", "parse_inventory_file"]
