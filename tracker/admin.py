from django.contrib import admin

from tracker.models import Application, Company, Preferences, StageEvent


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


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["role_title", "company", "stage", "outcome", "applied_on", "owner"]
    list_filter = ["stage", "outcome", "role_family", "source", "company__tier"]
    search_fields = ["role_title", "company__name", "owner__username"]
    list_select_related = ["company", "owner"]
    inlines = [StageEventInline]


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    """Read-only: the stage log is append-only."""

    list_display = ["application", "from_stage", "to_stage", "outcome", "happened_on"]
    list_select_related = ["application__company"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone"]
