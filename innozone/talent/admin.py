"""The office edits the talent pool's configurable lists here: the talent programme honours, and the expert
committee with its members and terms. Audited like every admin change (core.admin.AuditedAdmin)."""

from django.contrib import admin

from innozone.core.admin import AuditedAdmin

from .models import Committee, CommitteeMember, Honour


@admin.register(Honour)
class HonourAdmin(AuditedAdmin):
    list_display = ("name", "level", "young", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("level", "young", "active")
    search_fields = ("name",)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("expert",)
    fields = ("expert", "role", "term_start", "term_end")


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ("name", "term_start", "term_end")
    inlines = [CommitteeMemberInline]
