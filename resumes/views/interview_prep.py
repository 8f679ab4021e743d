"""Saving a note on how to tell one bullet, from an application's interview prep page
(the page itself is the tracker's: `tracker:interview_prep`, filled by
`resumes.interview_prep`)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from resumes.bullet_notes import bullet_pk, save_bullet_note
from resumes.forms import BulletNoteForm
from resumes.interview_prep import planned_bullet, prep_bullet, sent_resume
from tracker.access import get_application_for_user


@login_required
@require_POST
def prep_note_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save (or clear) the note on one bullet of the résumé sent with application `pk`.
    With htmx the bullet's note form comes back in place; without, the prep page."""
    application = get_application_for_user(request, pk)
    owner = cast(User, request.user)
    htmx = bool(getattr(request, "htmx", False))
    build = sent_resume(application)
    key = request.POST.get("key", "")
    bullet = planned_bullet(build, key) if build and bullet_pk(key) else None
    if build is None or bullet is None:
        raise Http404("That bullet is not on the résumé sent with this application.")
    form = BulletNoteForm(request.POST)
    saved = form.is_valid()
    if saved:
        note = save_bullet_note(
            owner=owner, key=key, words=bullet.original, text=form.cleaned_data["text"]
        )
        if not htmx:
            messages.success(request, "Note saved." if note else "Note removed.")
            page = reverse("tracker:interview_prep", args=[application.pk])
            return redirect(f"{page}#bullet-{key}")
    context = {
        "application": application,
        "bullet": prep_bullet(build, owner, bullet),
        "form": form,
        "saved": saved,
    }
    # An invalid note without htmx gets a page of its own, so what was typed is not lost.
    template = "resumes/includes/prep_note.html" if htmx else "resumes/prep_note_page.html"
    return render(request, template, context)
