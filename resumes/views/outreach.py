"""The referral ask: a message to a contact, quoting the person's experience that fits the
application's posting (see resumes.referral_ask). On the résumé side because the tracker
knows nothing of the inventory."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from resumes.referral_ask import referral_ask as compose_referral_ask
from tracker.access import get_referral_for_user
from tracker.rendering import render_page


@login_required
@require_GET
def referral_ask(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request, pk)
    ask = compose_referral_ask(referral=referral, user=cast(User, request.user))
    context = {
        "ask": ask,
        "referral": referral,
        "application": referral.application,
        "contact": referral.contact,
    }
    # A move of the referral's stage (its buttons are on the page) answers with the page's
    # body again, where the nudge follows the new stage.
    return render_page(request, "resumes/referral_ask.html", context, partials=("referral-ask",))
