from django.contrib import admin

from .models import Article, FirstVisit


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "order")
    search_fields = ("title", "summary")
    filter_horizontal = ("moves", "starters")


@admin.register(FirstVisit)
class FirstVisitAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "flags", "pain", "answered")
    list_select_related = ("user",)
    raw_id_fields = ("user", "routine", "schedule")
