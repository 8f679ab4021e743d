from django.urls import path

from resumes.views import (
    builds,
    bullets,
    entries,
    imports,
    interview_prep,
    inventory,
    learning,
    outreach,
    postings,
    skills,
)

app_name = "resumes"

urlpatterns = [
    path("", inventory.inventory, name="inventory"),
    path("basics/", inventory.basics_edit, name="basics_edit"),
    path("entries/new/<str:kind>/", entries.entry_create, name="entry_create"),
    path("entries/<int:pk>/", entries.entry_card, name="entry_card"),
    path("entries/<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", entries.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/move/", entries.entry_move, name="entry_move"),
    path("entries/<int:entry_pk>/bullets/", bullets.bullet_create, name="bullet_create"),
    path("bullets/<int:pk>/edit/", bullets.bullet_edit, name="bullet_edit"),
    path("bullets/<int:pk>/delete/", bullets.bullet_delete, name="bullet_delete"),
    path("bullets/<int:pk>/move/", bullets.bullet_move, name="bullet_move"),
    path("skills/new/", skills.skill_create, name="skill_create"),
    path("skills/<int:pk>/edit/", skills.skill_edit, name="skill_edit"),
    path("skills/<int:pk>/delete/", skills.skill_delete, name="skill_delete"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("export/json-resume/", imports.export_json_resume, name="export_json_resume"),
    path("postings/", postings.posting_list, name="posting_list"),
    path("postings/new/", postings.posting_create, name="posting_create"),
    path("postings/<int:pk>/", postings.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/delete/", postings.posting_delete, name="posting_delete"),
    path("postings/<int:pk>/fetch-again/", postings.posting_refetch, name="posting_refetch"),
    path("postings/<int:pk>/build/", builds.build_request, name="build_request"),
    path("builds/<int:pk>/", builds.build_detail, name="build_detail"),
    path("builds/<int:pk>/download/", builds.build_download, name="build_download"),
    path(
        "builds/<int:pk>/cover-letter/",
        builds.build_cover_letter_download,
        name="build_cover_letter_download",
    ),
    path("builds/<int:pk>/retry/", builds.build_retry, name="build_retry"),
    path("builds/<int:pk>/sent/", builds.build_mark_sent, name="build_mark_sent"),
    path("builds/<int:pk>/compare/", builds.build_diff, name="build_diff"),
    path("skill-gaps/", learning.skill_gaps, name="skill_gaps"),
    path("referrals/<int:pk>/ask/", outreach.referral_ask, name="referral_ask"),
    # pk: the application whose prep page the note is written on
    path("applications/<int:pk>/prep-note/", interview_prep.prep_note_save, name="prep_note_save"),
]
