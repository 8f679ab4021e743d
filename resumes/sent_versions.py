"""The résumé sent with each application, as the tracker's dashboard compares versions
(registered with tracker.sent_resumes in ResumesConfig.ready)."""

from __future__ import annotations

from django.contrib.auth.models import User

from resumes.forms import STYLE_CHOICES
from resumes.models import ResumeBuild
from resumes.version_features import VersionFeatures
from tracker.sent_resumes import SentResume

STYLE_LABELS = dict(STYLE_CHOICES)


def sent_resumes_of(user: User) -> dict[int, SentResume]:
    """Application id → the features of the résumé recorded as sent with it; one query,
    reading only the builds' small `features`. When several were recorded for one
    application, the first sent is the one the employer answered."""
    sent = (
        ResumeBuild.objects.for_user(user)
        .filter(sent_with__isnull=False, features__isnull=False)
        .order_by("sent_on", "pk")
        .values_list("sent_with_id", "features")
    )
    found: dict[int, SentResume] = {}
    for application_id, data in sent:
        if application_id not in found:
            found[application_id] = sent_resume(VersionFeatures.from_dict(data))
    return found


def sent_resume(features: VersionFeatures) -> SentResume:
    return SentResume(
        style=STYLE_LABELS.get(features.style, features.style),
        pages=features.pages,
        rules=features.rules,
        headline=features.headline,
        summary=features.summary,
    )
