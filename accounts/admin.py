from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class LimberUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Preferences",
            {"fields": ("timezone", "sound_on", "rep_cue_on", "voice_on", "lead_in_seconds", "keep_awake")},
        ),
    )
    list_display = ("username", "email", "timezone", "date_joined", "is_staff")
