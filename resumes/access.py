"""One way to fetch a person's inventory objects: anything not theirs is a 404."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from resumes.models import Bullet, Entry, ImportDraft, Posting, ResumeBuild, Skill


def get_entry_for_user(request: HttpRequest, pk: int) -> Entry:
    return get_object_or_404(Entry.objects.for_user(request.user), pk=pk)


def get_bullet_for_user(request: HttpRequest, pk: int) -> Bullet:
    return get_object_or_404(
        Bullet.objects.filter(entry__owner=request.user).select_related("entry"), pk=pk
    )


def get_skill_for_user(request: HttpRequest, pk: int) -> Skill:
    return get_object_or_404(Skill.objects.for_user(request.user), pk=pk)


def get_import_draft_for_user(request: HttpRequest, pk: int) -> ImportDraft:
    return get_object_or_404(ImportDraft.objects.for_user(request.user), pk=pk)


def get_posting_for_user(request: HttpRequest, pk: int) -> Posting:
    return get_object_or_404(Posting.objects.for_user(request.user), pk=pk)


def get_build_for_user(request: HttpRequest, pk: int) -> ResumeBuild:
    return get_object_or_404(
        ResumeBuild.objects.for_user(request.user).select_related("posting", "sent_with"), pk=pk
    )
