"""Shared builders of the cases tests: an item of the test's own (independent of the catalogue demo) with a lead
department, optional parallel departments and materials, and times in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.models import Organization, User
from innozone.onestop.models import ItemMaterial, ServiceItem

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def pdf(name="a.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def org(name) -> Organization:
    return Organization.objects.get(name=name)


def user(username) -> User:
    return User.objects.select_related("organization").get(username=username)


def make_item(
    *,
    code="TEST-QR-0001",
    clock="own",
    branches=(),
    statutory=20,
    promised=10,
    extension=10,
    pauses=("correction", "expert"),
    warn=3,
    deferral=True,
) -> ServiceItem:
    item = ServiceItem.objects.create(
        code=code,
        name="测试事项" + code[-4:],
        type="XK" if clock == "licence" else "QR",
        department=org("甘肃省科学技术厅"),
        clock=clock,
        statutory_days=statutory,
        promised_days=promised,
        extension_days=extension,
        acceptance_days=5,
        pauses_allowed=list(pauses),
        warn_days=warn,
        allows_deferral=deferral,
        status="published",
        branch_days=5,
    )
    for name in branches:
        item.branch_departments.add(org(name))
    ItemMaterial.objects.create(item=item, name="申请表", required=True, order=1)
    ItemMaterial.objects.create(item=item, name="营业执照", required=True, may_defer=True, order=2)
    ItemMaterial.objects.create(item=item, name="其他说明", required=False, order=3)
    return item


def materials(item):
    return list(item.materials.order_by("order"))


def submit(item, *, who="enterprise", now=None, defer=False, until=None):
    from innozone.onestop.services.cases import case_submit

    form, licence, _other = materials(item)
    files = {form.pk: pdf("form.pdf")}
    if not defer:
        files[licence.pk] = pdf("licence.pdf")
    return case_submit(
        actor=user(who),
        item=item,
        title="测试申请",
        contact="张三",
        phone="0931-1234567",
        files=files,
        deferred_ids=[licence.pk] if defer else [],
        promise=defer,
        deferred_until=until,
        now=now or at(2026, 3, 2),
    )
