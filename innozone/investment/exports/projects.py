"""Excel of the pipeline: the filtered projects (all columns a park office reports on) and the import template."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook

from ..services.projects_import import COLUMNS

HEADERS = (
    "项目编号", "项目名称", "阶段", "状态", "来源", "节会", "产业链", "补链环节", "落地园区/县区", "责任单位", "责任人",
    "投资方", "投资方所在地", "计划总投资（元）", "签约日期", "签约投资额（元）", "落地企业", "注册日期", "开工日期",
    "投产日期", "达产日期", "到位资金（元）", "最近进展日期", "终止原因",
)  # fmt: skip


def projects_workbook(qs) -> bytes:
    qs = (
        qs.select_related("fair", "link", "link__chain", "park", "responsible", "enterprise")
        .annotate(in_place=Sum("funds__amount"))
        .order_by("code")
    )
    rows = (
        [
            p.code, p.name, p.get_stage_display(), p.get_status_display(), p.get_source_display(),
            p.fair.name if p.fair else "", p.link.chain.name if p.link else "", p.link.name if p.link else "",
            p.park.name, p.responsible.name, p.responsible_person, p.investor, p.investor_location,
            p.planned_investment, p.signed_on, p.signed_investment, p.enterprise.name if p.enterprise else "",
            p.registered_on, p.started_on, p.producing_on, p.full_on, p.in_place or 0, p.last_progress_on,
            p.dropped_reason,
        ]
        for p in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return table_workbook(_("招商项目"), [_(h) for h in HEADERS], rows)


def import_template() -> bytes:
    example = [
        "锂电材料项目（示例）", "某新能源集团", "福建宁德", _("兰洽会"), "第三十二届中国兰州投资贸易洽谈会", "兰州新区",
        "兰州新区管委会", "张明", "3985", "500000000", "",
    ]  # fmt: skip
    return table_workbook(_("招商项目导入"), [_(h) for h, _f in COLUMNS], [example])
