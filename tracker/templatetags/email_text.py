"""Filters for plain-text e-mails, where layout is made of spaces and line breaks."""

from django import template

register = template.Library()


@register.filter
def indent_lines(text: str, spaces: int = 4) -> str:
    """Every line of `text` indented, so a quoted block stands apart in a text e-mail."""
    pad = " " * int(spaces)
    return "\n".join(pad + line if line.strip() else "" for line in str(text).splitlines())
