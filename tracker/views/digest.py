"""The weekly digest's pages: leaving it from the link in it (public by its signed token),
and a preview of this week's digest for its owner.

Leaving it:

Mail programs offer a one-click unsubscribe (RFC 8058): they POST
`List-Unsubscribe=One-Click` to the link in the `List-Unsubscribe` header, with no
session and no CSRF token. That request alone skips the CSRF check; the confirmation
page's own form carries a token like every other form. Either way the link can only
turn the digest off, and doing it twice changes nothing. A GET never unsubscribes (link
scanners follow links): it shows the form.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from tracker.accounts.preferences import preferences_for, unsubscribe_from_digest
from tracker.digest.content import (
    Digest,
    build_digest,
    email_context,
    unsubscribe_url,
    user_pk_from_token,
)
from tracker.digest.emails import render_email
from tracker.time_zones import zone_or_utc

ONE_CLICK = ("List-Unsubscribe", "One-Click")


def _user_for_token(token: str) -> User:
    pk = user_pk_from_token(token)
    user = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    return user


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST" and request.POST.get(ONE_CLICK[0]) == ONE_CLICK[1]:
        return _unsubscribe(request, token)
    return _confirmation(request, token)


@csrf_protect
def _confirmation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        return _unsubscribe(request, token)
    user = _user_for_token(token)
    return _page(request, "tracker/digest_unsubscribe.html", user, token)


def _unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = _user_for_token(token)
    unsubscribe_from_digest(user=user)
    return _page(request, "tracker/digest_unsubscribed.html", user, token)


def _page(request: HttpRequest, template: str, user: User, token: str) -> HttpResponse:
    response = render(request, template, {"email": user.email, "token": token})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
def digest_preview(request: HttpRequest) -> HttpResponse:
    """This week's digest as it would be sent now, in text and HTML; nothing is sent."""
    digest, rendered = _this_weeks_digest(cast(User, request.user))
    context: dict[str, object] = {"digest": digest}
    if rendered is not None:
        context["subject"], context["text"], _ = rendered
    return render(request, "tracker/digest_preview.html", context)


@login_required
@require_GET
def digest_preview_email(request: HttpRequest) -> HttpResponse:
    """The HTML part of this week's digest on its own, as a mail program shows it."""
    _, rendered = _this_weeks_digest(cast(User, request.user))
    if rendered is None:
        raise Http404("There is nothing to say this week: no digest would be sent.")
    return HttpResponse(rendered[2])


def _this_weeks_digest(user: User) -> tuple[Digest, tuple[str, str, str] | None]:
    """The digest for today in the person's time zone, and its (subject, text, HTML), or
    None when it is empty (then none would be sent)."""
    zone = preferences_for(user).time_zone
    with timezone.override(zone_or_utc(zone)):
        digest = build_digest(user, today=timezone.localdate(), now=timezone.now())
        if digest.is_empty:
            return digest, None
        context = email_context(digest, unsubscribe=unsubscribe_url(user))
        return digest, render_email("digest", context)
