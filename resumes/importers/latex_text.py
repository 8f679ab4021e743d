"""LaTeX fragments (BibTeX fields, CV lines) → plain Unicode text.

Covers what CVs and bibliographies actually contain: accents in every spelling
(``\\'e``, ``{\\'{e}}``, ``\\"{o}``), special letters (``\\ss``, ``\\l``), escaped
characters, ties and dashes, TeX quotes, formatting macros (their text is kept),
``\\href`` (its text is kept; `links` returns the URL), and inline math
(Greek letters, common operators, digit sub/superscripts). Unknown macros are dropped
and their braced arguments read as text, which is what a reader of the PDF would see.

Hand-written rather than a dependency: the input is small, the rules above are the
whole job, and every character of hostile input is read once (no backtracking, bounded
recursion), so a pathological field cannot stall an import.
"""

from __future__ import annotations

import re
import unicodedata

_MAX_DEPTH = 6  # nested macro arguments; deeper input is flattened, not recursed

# Accent macros → combining characters (composed with NFC afterwards).
_ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}

# Macros that stand for a character or a short text.
_SYMBOLS: dict[str, str] = {
    "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
    "textendash": "–", "textemdash": "—", "textdollar": "$", "textbackslash": "\\",
    "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_", "textbar": "|",
    "textless": "<", "textgreater": ">", "textbullet": "•", "textperiodcentered": "·",
    "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“",
    "textquotedblright": "”", "textregistered": "®", "texttrademark": "™",
    "textcopyright": "©", "textdegree": "°", "textsection": "§", "S": "§", "P": "¶",
    "ldots": "…", "dots": "…", "textellipsis": "…", "LaTeX": "LaTeX", "TeX": "TeX",
    "BibTeX": "BibTeX", "slash": "/", "euro": "€", "pounds": "£", "copyright": "©",
    "dag": "†", "ddag": "‡", "guillemotleft": "«", "guillemotright": "»",
    "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ", "space": " ",
    "newline": " ", "linebreak": " ", "par": " ", "hfill": " ", "break": " ",
    "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "sim": "∼", "simeq": "≃",
    "approx": "≈", "propto": "∝", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
    "ne": "≠", "ll": "≪", "gg": "≫", "lt": "<", "gt": ">", "infty": "∞", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔",
    "mapsto": "↦", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "oplus": "⊕", "otimes": "⊗", "wedge": "∧", "vee": "∨", "neg": "¬",
    "forall": "∀", "exists": "∃", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏",
    "int": "∫", "ell": "ℓ", "hbar": "ħ", "circ": "∘", "deg": "°", "prime": "′",
    "emptyset": "∅", "star": "⋆", "ast": "∗", "bullet": "•", "cdots": "⋯", "vdots": "⋮",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "mid": "|", "vert": "|", "Vert": "‖", "backslash": "\\", "log": "log",
    "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "lim": "lim",
    "max": "max", "min": "min", "det": "det", "dim": "dim", "sup": "sup", "inf": "inf",
    "Pr": "Pr",
    # Journal macros of the AAS/ADS exports (\mnras etc.); what the PDF would print.
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL",
    "apjs": "ApJS", "ao": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rev.",
    "aaps": "A&AS", "azh": "AZh", "baas": "BAAS", "jrasc": "JRASC", "memras": "MmRAS",
    "mnras": "MNRAS", "pra": "Phys. Rev. A", "prb": "Phys. Rev. B", "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D", "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasp": "PASP",
    "pasj": "PASJ", "pasa": "PASA", "qjras": "QJRAS", "skytel": "S&T", "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature",
    "iaucirc": "IAU Circ.", "aplett": "Astrophys. Lett.", "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands", "fcp": "Fund. Cosmic Phys.", "gca": "GeoCoA",
    "grl": "Geophys. Res. Lett.", "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.",
    "jcap": "JCAP", "jqsrt": "JQSRT", "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.", "physscr": "Phys. Scr",
    "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE", "na": "New A", "nar": "New A Rev.",
    "psj": "PSJ",
}  # fmt: skip

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "varpi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
]
_GREEK_LETTERS = "αβγδεεζηθϑικλμνξοπϖρϱσςτυφϕχψω"
_SYMBOLS.update(zip(_GREEK, _GREEK_LETTERS, strict=True))
_SYMBOLS.update(
    zip(
        [
            "Gamma",
            "Delta",
            "Theta",
            "Lambda",
            "Xi",
            "Pi",
            "Sigma",
            "Upsilon",
            "Phi",
            "Psi",
            "Omega",
        ],
        "ΓΔΘΛΞΠΣΥΦΨΩ",
        strict=True,
    )
)


def _math_symbol_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for name, symbol in _SYMBOLS.items():
        if len(symbol) == 1 and (
            unicodedata.category(symbol) in ("Sm", "So")
            or unicodedata.name(symbol, "").startswith("GREEK")
        ):
            names.setdefault(symbol, name)  # ε is "epsilon", not "varepsilon"
    return names


# Each mathematical symbol and Greek letter → the macro name that writes it ("⊕" →
# "oplus"), so that a title typed in Unicode and the same title typed in TeX compare equal.
MATH_SYMBOL_NAMES: dict[str, str] = _math_symbol_names()

# Macros whose one argument is shown as it is (formatting only).
_KEEP_ARGUMENT = frozenset(
    [
        "textbf",
        "textit",
        "textsl",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "textup",
        "textmd",
        "textnormal",
        "emph",
        "underline",
        "uline",
        "mbox",
        "hbox",
        "fbox",
        "text",
        "mathrm",
        "mathbf",
        "mathit",
        "mathsf",
        "mathtt",
        "mathnormal",
        "mathcal",
        "mathscr",
        "mathfrak",
        "boldsymbol",
        "bm",
        "operatorname",
        "ensuremath",
        "url",
        "nolinkurl",
        "textsuperscript",
        "textsubscript",
        "MakeUppercase",
        "MakeLowercase",
        "uppercase",
        "lowercase",
    ]
)
# Macros whose arguments are not text (references, layout, definitions).
_DROP_ARGUMENTS: dict[str, int] = {
    "cite": 1, "citep": 1, "citet": 1, "label": 1, "ref": 1, "eqref": 1, "pageref": 1,
    "vspace": 1, "hspace": 1, "includegraphics": 1, "input": 1, "include": 1,
    "usepackage": 1, "documentclass": 1, "pagestyle": 1, "thispagestyle": 1,
    "setlength": 2, "addtolength": 2, "setcounter": 2, "addtocounter": 2, "begin": 1,
    "end": 1, "newcommand": 2, "renewcommand": 2, "color": 1, "fontsize": 2,
    "noopsort": 1, "footnote": 1, "index": 1, "phantom": 1, "hphantom": 1, "vphantom": 1,
}  # fmt: skip
_TWO_ARGUMENTS_KEEP_SECOND = frozenset({"href", "textcolor", "colorbox", "foreignlanguage"})
_DOUBLE_STRUCK = {"N": "ℕ", "Z": "ℤ", "Q": "ℚ", "R": "ℝ", "C": "ℂ", "P": "ℙ", "H": "ℍ"}
_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_ESCAPABLE = set("&%$#_{}")
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
_LEFTOVER_TEX = re.compile(r"\\[A-Za-z]{2,}")
_SINGLE_TOKEN = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z])")
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.S)
# Runs of ordinary text in one step; a lone "-", "`" or "'" is ordinary, doubled it is a
# dash or a TeX quote and goes through the character loop.
_PLAIN_RUN = re.compile(r"(?:[^\\%{}$~^_\-`']|-(?!-)|`(?!`)|'(?!'))+")
_PLAIN_MATH_RUN = re.compile(r"[^\\%{}$~^_\-`'\s]+")
_MACRO = re.compile(r"\\([A-Za-z]+|.?)", re.S)
_TOKEN_MACRO = re.compile(r"\\(?:[A-Za-z]+|.)", re.S)
_HTML_TAG = re.compile(r"</?(?:sc|i|b|em|strong|sub|sup|it|bf)>", re.I)


def latex_to_text(source: str) -> str:
    """Plain text of a LaTeX fragment, whitespace collapsed."""
    text = _Converter(source).run()
    # dblp escapes TeX as text ({\textbackslash}mathrm...); one more pass reads it.
    if "textbackslash" in source and _LEFTOVER_TEX.search(text):
        text = _Converter(text).run()
    # ADS keeps HTML markup in some titles ("H $\lt$sc$\gt$ii..." → "<sc>ii</sc>").
    text = _HTML_TAG.sub("", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def links(source: str) -> list[tuple[str, str]]:
    """(url, text) of each ``\\href{url}{text}`` and ``\\url{url}`` in a fragment."""
    found: list[tuple[str, str]] = []
    for match in re.finditer(r"\\(href|url)\s*\{", source):
        url, end = _group(source, match.end() - 1)
        text = url
        if match.group(1) == "href":
            rest = source[end:].lstrip()
            if rest.startswith("{"):
                text, _ = _group(rest, 0)
        found.append((url.strip(), latex_to_text(text)))
    return found


def is_text_macro(name: str) -> bool:
    """Whether `latex_to_text` renders this macro (formatting, symbols, accents)."""
    return (
        name in _KEEP_ARGUMENT
        or name in _TWO_ARGUMENTS_KEEP_SECOND
        or name in _SYMBOLS
        or name in _ACCENTS
        or name in _ESCAPABLE
        or name in ("frac", "sqrt", "mathbb", "(", ")", "[", "]", "\\", ",", ";", " ", "-")
    )


def brace_group(source: str, start: int) -> tuple[str, int]:
    """The raw content of the brace group opening at `start`, and the index after it."""
    return _group(source, start)


def _group(source: str, start: int) -> tuple[str, int]:
    """The raw content of the brace group opening at `start`, and the index after it.

    An unclosed group runs to the end of the input: text is better than an error here,
    since a real syntax error is reported by the file-level parser.
    """
    depth = 0
    for match in _BRACE_OR_ESCAPE.finditer(source, start):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return source[start + 1 : match.start()], match.end()
    return source[start + 1 :], len(source)


class _Converter:
    def __init__(self, source: str, depth: int = 0, math: bool = False) -> None:
        self.source = source
        self.depth = depth
        self.math = math
        self.index = 0
        self.out: list[str] = []

    def run(self) -> str:
        source = self.source
        while self.index < len(source):
            plain = (_PLAIN_MATH_RUN if self.math else _PLAIN_RUN).match(source, self.index)
            if plain:
                self.out.append(plain.group())
                self.index = plain.end()
                continue
            char = source[self.index]
            if char == "\\":
                self._macro()
            elif char == "%":
                end = source.find("\n", self.index)
                self.index = len(source) if end < 0 else end + 1
            elif char in "{}":
                self.index += 1
            elif char == "$":
                self._math_dollar()
            elif char == "~":
                self.out.append(" ")
                self.index += 1
            elif char in "^_" and self.math:
                self._script(char)
            elif not self.math and source.startswith("---", self.index):
                self.out.append("—")
                self.index += 3
            elif not self.math and source.startswith("--", self.index):
                self.out.append("–")
                self.index += 2
            elif not self.math and source.startswith(("``", "''"), self.index):
                self.out.append('"')
                self.index += 2
            elif self.math and char.isspace():
                self.index += 1
            else:
                self.out.append(char)
                self.index += 1
        return "".join(self.out)

    # -- pieces ---------------------------------------------------------------

    def _child(self, source: str, math: bool | None = None) -> str:
        # Fast paths for one-character and one-macro arguments ("\\'e", "\\frac12",
        # "\\'\\i"): no nested converter, so long runs of macros stay linear and cheap.
        if len(source) == 1 and source not in "{}$\\%~^_":
            return source
        if _SINGLE_TOKEN.fullmatch(source):
            name = source[1:]
            if name in _ESCAPABLE:
                return name
            if name in _SYMBOLS:
                return _SYMBOLS[name]
            if name in _ACCENTS or not name.isalpha():
                return ""
        if self.depth >= _MAX_DEPTH:
            return re.sub(r"\\[A-Za-z]+|[{}\\$]", "", source)
        return _Converter(source, self.depth + 1, self.math if math is None else math).run()

    def _argument(self) -> str:
        """The next argument, raw: a brace group or a single token, spaces skipped."""
        source = self.source
        while self.index < len(source) and source[self.index] in " \t\n":
            self.index += 1
        if self.index >= len(source):
            return ""
        if source[self.index] == "{":
            content, self.index = _group(source, self.index)
            return content
        if source[self.index] == "\\":
            match = _TOKEN_MACRO.match(source, self.index)
            assert match is not None
            self.index = match.end()
            return match.group()
        char = source[self.index]
        self.index += 1
        return char

    def _optional(self) -> None:
        """Skip an optional [..] argument."""
        source = self.source
        rest = source[self.index :].lstrip(" ")
        if rest.startswith("["):
            start = len(source) - len(rest)
            end = source.find("]", start)
            self.index = len(source) if end < 0 else end + 1

    def _macro(self) -> None:
        source = self.source
        match = _MACRO.match(source, self.index)
        assert match is not None
        name = match.group(1)
        self.index = match.end()
        if len(name) > 1 or name.isalpha():
            # A control word swallows the spaces after it.
            while self.index < len(source) and source[self.index] in " \t":
                self.index += 1
        if name in _ESCAPABLE:
            self.out.append(name)
        elif name in ("\\",):
            self._optional()
            self.out.append(" ")
        elif name in (",", ";", ":", " ", ">", "quad"):
            self.out.append(" ")
        elif name in ("!", "/", "-", "@", ""):
            pass  # kerning, discretionary hyphen, spacing corrections
        elif name in ("(", "["):
            closing = "\\)" if name == "(" else "\\]"
            end = source.find(closing, self.index)
            end = len(source) if end < 0 else end
            self.out.append(self._child(source[self.index : end], math=True))
            self.index = min(len(source), end + 2)
        elif name in (")", "]"):
            pass
        elif name in _ACCENTS:
            self._accent(name)
        elif name in _SYMBOLS:
            symbol = _SYMBOLS[name]
            self.out.append(symbol)
            if len(symbol) > 1 and match.end() < self.index:
                self.out.append(" ")  # "\mnras and" reads "MNRAS and", not "MNRASand"
        elif name in _KEEP_ARGUMENT:
            self._optional()
            self.out.append(self._child(self._argument()))
        elif name in _TWO_ARGUMENTS_KEEP_SECOND:
            self._argument()
            self.out.append(self._child(self._argument()))
        elif name in _DROP_ARGUMENTS:
            self._optional()
            for _ in range(_DROP_ARGUMENTS[name]):
                self._argument()
        elif name == "frac" or name in ("dfrac", "tfrac"):
            top, bottom = self._child(self._argument()), self._child(self._argument())
            self.out.append(f"{top}/{bottom}")
        elif name == "sqrt":
            self._optional()
            self.out.append("√" + self._child(self._argument()))
        elif name in ("mathbb", "mathbbm", "bbold"):
            letters = self._child(self._argument())
            self.out.append("".join(_DOUBLE_STRUCK.get(c, c) for c in letters))
        elif name in ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr"):
            pass  # sizing only; the delimiter that follows is printed as itself
        elif self.math and name.isalpha():
            self.out.append(name)  # an unknown operator name reads better than nothing
        # Anything else (size switches, \noindent, custom macros) prints nothing itself.

    def _accent(self, name: str) -> None:
        argument = self._argument()
        # A dotless i/j under an accent: NFC composes the accent with a plain i/j.
        base = argument[1] if argument in ("\\i", "\\j") else self._child(argument)
        if not base:
            # "\^{}" is how dblp writes a literal caret.
            self.out.append({"^": "^", "~": "~", '"': '"', "'": "'"}.get(name, ""))
            return
        self.out.append(base[0] + _ACCENTS[name] + base[1:])

    def _math_dollar(self) -> None:
        source = self.source
        double = source.startswith("$$", self.index)
        opener = "$$" if double else "$"
        start = self.index + len(opener)
        end = start
        while True:
            end = source.find(opener, end)
            if end < 0 or source[end - 1] != "\\":
                break
            end += 1
        if end < 0:
            # A lone "$" is a dollar sign, as in "USD $5"; do not swallow the rest.
            self.out.append("$")
            self.index += 1
            return
        self.out.append(self._child(source[start:end], math=True))
        self.index = end + len(opener)

    def _script(self, char: str) -> None:
        self.index += 1
        content = self._child(self._argument(), math=True)
        table = _SUPERSCRIPT if char == "^" else _SUBSCRIPT
        converted = content.translate(table)
        if content and all(c != o for c, o in zip(content, converted, strict=True)):
            self.out.append(converted)
        else:
            self.out.append(char + content)
