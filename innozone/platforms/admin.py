"""The office edits the configurable lists here: platform kinds and their recognition conditions (audited like
every admin change, core.admin.AuditedAdmin)."""

from django.contrib import admin

from innozone.core.admin import AuditedAdmin

from .models import Condition, Kind


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0
    fields = (
        "level",
        "tier",
        "metric",
        "label",
        "op",
        "threshold",
        "unit",
        "source",
        "certainty",
        "valid_from",
        "valid_to",
    )


@admin.register(Kind)
class KindAdmin(AuditedAdmin):
    list_display = ("name", "code", "carrier", "order", "active")
    list_editable = ("order", "active")
    inlines = [ConditionInline]


@admin.register(Condition)
class ConditionAdmin(AuditedAdmin):
    list_display = ("kind", "level", "tier", "label", "metric", "op", "threshold", "unit", "certainty", "source")
    list_filter = ("kind", "level", "certainty")
    search_fields = ("label", "metric", "source")
