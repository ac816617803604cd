"""Reading the service catalogue, the responsibility list and the negative list: what a user may see, the
search and filters of the list pages and the API, an item's entrance (the platform's own flow or a case form)
and its clock rule in words. Other apps read items by code through `item_ids_by_code` and `items_brief`."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innozone.core.errors import NotFound
from innozone.core.models import Organization
from innozone.core.permissions import sees_all
from innozone.core.selectors import ROW_ID_MAX, one_or_not_found

from ..engine import clock as engine
from ..models import ItemMaterial, NegativeEntry, PowerEntry, ServiceItem
from ..permissions import catalogue as permissions

PAUSE_LABELS = {
    "correction": gettext_lazy("补正材料"),
    "expert": gettext_lazy("专家评审"),
    "hearing": gettext_lazy("听证"),
    "test": gettext_lazy("检验检测"),
    "publicity": gettext_lazy("公示"),
}


def items_all():
    return ServiceItem.objects.select_related("department", "region").prefetch_related("branch_departments")


def items_for(user):
    """The items the user may see: published and suspended ones; drafts for the office, leaders, auditors and
    the staff of the item's department."""
    qs = items_all()
    if sees_all(user):
        return qs
    public = Q(status__in=permissions.PUBLIC_STATUSES)
    org = user.organization if user.is_authenticated else None
    if org is not None and permissions.is_department_staff(user, org.pk):
        public |= Q(department_id=org.pk)
    return qs.filter(public)


def item_search(qs, *, q: str = "", department="", type: str = "", channel: str = "", status: str = ""):
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(conditions__icontains=q))
    department = str(department or "").strip()
    if department.isdigit() and int(department) <= ROW_ID_MAX:
        qs = qs.filter(department_id=int(department))
    if type in ServiceItem.Type.values:
        qs = qs.filter(type=type)
    if channel in ServiceItem.Channel.values:
        qs = qs.filter(channel=channel)
    if status in ServiceItem.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("code")


def item_get(user, pk) -> ServiceItem:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < pk <= ROW_ID_MAX:
        raise NotFound()
    item = items_all().filter(pk=pk).first()
    if item is None or not permissions.can_view_item(user, item)[0]:
        raise NotFound(_("事项不存在或尚未发布"))
    return item


def item_by_code(code: str) -> ServiceItem | None:
    return items_all().filter(code=(code or "").strip()).first()


def item_ids_by_code(codes) -> dict[str, int]:
    """Published items by code (for a policy clause naming its service item): {code: id}."""
    codes = [str(c).strip() for c in codes or () if str(c).strip()]
    return dict(ServiceItem.objects.filter(code__in=codes, status="published").values_list("code", "id"))


def items_brief(ids) -> dict[int, dict]:
    """Published items by id: {id: {"code", "name", "department"}}."""
    ids = [int(i) for i in ids or () if str(i).isdigit()]
    rows = ServiceItem.objects.filter(pk__in=ids, status="published").values("pk", "code", "name", "department__name")
    return {r["pk"]: {"code": r["code"], "name": r["name"], "department": r["department__name"]} for r in rows}


def item_departments(user=None):
    """Departments with at least one item the public sees (the list page's filter)."""
    return (
        Organization.objects.filter(service_items__status__in=permissions.PUBLIC_STATUSES)
        .annotate(items=Count("service_items", distinct=True))
        .order_by("name")
    )


def materials(item) -> list[ItemMaterial]:
    return list(item.materials.all())


def material_get(item, pk) -> ItemMaterial:
    """A material of the item (NotFound for another item's)."""
    return one_or_not_found(ItemMaterial.objects.filter(item=item).select_related("item"), pk)


def flow_link(item) -> str:
    """The page of the platform's own flow that takes the item, or "" (no flow, or its URL name is unknown)."""
    if not item.flow_url:
        return ""
    try:
        return reverse(item.flow_url)
    except NoReverseMatch:
        return ""


def apply_link(item) -> str:
    """Where the "apply" button leads: the platform's own flow, else the one-stop case form."""
    link = flow_link(item)
    if link:
        return link
    try:
        return reverse("onestop:case_new", args=[item.pk])
    except NoReverseMatch:
        return ""


def is_joint(item) -> bool:
    return bool(getattr(item, "pk", None)) and item.branch_departments.exists()


def clock_words(item) -> list[str]:
    """The item's clock rule in sentences (the item page, the API)."""
    words = []
    if item.clock == ServiceItem.Clock.LICENCE:
        words.append(
            _("按《行政许可法》计时：申请材料不齐全或不符合法定形式的，%(n)s 个工作日内一次性告知需补正的全部内容")
            % {"n": item.acceptance_days}
        )
        words.append(
            _("受理之日起 %(s)s 个工作日内作出决定（承诺 %(p)s 个工作日）")
            % {"s": item.statutory_days, "p": item.promised_days}
        )
    else:
        words.append(
            _("本事项自定时限：%(a)s 个工作日内作出受理决定，受理之日起法定 %(s)s 个、承诺 %(p)s 个工作日内办结")
            % {"a": item.acceptance_days, "s": item.statutory_days, "p": item.promised_days}
        )
    if item.extension_days:
        words.append(_("情况复杂的，经批准可延长 %(e)s 个工作日，并告知申请人理由") % {"e": item.extension_days})
    if is_joint(item):
        words.append(
            _("多部门并联审批，各部门 %(b)s 个工作日内提出意见，全部同意后由主办部门作出决定") % {"b": item.branch_days}
        )
    paused = [str(PAUSE_LABELS[p]) for p in item.pauses_allowed or [] if p in PAUSE_LABELS]
    if paused:
        words.append(_("%(p)s所需时间不计入办理时限") % {"p": "、".join(paused)})
    words.append(
        _("时限按工作日计算（不含法定节假日，调休上班日计入），受理当日不计入；剩余 %(w)s 个工作日时黄灯预警")
        % {"w": item.warn_days}
    )
    return words


def licence_limits(joint: bool) -> tuple[int, int]:
    """The Administrative Licensing Law's decision limit and extension (第四十二条)."""
    if joint:
        return engine.JOINT_DAYS, engine.JOINT_EXTENSION_DAYS
    return engine.LICENCE_DAYS, engine.LICENCE_EXTENSION_DAYS


# --- the responsibility list and the negative list -------------------------------------------------------------


def powers(*, department="", q: str = ""):
    qs = PowerEntry.objects.select_related("department", "item")
    department = str(department or "").strip()
    if department.isdigit() and int(department) <= ROW_ID_MAX:
        qs = qs.filter(department_id=int(department))
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(basis__icontains=q) | Q(responsibility__icontains=q))
    return qs.order_by("department__name", "order", "pk")


def power_departments():
    return Organization.objects.filter(pk__in=PowerEntry.objects.values("department_id")).order_by("name")


def power_get(pk) -> PowerEntry:
    return one_or_not_found(PowerEntry.objects.select_related("department", "item"), pk)


def negatives(*, category: str = "", q: str = ""):
    qs = NegativeEntry.objects.all()
    if category in NegativeEntry.Category.values:
        qs = qs.filter(category=category)
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(basis__icontains=q))
    return qs.order_by("category", "order", "pk")


def negative_get(pk) -> NegativeEntry:
    return one_or_not_found(NegativeEntry.objects.all(), pk)


def handling_departments():
    """Organizations that may be an item's department or a parallel branch (government side)."""
    kinds = ("department", "government", "committee", "leading_group_office")
    return Organization.objects.filter(kind__in=kinds).order_by("name")
