from django.contrib import admin

from throttling.models import TokenBucket


@admin.register(TokenBucket)
class TokenBucketAdmin(admin.ModelAdmin):
    # Keys are HMACs of usernames and addresses; deleting every bucket lifts every lockout.
    list_display = ["key", "tokens", "updated_at"]
    ordering = ["-updated_at"]
