"""Leaving the weekly digest from the link in it: public by its signed token.

Mail programs offer a one-click unsubscribe (RFC 8058): they POST
`List-Unsubscribe=One-Click` to the link in the `List-Unsubscribe` header, with no
session and no CSRF token. That request alone skips the CSRF check; the confirmation
page's own form carries a token like every other form. Either way the link can only
turn the digest off, and doing it twice changes nothing. A GET never unsubscribes (link
scanners follow links): it shows the form.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from tracker.accounts.preferences import unsubscribe_from_digest
from tracker.digest.content import user_pk_from_token

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
