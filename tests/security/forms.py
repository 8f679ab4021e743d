"""Find the forms a page offers and fill them in the way a person (or an attacker) would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Input types that take free text: where a payload goes.
TEXT_TYPES = {"text", "search", "tel", ""}
# Values that satisfy the browser-typed inputs, so the free-text ones get through; each
# form's own (n), as a person's entries would be: two forms sending the same address would
# be told they track one job twice.
TYPED_VALUES = {
    "email": "p{n}@example.com",
    "url": "https://example.com/p{n}",
    "date": "2026-01-05",
    "datetime-local": "2026-06-01T10:00",
    "time": "10:00",
    "month": "2026-01",
}


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    checked: bool = False
    maxlength: int | None = None
    minimum: str = ""


@dataclass
class Form:
    method: str
    action: str
    htmx: bool
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None

    @property
    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind in TEXT_TYPES or f.kind == "textarea"]

    @property
    def takes_files(self) -> bool:
        return any(f.kind == "file" for f in self.fields)

    @property
    def signature(self) -> tuple:
        return (self.method, self.action, tuple(sorted(f.name for f in self.fields)))

    def data(
        self, payload: str, fallback: dict[str, str], n: int = 0
    ) -> dict[str, str | list[str]]:
        """Every free-text field gets the payload (as much as fits); the rest valid values."""
        data: dict[str, str | list[str]] = {}
        for f in self.fields:
            if f.name in fallback:
                data[f.name] = fallback[f.name]
            elif f.kind in TEXT_TYPES or f.kind == "textarea":
                data[f.name] = _fitting(payload, f)
            elif f.kind == "select":
                chosen = [option for option in f.selected if option]
                data[f.name] = chosen or [next((o for o in f.options if o), "")]
            elif f.kind in {"checkbox", "radio"}:
                if f.checked:
                    data[f.name] = f.value or "on"
                elif f.kind == "radio" and f.name not in data:
                    data[f.name] = f.value
            elif f.kind == "number":
                data[f.name] = f.value or f.minimum or "1"
            elif f.kind in TYPED_VALUES:
                data[f.name] = f.value or TYPED_VALUES[f.kind].format(n=n)
            elif f.kind == "hidden":
                data[f.name] = f.value
        if self.submit:
            data[self.submit[0]] = self.submit[1]
        return data


def _fitting(payload: str, f: Field) -> str:
    if f.maxlength is None or len(payload) <= f.maxlength:
        return payload
    short = re.search(r"<script>[^<]*</script>", payload).group(0)
    return short if len(short) <= f.maxlength else f.value


class FormFinder(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            post_target = a.get("hx-post")
            method = "post" if post_target or a.get("method", "").lower() == "post" else "get"
            action = post_target or a.get("action") or self.page_path
            self._form = Form(method, action, htmx=bool(post_target))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.selected.append(a.get("value", ""))
        if "name" not in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            if kind in {"submit", "image"}:
                self._form.submit = self._form.submit or (a["name"], a.get("value", ""))
                return
            self._form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value", ""),
                    checked="checked" in a,
                    maxlength=maxlength,
                    minimum=a.get("min", ""),
                )
            )
        elif tag == "textarea":
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._textarea = Field(a["name"], "textarea", maxlength=maxlength)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "button" and a.get("type", "submit") == "submit" and self._form.submit is None:
            self._form.submit = (a["name"], a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page_path: str) -> list[Form]:
    finder = FormFinder(page_path)
    finder.feed(html)
    return finder.forms


# A field wrapper marked wrong (includes/field.html and the inline forms), then its input.
ERROR_FIELD = re.compile(r'class="field[^"]*\bhas-error\b.*?\bname="([^"]+)"', re.S)


def error_fields(html: str) -> list[str]:
    """Names of the fields a re-rendered form marks as wrong."""
    return list(dict.fromkeys(ERROR_FIELD.findall(html)))


def has_errors(html: str) -> bool:
    return 'class="form-errors' in html or 'class="error"' in html
