"""Pick the whole page or one of its partials, as STYLE.md's htmx pattern asks; and where
to go after a form sent from several pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partials: tuple[str, ...] = (),
    status: int = 200,
) -> HttpResponse:
    """Render `template`, or only the partial whose id htmx targets.

    A partial is named after the id of its root element, so the target of an htmx
    request says which fragment to send back; other requests get the full page.
    """
    htmx = getattr(request, "htmx", None)
    target = htmx and htmx.target
    if target and target in partials:
        template = f"{template}#{target}"
    return render(request, template, context, status=status)


def redirect_after_post(request: HttpRequest, to, *args) -> HttpResponse:
    """Redirect after a successful POST; htmx is told to load the new page whole, since
    swapping a full page into a form's place would nest one page inside another."""
    if getattr(request, "htmx", None):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = resolve_url(to, *args)
        return response
    return redirect(to, *args)


def next_url(request: HttpRequest) -> str:
    """The page a form asked to come back to (its `next` field or parameter), if it is one
    of ours; "" otherwise."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return ""
