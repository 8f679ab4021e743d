"""Rates and medians as the dashboard shows them: the figure only from a big enough
sample, the counts always. Filters rather than included templates: the dashboard shows
some sixty of them, and an include each was a third of its rendering."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.dashboard import Rate
from tracker.what_works import Median

register = template.Library()


@register.filter
def rate(value: Rate) -> SafeString:
    """ "40% (2 of 5)"; a dash with the counts below the smallest sample."""
    if value.shown:
        return format_html("{}% <small>({} of {})</small>", value.percent, value.count, value.total)
    return format_html(
        '<span title="Too few to give a rate (n = {})">—</span> <small>({} of {})</small>',
        value.total,
        value.count,
        value.total,
    )


@register.filter
def median_days(value: Median) -> SafeString:
    """ "6.5 (n = 8)"; a dash with the sample size below the smallest sample."""
    if value.shown:
        return format_html(
            "{} <small>(n = {})</small>", floatformat(value.value, "-1"), value.sample
        )
    return format_html(
        '<span title="Too few answers to say (n = {})">—</span> <small>(n = {})</small>',
        value.sample,
        value.sample,
    )
