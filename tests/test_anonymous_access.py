"""Only the public pages answer someone who is not logged in; the rest ask to log in."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "healthz",
    "signup",
    "signup_sent",
    "signup_confirm",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "tracker:calendar_feed",
    "tracker:digest_unsubscribe",
}
# Public only to whoever holds the secret in the address: a made-up one is refused.
PUBLIC_BY_TOKEN = {
    "tracker:calendar_feed": 404,
    "tracker:digest_unsubscribe": 404,
    "signup_confirm": 400,
}
EXAMPLE_KWARGS = {
    "pk": 1,
    "entry_pk": 1,
    "kind": "position",
    "uidb64": "MQ",
    "token": "set-password",
}


def _named_urls() -> list[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names = pattern.pattern.converters
                yield f"{namespace}{pattern.name}", {k: EXAMPLE_KWARGS[k] for k in names}

    return list(walk(get_resolver().url_patterns))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), _named_urls(), ids=lambda v: str(v))
def test_anonymous_sees_public_pages_and_is_sent_to_login_elsewhere(name, kwargs):
    response = Client().get(reverse(name, kwargs=kwargs))

    if name in PUBLIC_BY_TOKEN:
        assert response.status_code == PUBLIC_BY_TOKEN[name]
    elif name in PUBLIC:
        assert response.status_code in {200, 302, 405}
        assert "/accounts/login/" not in response.get("Location", "")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
