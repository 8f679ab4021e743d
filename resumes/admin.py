from django.contrib import admin

from resumes.models import (
    Basics,
    Bullet,
    BulletNote,
    Entry,
    ImportDraft,
    Posting,
    ResumeBuild,
    Skill,
)


@admin.register(Basics)
class BasicsAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "headline", "updated_at"]
    search_fields = ["name", "owner__username"]


class BulletInline(admin.TabularInline):
    model = Bullet
    extra = 0
    fields = ["text", "order"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "start", "end", "owner"]
    list_filter = ["kind", "paper_type"]
    search_fields = ["title", "organization", "owner__username"]
    inlines = [BulletInline]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "group", "owner"]
    list_filter = ["category"]
    search_fields = ["name", "owner__username"]


@admin.register(ImportDraft)
class ImportDraftAdmin(admin.ModelAdmin):
    list_display = ["filename", "format", "owner", "created_at"]


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "source", "owner", "captured_at"]
    search_fields = ["title", "company", "owner__username"]


@admin.register(ResumeBuild)
class ResumeBuildAdmin(admin.ModelAdmin):
    """Builds are read-only here: a ready build is the exact file that was sent."""

    list_display = ["posting", "status", "score_before", "score_after", "owner", "created_at"]
    list_filter = ["status"]
    list_select_related = ["posting", "owner"]
    readonly_fields = [f.name for f in ResumeBuild._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Bullet)
class BulletAdmin(admin.ModelAdmin):
    list_display = ["text", "entry", "order"]
    search_fields = ["text", "entry__title"]
    list_select_related = ["entry"]


@admin.register(BulletNote)
class BulletNoteAdmin(admin.ModelAdmin):
    list_display = ["bullet_text", "bullet_key", "owner", "updated_at"]
    search_fields = ["bullet_text", "text", "owner__username"]
    list_select_related = ["owner"]
    raw_id_fields = ["bullet"]
