from django.contrib import admin

from innozone.core.admin import AuditedAdmin

from .models import Indicator, IndicatorSplit, Plan, Report, Responsibility, Section, Task


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["year", "title", "report_frequency", "is_active"]
    inlines = [SectionInline]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["plan", "number", "text", "deadline"]
    list_filter = ["plan"]
    inlines = [ResponsibilityInline]


class SplitInline(admin.TabularInline):
    model = IndicatorSplit
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["plan", "name", "unit", "comparator", "target", "source", "authoritative"]
    list_filter = ["plan"]
    inlines = [SplitInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the reporting and review pages."""

    list_display = ["task", "organization", "period", "status", "progress", "submitted_at"]
    list_filter = ["status", "task__plan"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
