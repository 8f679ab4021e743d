"""What the résumé sent with each application was like, so the dashboard can say which
versions work without the tracker importing the app that builds them.

An app registers a provider when Django starts (in its AppConfig.ready): given a person,
it returns, per application id, the features of the résumé recorded as sent with it. The
résumé app registers the one reading its builds; without one, no application has a
recorded résumé and the dashboard says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User


@dataclass(frozen=True)
class SentResume:
    """One version's features, as the dashboard groups by them (display text)."""

    style: str  # "Classic (sans-serif)"
    pages: int  # as laid out
    rules: tuple[str, ...]  # the reframing rules it used, by id; empty when none
    headline: str  # the headline's own words, before any focus added for the posting
    summary: str  # the person's own sentence the summary opens with; "" when none


SentResumeProvider = Callable[[User], dict[int, SentResume]]

_providers: list[SentResumeProvider] = []


def register_sent_resumes(provider: SentResumeProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sent_resumes(user: User) -> dict[int, SentResume]:
    """Application id → the résumé recorded as sent with it, from every provider."""
    found: dict[int, SentResume] = {}
    for provider in _providers:
        found.update(provider(user))
    return found
