from django.contrib import admin

from tracker import services
from tracker.models import (
    Application,
    CalendarFeed,
    Company,
    Contact,
    CsvImport,
    DigestLog,
    Interview,
    Preferences,
    Referral,
    StageEvent,
    TokenBucket,
)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "owner"]
    list_filter = ["tier"]
    search_fields = ["name", "owner__username"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "outcome", "happened_on", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Events are written by the stage service when the stage changes, never by hand.
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """A new application and a change of stage or outcome go through the same services as
    in the app, so each is recorded in the stage log (dated today)."""

    list_display = ["role_title", "company", "stage", "outcome", "applied_on", "owner"]
    list_filter = ["stage", "outcome", "role_family", "source", "company__tier"]
    search_fields = ["role_title", "company__name", "owner__username"]
    list_select_related = ["company", "owner"]
    inlines = [StageEventInline]

    def save_model(self, request, obj: Application, form, change: bool) -> None:
        if not change:
            fields = {
                name: value
                for name, value in form.cleaned_data.items()
                if name not in {"owner", "company"}
            }
            created = services.create_application(owner=obj.owner, company=obj.company, **fields)
            obj.pk, obj.applied_on = created.pk, created.applied_on
            obj._state.adding = False
            return
        # The other fields are saved as typed; the stage is left to the service, which
        # locks the row, logs the change and fills in the application date.
        to_stage, outcome = obj.stage, obj.outcome
        obj.stage, obj.outcome = form.initial["stage"], form.initial["outcome"]
        super().save_model(request, obj, form, change)
        services.change_stage(application=obj, to_stage=to_stage, outcome=outcome)


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    """Read-only: the stage log is append-only, written only by the stage service."""

    list_display = ["application", "from_stage", "to_stage", "outcome", "happened_on"]
    list_select_related = ["application__company"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Never from the log's own pages; but deleting an application (or its company, or
        # the person) takes its events along, and Django's admin asks this to allow it.
        match = request.resolver_match
        own_page = match is not None and match.url_name.startswith("tracker_stageevent_")
        return not own_page and super().has_delete_permission(request, obj)


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "digest_enabled", "next_digest_at"]
    list_filter = ["digest_enabled", "digest_weekday"]
    search_fields = ["user__username"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["user", "week_start", "status", "attempts", "forced", "sent_at"]
    list_filter = ["status", "forced"]
    search_fields = ["user__username", "error"]
    list_select_related = ["user"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "scheduled_at", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["application__company"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "company_name", "relationship", "owner"]
    list_filter = ["relationship"]
    search_fields = ["name", "company_name", "owner__username"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["contact", "application", "stage", "next_follow_up_on"]
    list_filter = ["stage"]
    list_select_related = ["contact", "application__company"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """The token is a secret: the admin shows who has a feed, never its address."""

    list_display = ["owner", "created_at"]
    exclude = ["token"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CsvImport)
class CsvImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "owner", "created_at", "imported_at", "imported_count"]
    exclude = ["text"]


@admin.register(TokenBucket)
class TokenBucketAdmin(admin.ModelAdmin):
    # Keys are HMACs of usernames and addresses; deleting every bucket lifts every lockout.
    list_display = ["key", "tokens", "updated_at"]
    ordering = ["-updated_at"]
