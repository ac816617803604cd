from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import audit
from .models import ApiToken, AuditEvent, Notice, Organization, OrganizationAlias, Region, User


class AuditedAdmin(admin.ModelAdmin):
    """Every admin change already reaches the audit trail (`core.signals` mirrors Django's LogEntry, whatever
    the admin class); this class adds the row's values before and after to that audit row."""

    def save_model(self, request, obj, form, change):
        obj._audit_before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        return _with_values(super().log_addition(request, obj, message), None, audit.snapshot(obj))

    def log_change(self, request, obj, message):
        before = getattr(obj, "_audit_before", None)
        return _with_values(super().log_change(request, obj, message), before, audit.snapshot(obj))

    def log_deletion(self, request, obj, object_repr):
        return _with_values(super().log_deletion(request, obj, object_repr), audit.snapshot(obj), None)


def _with_values(entry, before, after):
    event = entry.audit_event
    event.before, event.after = audit.json_safe(before), audit.json_safe(after)
    event.save(update_fields=["before", "after"])
    return entry


@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, audited: for more than one object Django bulk-creates its LogEntry rows, which
    sends no post_save, so the audit rows are written here (one object goes through `core.signals`)."""
    objects = list(queryset)
    response = django_delete_selected(modeladmin, request, queryset)
    if response is None and len(objects) > 1:
        for obj in objects:
            audit.record(actor=request.user, action="admin.delete", obj=obj, summary=str(obj))
    return response


admin.site.add_action(delete_selected)


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
    """The office maintains accounts here, but cannot set passwords (it resets one on the accounts page, and
    the user must change it), grant superuser or staff rights, groups or permissions, or change a role (the
    accounts page asks for a reason): those fields are read-only for anyone but a superuser."""

    list_display = ["username", "display_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("InnoZone", {"fields": ["display_name", "phone", "role", "organization", "must_change_password"]}),
    ]
    SUPERUSER_ONLY = ["is_superuser", "is_staff", "groups", "user_permissions", "role", "must_change_password"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # a superuser's account is changed by a superuser only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else [*fields, *self.SUPERUSER_ONLY]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied(_("请在「账号管理」中重置密码"))
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.must_change_password = True  # the office knows the first password: the user replaces it
        super().save_model(request, obj, form, change)


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: a token is created and revoked only by its owner, and its hash is never shown."""

    list_display = ["name", "user", "prefix", "read_only", "created_at", "expires_at", "revoked_at"]
    fields = ["user", "name", "prefix", "read_only", "created_at", "last_used_at", "expires_at", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
