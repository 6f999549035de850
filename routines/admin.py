from django.contrib import admin

from .models import BodyArea, Equipment, Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "position", "measure", "per_side", "owner", "source")
    list_filter = ("kind", "position", "measure", "per_side", "areas")
    search_fields = ("name", "summary", "muscles")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas", "equipment")
    raw_id_fields = ("owner",)


admin.site.register(BodyArea)
admin.site.register(Equipment)
