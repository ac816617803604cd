from django.contrib import admin

from innozone.core.admin import AuditedAdmin

from .models import DataSet, Framework, Run


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    list_display = ["name", "is_demo", "created_at"]


@admin.register(DataSet)
class DataSetAdmin(AuditedAdmin):
    list_display = ["name", "framework", "year", "is_demo"]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["title", "dataset", "published", "engine_version", "created_at"]
    readonly_fields = [f.name for f in Run._meta.fields]

    def has_add_permission(self, request):
        return False
