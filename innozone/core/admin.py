from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import audit
from .models import ApiToken, AuditEvent, Notice, Organization, OrganizationAlias, Region, User


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits leave the same audit rows as service calls."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
            summary=str(obj),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.delete",
            obj=obj,
            before=audit.snapshot(obj),
            summary=str(obj),
        )
        super().delete_model(request, obj)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "aliases__alias"]
    filter_horizontal = ["members"]
    inlines = [AliasInline]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("InnoZone", {"fields": ["display_name", "phone", "role", "organization"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(Notice)
admin.site.register(ApiToken)
