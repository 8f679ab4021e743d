"""A board card as HTML, written here rather than in the board's template: the board
shows up to eighty cards of twenty values each, and resolving, localising and escaping
each value through the template engine was most of the page's time at ten thousand
applications. Every value still goes through `format_html`, so each is escaped."""

from __future__ import annotations

from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from tracker.models import Application


def card_html(
    card: Application,
    *,
    detail_url: str,
    move_url: str,
    move_options: SafeString,
    days_in_stage: int | None,
    csrf_token: str,
) -> SafeString:
    """An application's card: `move_options` are its rendered "Move to" <option>s;
    `days_in_stage` is how long since its last stage change (None: not known)."""
    return format_html(
        '<li class="board-card" draggable="true" id="card-{pk}">'
        '<a href="{detail_url}" class="card-title">{role}</a>'
        '<span class="card-company">{company} <span class="tier tier-{tier}">{tier_label}</span>'
        "</span>{notes}"
        '<form method="post" action="{move_url}" class="move-form" hx-post="{move_url}"'
        ' hx-target="#board" hx-swap="outerHTML">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        '<label for="move-{pk}" class="visually-hidden">Move {role} to</label>'
        '<select name="move_to" id="move-{pk}">{move_options}</select>'
        '<button type="submit" class="button small" aria-label="Move {role}" title="Move">'
        "→</button></form></li>",
        pk=card.pk,
        detail_url=detail_url,
        role=card.role_title,
        company=card.company.name,
        tier=card.company.tier,
        tier_label=card.company.get_tier_display(),
        notes=_notes(card, days_in_stage),
        move_url=move_url,
        csrf_token=csrf_token,
        move_options=move_options,
    )


def _notes(card: Application, days_in_stage: int | None) -> SafeString:
    """How it ended, how long it has sat in its column, and its next action."""
    notes = []
    if card.outcome:
        notes.append(format_html('<span class="muted">{}</span>', card.get_outcome_display()))
    if days_in_stage is not None:
        days = days_in_stage
        age = "here since today" if days == 0 else f"{days} day{'' if days == 1 else 's'} here"
        notes.append(format_html('<span class="card-age">{}</span>', age))
    if card.next_action_on:
        notes.append(
            format_html(
                '<span class="card-next{}">{} · {}</span>',
                " overdue" if card.next_action_overdue else "",
                format_date(card.next_action_on, "j M"),
                card.next_action or "next step",
            )
        )
    return mark_safe("".join(notes))  # each part made by format_html
