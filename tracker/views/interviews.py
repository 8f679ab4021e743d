"""Interviews of an application: add, edit, delete, plan the rounds, download a .ics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from tracker import ical, rounds, services
from tracker.access import get_application_for_user, get_interview_for_user
from tracker.forms import InterviewForm, RoundFormSet
from tracker.rendering import redirect_after_post, render_page


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = InterviewForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    form.instance.application = application
    if request.method == "POST" and form.is_valid():
        interview = form.save()
        messages.success(request, f"Added {interview.label}.")
        return redirect_after_post(request, application)
    context = {"form": form, "application": application}
    return render_page(
        request, "tracker/interview_form.html", context, partials=("interview-form",)
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {interview.label}.")
        return redirect_after_post(request, interview.application)
    context = {"form": form, "application": interview.application, "interview": interview}
    return render_page(
        request, "tracker/interview_form.html", context, partials=("interview-form",)
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, pk)
    if request.method == "POST":
        interview.delete()
        messages.success(request, f"Deleted {interview.label}.")
        return redirect_after_post(request, interview.application)
    return render_page(request, "tracker/interview_delete.html", {"interview": interview})


@login_required
@require_GET
def interview_ics(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, pk)
    if interview.scheduled_at is None:
        raise Http404("This round has no time yet.")
    response = HttpResponse(
        ical.interview_calendar(interview), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def interview_rounds(request: HttpRequest, pk: int) -> HttpResponse:
    """The tier's usual rounds, to accept in one click or edit before adding."""
    application = get_application_for_user(request, pk)
    template = rounds.rounds_for(application.company.tier)
    formset = RoundFormSet(request.POST or None, initial=template, prefix="rounds")
    if request.method == "POST" and "use_template" in request.POST:
        chosen = template
    elif request.method == "POST" and formset.is_valid():
        chosen = [form.cleaned_data for form in formset if form.chosen]
    else:
        chosen = None
    if chosen:
        planned = services.plan_rounds(application=application, rounds=chosen)
        messages.success(request, f"Planned {len(planned)} rounds. Add times as they come.")
        return redirect_after_post(request, application)
    if chosen == []:
        messages.error(request, "Keep at least one round, or go back.")
    context = {
        "application": application,
        "formset": formset,
        "template_summary": rounds.describe(application.company.tier),
    }
    return render_page(request, "tracker/interview_rounds.html", context)
