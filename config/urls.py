from django.contrib import admin
from django.urls import include, path

from tracker.views import accounts, health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("resume/", include("resumes.urls")),
    path("", include("tracker.urls")),
]
