from django.contrib import admin

from .models import (
    BodyArea,
    DoseChange,
    Equipment,
    Exercise,
    PsfsActivity,
    PsfsEntry,
    PsfsRating,
    ReportShare,
    Routine,
    RoutineItem,
    Schedule,
    Session,
    SessionMove,
)


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "position", "measure", "per_side", "owner", "source")
    list_filter = ("kind", "position", "measure", "per_side", "dose_by_limber", "areas")
    search_fields = ("name", "summary", "muscles")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas", "equipment")
    raw_id_fields = ("owner",)


admin.site.register(BodyArea)
admin.site.register(Equipment)


class RoutineItemInline(admin.TabularInline):
    model = RoutineItem
    extra = 0
    raw_id_fields = ("exercise",)


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "starter_key", "updated_at")
    list_filter = (("owner", admin.EmptyFieldListFilter),)
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)
    inlines = [RoutineItemInline]


class SessionMoveInline(admin.TabularInline):
    model = SessionMove
    extra = 0
    raw_id_fields = ("exercise",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("routine_name", "user", "local_date", "duration_seconds", "pain_before", "pain_after")
    list_filter = ("source", "completed")
    search_fields = ("routine_name", "user__username")
    date_hierarchy = "local_date"
    raw_id_fields = ("user", "routine")
    inlines = [SessionMoveInline]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ("routine", "user", "days_label", "start_date", "end_date", "time_of_day", "paused_on")
    list_filter = (("paused_on", admin.EmptyFieldListFilter),)
    search_fields = ("routine__name", "user__username")
    raw_id_fields = ("user", "routine")


@admin.register(PsfsActivity)
class PsfsActivityAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "position", "created_at", "retired_at")
    search_fields = ("name", "user__username")
    raw_id_fields = ("user",)


class PsfsRatingInline(admin.TabularInline):
    model = PsfsRating
    extra = 0
    raw_id_fields = ("activity",)


@admin.register(PsfsEntry)
class PsfsEntryAdmin(admin.ModelAdmin):
    list_display = ("local_date", "user")
    search_fields = ("user__username",)
    date_hierarchy = "local_date"
    raw_id_fields = ("user",)
    inlines = [PsfsRatingInline]


@admin.register(ReportShare)
class ReportShareAdmin(admin.ModelAdmin):
    # Only the token's digest is stored, so the admin cannot show or make a working link.
    list_display = ("user", "created_at", "expires_at", "revoked_at", "last_opened_at")
    list_filter = ("include_notes", "show_name")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "last_opened_at")


@admin.register(DoseChange)
class DoseChangeAdmin(admin.ModelAdmin):
    list_display = ("move_name", "field", "old", "new", "source", "local_date", "user")
    list_filter = ("source",)
    raw_id_fields = ("user", "routine", "item")
