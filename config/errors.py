"""The 500 handler: pages for server errors that render without the database, and a 503
with Retry-After when the database is what failed."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

# Raised while PostgreSQL restarts or cannot be reached: a connection refused, closed or
# terminated. Other database errors (a bad query, a broken constraint) are bugs: a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: Django calls it, inside its `except`, for any exception that a view
    or a middleware raised and nothing handled.

    Not a middleware's `process_exception`, which sees only exceptions raised by views:
    Django turns an exception raised by a middleware into a response where it is raised,
    and the first query of a signed-in request is a middleware's (the session, loaded
    for `request.user`). Django logs the exception and this response's status.

    The templates get no request and no context processors, which could query the
    database. Under WSGI `sys.exception()` is the exception being handled; under ASGI a
    view's exception reaches here in another thread and is answered with the 500 page.
    """
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


class DatabaseOutageLogFilter(logging.Filter):
    """One line per request while the database is unreachable, instead of a traceback of
    sixty: an outage is an event to notice, not a bug to read the stack of."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, DATABASE_UNAVAILABLE):
            reason = " ".join(str(error).split()) or type(error).__name__
            record.msg = f"{record.getMessage()} (database unavailable: {reason})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
