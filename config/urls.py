from django.contrib import admin
from django.urls import include, path

from tracker.accounts.throttling import views as throttling_views
from tracker.accounts.throttling.forms import ThrottledAdminAuthenticationForm
from tracker.views import accounts, health

# Both log-in forms count failures; the reset link is the way past a lockout.
admin.site.login_form = ThrottledAdminAuthenticationForm

# Server errors render without the database; a database outage answers 503.
handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path(
        "accounts/signup/confirm/<uidb64>/<token>/",
        accounts.signup_confirm,
        name="signup_confirm",
    ),
    # Ahead of Django's own views of the same name and address, which they replace.
    path("accounts/login/", throttling_views.login, name="login"),
    path("accounts/password_reset/", throttling_views.password_reset, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        throttling_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("resume/", include("resumes.urls")),
    path("", include("tracker.urls")),
]
