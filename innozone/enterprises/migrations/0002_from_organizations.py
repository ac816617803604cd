"""Data: organizations already in the database become registry entries, and the vouchers' declared related
parties become declared groups (the vouchers app then drops its RelatedParty table).

An enterprise, university or institute whose `credit_code` is a valid 统一社会信用代码 (GB 32100-2015, checked by
python-stdnum) and which has a region gets an entry with its name, region (and park, when its region is a
park), legal representative and kind. Others are left for the office to register. A declared relation between
two organizations that both have an entry becomes one group of the two, named after the relation.

The check is copied here rather than imported from the app, so this migration keeps working whatever the app
becomes later."""

from django.db import migrations

KINDS = {"enterprise": "enterprise", "university": "university", "institute": "institute"}


def _valid_uscc(code: str) -> bool:
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    try:
        uscc.validate(code)
    except ValidationError:
        return False
    return len(code) == 18


def convert_organizations(apps, schema_editor=None) -> int:
    Organization = apps.get_model("core", "Organization")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    taken_codes = set(Enterprise.objects.values_list("uscc", flat=True))
    registered = set(Enterprise.objects.values_list("organization_id", flat=True))
    rows = []
    orgs = Organization.objects.filter(kind__in=list(KINDS), region__isnull=False).select_related("region")
    for org in orgs.exclude(credit_code="").order_by("pk"):
        code = (org.credit_code or "").strip().upper()
        if org.pk in registered or code in taken_codes or not _valid_uscc(code):
            continue
        taken_codes.add(code)
        rows.append(
            Enterprise(
                organization_id=org.pk,
                uscc=code,
                name=org.name,
                kind=KINDS[org.kind],
                region_id=org.region_id,
                park_id=org.region_id if org.region.kind == "park" else None,
                legal_representative=(org.legal_representative or "")[:50],
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def convert_related_parties(apps, schema_editor=None) -> int:
    RelatedParty = apps.get_model("vouchers", "RelatedParty")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    EnterpriseGroup = apps.get_model("enterprises", "EnterpriseGroup")
    entries = dict(Enterprise.objects.values_list("organization_id", "pk"))
    made = 0
    for pair in RelatedParty.objects.order_by("pk"):
        a, b = entries.get(pair.a_id), entries.get(pair.b_id)
        if a is None or b is None or a == b:
            continue
        group = EnterpriseGroup.objects.create(name=pair.relation[:200], note="由创新券“关联关系”迁移")
        group.members.set([a, b])
        made += 1
    return made


def forwards(apps, schema_editor):
    convert_organizations(apps, schema_editor)
    convert_related_parties(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_initial"),
        ("core", "0003_accounts_and_token_scope"),
        ("vouchers", "0003_redemption_redeemed_and_reviewed_by"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
