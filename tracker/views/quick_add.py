"""The one-line "company + role + stage" form shown above the table and the board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from tracker import services
from tracker.forms import QuickAddForm
from tracker.models import Company
from tracker.rendering import next_url, redirect_after_post, render_page


@login_required
@require_http_methods(["GET", "POST"])
def quick_add(request: HttpRequest) -> HttpResponse:
    form = QuickAddForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.create_application(
                owner=request.user,
                company_name=data["company_name"],
                new_company_tier=data["new_company_tier"],
                role_title=data["role_title"],
                stage=data["stage"],
                happened_on=data["happened_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Now tracking {application}.{form.guess_note()}")
            destination = next_url(request) or application.get_absolute_url()
            # The page around the form (table, board columns) changed too: reload it.
            return redirect_after_post(request, destination)
    context = {
        "quick_form": form,
        "next": next_url(request),
        "company_names": Company.objects.for_user(request.user).values_list("name", flat=True),
    }
    return render_page(request, "tracker/quick_add.html", context, partials=("quick-add",))
