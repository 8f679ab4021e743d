from django.urls import path

from tracker.views import (
    applications,
    board,
    calendar,
    clip,
    companies,
    contacts,
    dashboard,
    data,
    digest,
    followups,
    interview_prep,
    interviews,
    outreach,
    overview,
    preferences,
    quick_add,
    referrals,
)

app_name = "tracker"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/quick-add/", quick_add.quick_add, name="quick_add"),
    # The page the bookmarklet opens from a job's page on another site
    path("clip/", clip.clip, name="clip"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/stage/", applications.application_stage, name="application_stage"),
    path(
        "applications/<int:pk>/stage/undo/",
        applications.application_undo_stage,
        name="application_undo_stage",
    ),
    path(
        "applications/<int:pk>/delete/", applications.application_delete, name="application_delete"
    ),
    path("board/", board.board, name="board"),
    path("board/<int:pk>/move/", board.board_move, name="board_move"),
    path("companies/", companies.company_list, name="company_list"),
    path("companies/new/", companies.company_create, name="company_create"),
    path("companies/<int:pk>/", companies.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", companies.company_edit, name="company_edit"),
    path("companies/<int:pk>/delete/", companies.company_delete, name="company_delete"),
    # Interviews
    path(
        "applications/<int:pk>/interviews/new/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("applications/<int:pk>/rounds/", interviews.interview_rounds, name="interview_rounds"),
    path("applications/<int:pk>/prep/", interview_prep.interview_prep, name="interview_prep"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", interviews.interview_delete, name="interview_delete"),
    path("interviews/<int:pk>/calendar.ics", interviews.interview_ics, name="interview_ics"),
    path("interviews/<int:pk>/messages/", outreach.interview_messages, name="interview_messages"),
    # Contacts and referrals
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path(
        "applications/<int:pk>/referrals/new/",
        referrals.referral_create,
        name="referral_create",
    ),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/<int:pk>/stage/", referrals.referral_stage, name="referral_stage"),
    path("referrals/<int:pk>/edit/", referrals.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/delete/", referrals.referral_delete, name="referral_delete"),
    # Follow-ups
    path("this-week/", followups.this_week, name="this_week"),
    path(
        "applications/<int:pk>/follow-up/",
        followups.application_follow_up,
        name="application_follow_up",
    ),
    path("referrals/<int:pk>/follow-up/", followups.referral_follow_up, name="referral_follow_up"),
    path(
        "interviews/<int:pk>/follow-up/", followups.interview_follow_up, name="interview_follow_up"
    ),
    # Calendar feed: public by its secret token, read-only
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("calendar/settings/", calendar.calendar_feed_settings, name="calendar_feed_settings"),
    # Settings, and leaving the weekly digest (public by its signed token)
    path("settings/", preferences.settings_page, name="settings"),
    path(
        "settings/work-authorisation/",
        preferences.work_authorisation,
        name="work_authorisation",
    ),
    path("digest/unsubscribe/<str:token>/", digest.digest_unsubscribe, name="digest_unsubscribe"),
    path("digest/preview/", digest.digest_preview, name="digest_preview"),
    path("digest/preview/email/", digest.digest_preview_email, name="digest_preview_email"),
    # Numbers and data
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("data/", data.data, name="data"),
    path("data/applications.csv", data.export_csv, name="export_csv"),
    path("data/account.json", data.export_json, name="export_json"),
    path("data/account/import/", data.import_account, name="import_account"),
    path("data/import/", data.import_upload, name="import_upload"),
    path("data/import/<int:pk>/", data.import_preview, name="import_preview"),
    path("data/import/<int:pk>/confirm/", data.import_confirm, name="import_confirm"),
    path("data/import/<int:pk>/progress/", data.import_progress, name="import_progress"),
    path("data/import/<int:pk>/cancel/", data.import_cancel, name="import_cancel"),
]
