from django.contrib import admin

from .models import Quality, QualityFramework


class QualityInline(admin.StackedInline):
    model = Quality
    extra = 0
    fields = ["order", "theme", "name", "description", "indicators"]


@admin.register(QualityFramework)
class QualityFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "is_current", "is_sample"]
    list_filter = ["programme", "is_current", "is_sample"]
    search_fields = ["name", "qualities__name"]
    inlines = [QualityInline]


@admin.register(Quality)
class QualityAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "framework", "order"]
    list_filter = ["framework__programme", "framework", "theme"]
    search_fields = ["name", "description", "theme"]
    list_select_related = ["framework"]
