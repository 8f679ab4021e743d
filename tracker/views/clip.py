"""The page the bookmarklet opens: a job seen on another site, read into a quick add and
saved with one click at "saved", with its posting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tracker import services
from tracker.forms import ClipForm
from tracker.job_pages import ClippedPage, read_title, site_of, tier_guess
from tracker.models import Application, Company
from tracker.posting_capture import fetch_offered


@login_required
@require_http_methods(["GET", "POST"])
def clip(request: HttpRequest) -> HttpResponse:
    page = ClippedPage.from_query(request.GET)
    if request.method == "POST":
        form = ClipForm(request.POST, owner=request.user)
        application = _save(request, form) if form.is_valid() else None
        if application is not None:
            return redirect(application)
    else:
        form = ClipForm(owner=request.user, initial=_prefill(request, page))
        form.flag_duplicate()
    text = form["posting_text"].value() or ""
    context = {
        "form": form,
        "page": page,
        "site": site_of(form["posting_url"].value() or ""),
        "offer_fetch": fetch_offered() and not text.strip(),
        "company_names": Company.objects.for_user(request.user).values_list("name", flat=True),
    }
    return render(request, "tracker/clip.html", context)


def _prefill(request: HttpRequest, page: ClippedPage) -> dict:
    guess = read_title(page.title, page.url)
    tracked = Company.objects.for_user(request.user).named(guess.company).first()
    return {
        "company_name": tracked.name if tracked else guess.company,
        "role_title": guess.role,
        "new_company_tier": tier_guess(guess.company, tracked=tracked),
        "posting_url": page.url,
        "posting_text": page.text,
        "fetch_posting": not page.text,
    }


def _save(request: HttpRequest, form: ClipForm) -> Application | None:
    """The job saved, or None with the reason added to the form."""
    data = form.cleaned_data
    try:
        application = services.save_clipped_job(
            owner=request.user,
            company_name=data["company_name"],
            new_company_tier=data["new_company_tier"],
            role_title=data["role_title"],
            posting_url=data["posting_url"],
            posting_text=data["posting_text"],
            fetch_posting=data["fetch_posting"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _saved_message(application, fetching=_fetches(data)))
    return application


def _fetches(data: dict) -> bool:
    return fetch_offered() and data["fetch_posting"] and not data["posting_text"].strip()


def _saved_message(application: Application, *, fetching: bool) -> str:
    saved = f"Now tracking {application}, saved for later."
    return f"{saved} Its posting is being fetched from the page." if fetching else saved
