"""Postings: capture one (pasted or fetched), read it back, and ask for a résumé."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resumes import services
from resumes.access import get_posting_for_user
from resumes.forms import BuildOptionsForm, PostingForm
from resumes.models import Posting
from resumes.posting_fetch import FetchFailed
from resumes.views.builds import numbered_versions
from tracker.access import get_application_for_user
from tracker.params import ascii_int
from tracker.rendering import render_page

PAGE_SIZE = 25


@login_required
@require_GET
def posting_list(request: HttpRequest) -> HttpResponse:
    postings = Posting.objects.for_user(request.user).select_related("application__company")
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "resumes/posting_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def posting_create(request: HttpRequest) -> HttpResponse:
    initial = _initial_from_application(request)
    form = PostingForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posting = services.capture_posting(
                user=request.user,
                text=data["text"],
                url=data["url"],
                title=data["title"],
                company=data["company"],
                application=data["application"],
            )
        except FetchFailed as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, "Posting saved, word for word.")
            return redirect(posting)
    return render(request, "resumes/posting_form.html", {"form": form})


def _initial_from_application(request: HttpRequest) -> dict:
    pk = ascii_int(request.GET.get("application"))
    if pk is None:
        return {}
    application = get_application_for_user(request, pk)
    return {
        "application": application.pk,
        "title": application.role_title,
        "company": application.company.name,
        "url": application.posting_url,
        "text": application.posting_text,
    }


@login_required
@require_GET
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_user(request, pk)
    context = {
        "posting": posting,
        "builds": list(reversed(numbered_versions(posting))),
        "options_form": BuildOptionsForm(),
    }
    # While a worker fetches the page, the posting's body polls until it is there.
    return render_page(request, "resumes/posting_detail.html", context, partials=("posting-body",))


@login_required
@require_POST
def posting_refetch(request: HttpRequest, pk: int) -> HttpResponse:
    posting = services.retry_posting_fetch(posting=get_posting_for_user(request, pk))
    return redirect(posting)


@login_required
@require_POST
def posting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_user(request, pk)
    posting.delete()
    messages.success(request, "Deleted the posting and its résumé versions.")
    return redirect("resumes:posting_list")
