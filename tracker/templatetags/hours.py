"""Hours as people write them: "1.5", "6", "0.25" — not "1.50" or "6.00"."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value: Decimal | float | None) -> str:
    """Hours to at most two decimals, without trailing zeros; empty when not recorded."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
