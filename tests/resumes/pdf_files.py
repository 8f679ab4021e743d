"""PDF files written byte by byte for the tests: a text CV laid out as a word processor
would (headings in bold, dates at the right margin, bullets), a scan with no text, and
hostile files. The standard fonts need no embedding, so each file is a few hundred bytes."""

from __future__ import annotations

import zlib

FONTS = {"regular": "F1", "bold": "F2"}


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + b"".join(bytes([c]) if c < 128 else b"\\%03o" % c for c in escaped) + b")"


def _stream(content: bytes, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + (b"\nendstream")
        )
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _page_objects(content: bytes, *, compress: bool = False) -> list[bytes]:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        _stream(content, compress),
        font % b"Helvetica",
        font % b"Helvetica-Bold",
    ]


def text_pdf(lines: list[tuple[str, str, float, float, float]]) -> bytes:
    """A one-page PDF; each line is (text, "regular" or "bold", size, x, y from the bottom)."""
    content = b"".join(
        b"BT /%s %.1f Tf %.1f %.1f Td %s Tj ET\n"
        % (FONTS[font].encode(), size, x, y, _literal(text))
        for text, font, size, x, y in lines
    )
    return _pdf(_page_objects(content))


def cv_lines() -> list[tuple[str, str, float, float, float]]:
    """A one-page CV as a person exports it from a word processor."""
    rows: list[tuple[str, str, float, float, float]] = []
    y = 740.0

    def add(text: str, font: str = "regular", size: float = 10.5, x: float = 72) -> None:
        rows.append((text, font, size, x, y))

    add("Ada Example", "bold", 18)
    y -= 20
    add("ada@example.com · github.com/ada-example")
    for heading, block in [
        (
            "Experience",
            [
                (
                    "Postdoctoral Researcher",
                    "2021 – present",
                    "Max Planck Institute for Physics, Munich",
                    [
                        "• Built a JAX solver used by 12 labs",
                        "• Cut simulation time from 9 h to 40 min",
                    ],
                ),
            ],
        ),
        (
            "Education",
            [("PhD in Theoretical Physics, University of Vienna", "2016 – 2021", "", [])],
        ),
        ("Skills", [("Python, JAX, PyTorch, Kubernetes", "", "", [])]),
    ]:
        y -= 28
        add(heading, "bold", 13)
        for title, dates, place, bullets in block:
            y -= 17
            add(title, "bold" if dates else "regular")
            if dates:
                rows.append((dates, "regular", 10.5, 470, y))
            if place:
                y -= 15
                add(place)
            for bullet in bullets:
                y -= 15
                add(bullet, x=84)
    return rows


def scanned_pdf() -> bytes:
    """A page that only draws (a scan is an image; here a filled rectangle): no text."""
    return _pdf(_page_objects(b"0.5 g 72 72 468 648 re f\n"))


def decompression_bomb_pdf(inflated_mb: int = 300) -> bytes:
    """A content stream of a few hundred KB that inflates to `inflated_mb` MB."""
    return _pdf(_page_objects(b" " * (inflated_mb * 1024 * 1024), compress=True))


def deeply_nested_pdf(depth: int = 200_000) -> bytes:
    """A page whose resources nest arrays `depth` deep."""
    objects = _page_objects(b"BT /F1 10 Tf 72 700 Td (Hello) Tj ET\n")
    objects[2] = objects[2].replace(
        b"/Contents 4 0 R", b"/Contents 4 0 R /Junk " + b"[" * depth + b"]" * depth
    )
    return _pdf(objects)
