"""Leaving the weekly digest from the link in it: public by its signed token.

Mail programs offer a one-click unsubscribe (RFC 8058): they POST to the link in the
`List-Unsubscribe` header with no session and no CSRF token, so this one endpoint is
exempt from CSRF. It can only ever turn the digest off, and doing it twice changes
nothing. A GET never unsubscribes (link scanners follow links): it shows a form.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tracker import services
from tracker.digest import user_pk_from_token


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
    user = _user_for_token(token)
    if request.method == "POST":
        services.unsubscribe_from_digest(user=user)
        template = "tracker/digest_unsubscribed.html"
    else:
        template = "tracker/digest_unsubscribe.html"
    response = render(request, template, {"email": user.email, "token": token})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
