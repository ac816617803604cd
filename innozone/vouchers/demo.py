"""Demo data for vouchers (seed 001, task 5): the 2020 scheme of the zone office, providers with
their catalogues, and vouchers and orders in every state, all made through the services so that the
ledger holds every event and `ledger verify` passes. Safe to rerun (skipped when the scheme exists)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from innozone.core import approvals
from innozone.core.models import ApprovalTask, Organization, Region, User
from innozone.core.roles import Role

from . import services
from .models import Provider, Scheme, ServiceCategory

ORDER = 30  # after core, plans and evaluation

SCHEME_NAME = "兰白自创区科技创新券（演示）"
CATEGORIES = [
    ("instrument", "大型科研仪器共享与检验检测"),
    ("commissioned_rd", "技术委托开发"),
    ("ip", "知识产权服务"),
    ("tech_transfer", "科技成果转移转化"),
    ("other", "其他科技服务"),
]
RATES = {"instrument": "0.5", "commissioned_rd": "0.3", "ip": "0.5", "tech_transfer": "0.3", "other": "0.3"}
# provider organization, region code, legal representative, categories, catalogue (name, category, price, unit)
PROVIDERS = [
    (
        "甘肃省分析测试中心（演示）",
        "lz-cg",
        "李明",
        ["instrument"],
        [
            ("场发射扫描电镜（SEM）测试", "instrument", "800", "小时"),
            ("X射线衍射（XRD）物相分析", "instrument", "400", "样"),
            ("材料成分检测（ICP-OES）", "instrument", "300", "样"),
        ],
    ),
    (
        "兰州理工大学技术转移中心（演示）",
        "lz",
        "赵刚",
        ["commissioned_rd", "tech_transfer"],
        [
            ("新材料工艺委托开发", "commissioned_rd", "200000", "项"),
            ("科技成果转化对接服务", "tech_transfer", "30000", "项"),
        ],
    ),
    (
        "丝路知识产权服务中心（演示）",
        "lz",
        "孙洁",
        ["ip"],
        [
            ("发明专利申请代理", "ip", "6000", "件"),
            ("专利导航分析报告", "ip", "50000", "份"),
        ],
    ),
    (
        "白银科技检测服务有限公司（演示）",
        "by",
        "钱伟",
        ["instrument"],
        [
            ("有色金属化学分析", "instrument", "500", "样"),
        ],
    ),
]
PENDING_PROVIDER = ("兰州新区检测认证服务公司（演示）", "lzxq", "周强", ["instrument"])
# enterprise, region code, legal representative, flags, employees, demo username
ENTERPRISES = [
    ("甘肃陇原新材料科技有限公司", "lzgx", "王建国", ["科技型中小企业", "高新技术企业"], 85, "enterprise"),
    ("白银银光新能源材料有限公司（演示）", "bygx", "陈立", ["科技型中小企业"], 120, "enterprise2"),
    ("兰州新区智能装备有限公司（演示）", "lzxq", "刘洋", ["科技型中小企业"], 60, "enterprise3"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"%PDF-1.4 demo {name}".encode(), content_type="application/pdf")


def _org(name, kind, region_code, legal, flags=(), employees=None) -> Organization:
    region = Region.objects.get(code=region_code)
    org, _created = Organization.objects.get_or_create(name=name, defaults={"kind": kind, "region": region})
    org.legal_representative, org.flags, org.employees = legal, list(flags), employees
    org.save(update_fields=["legal_representative", "flags", "employees"])
    return org


def _user(username, display, role, org) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display, "role": role, "organization": org}
    )
    if created:
        from innozone.core.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _approve_all(application, office_user):
    """Every approver of the application's request says yes (the demo's approvers)."""
    for _round in range(5):
        tasks = ApprovalTask.objects.filter(request=application.approval, status=ApprovalTask.Status.PENDING)
        if not tasks:
            return
        for task in tasks:
            actor = User.objects.filter(organization=task.approver).first() or office_user
            approvals.approval_decide(actor=actor, task=task, approve=True, comment="同意")


@transaction.atomic
def seed(*, with_activity: bool) -> str:
    if Scheme.objects.filter(name=SCHEME_NAME).exists():
        return f"vouchers: {SCHEME_NAME} already loaded"
    office = User.objects.get(username="office")
    categories = {}
    for n, (code, name) in enumerate(CATEGORIES):
        categories[code], _created = ServiceCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": n}
        )
    # a second office member: who reviews a redemption may not settle it (services.settlement)
    _user("office2", "自创区办公室 结算经办人", Role.OFFICE_ADMIN, office.organization)
    lz_kjj = Organization.objects.get(name="兰州市科学技术局")
    by_kjj = Organization.objects.get(name="白银市科学技术局")
    _user("lzkjj", "兰州市科技局 审批员", Role.COORDINATOR, lz_kjj)
    _user("bykjj", "白银市科技局 审批员", Role.COORDINATOR, by_kjj)
    flow = approvals.flow_define(
        code="voucher-application",
        name="创新券申领审批（市科技局与自创区办公室并联）",
        stages=[[{"city": True, "deadline_days": 5}, {"approver": office.organization, "deadline_days": 5}]],
    )
    today = timezone.localdate()
    scheme = services.scheme_create(
        actor=office,
        year=2020,
        name=SCHEME_NAME,
        issuer=office.organization,
        budget="5000000",
        per_enterprise_cap="200000",
        valid_from=dt.date(2020, 3, 17),
        valid_until=today + dt.timedelta(days=365),
        approval_flow=flow,
        rates={categories[c]: r for c, r in RATES.items()},
        cross_region=False,
        spend_regions=Region.objects.filter(code__in=["lz", "by"]),
        eligible_regions=Region.objects.filter(code__in=["lz", "by"]),
        required_flags=["科技型中小企业"],
    )
    providers = {}
    for name, region, legal, cats, items in PROVIDERS:
        org = _org(name, Organization.Kind.PROVIDER, region, legal)
        provider = services.provider_register(
            actor=office,
            organization=org,
            qualifications="CMA/CNAS 资质（演示）",
            contact="0931-0000000",
            categories=[categories[c] for c in cats],
            items=[{"name": i, "category": categories[c], "price": p, "price_unit": u} for i, c, p, u in items],
        )
        services.provider_set_status(actor=office, provider=provider, status=Provider.Status.APPROVED)
        providers[name] = provider
    name, region, legal, cats = PENDING_PROVIDER
    services.provider_register(
        actor=office,
        organization=_org(name, Organization.Kind.PROVIDER, region, legal),
        qualifications="检验检测机构资质认定证书（演示）",
        contact="0931-1111111",
        categories=[categories[c] for c in cats],
    )
    provider_user = User.objects.get(username="provider")
    bai = providers["白银科技检测服务有限公司（演示）"]
    _user("provider2", "白银科技检测 服务机构", Role.PROVIDER, bai.organization)
    enterprises = []
    for name, region, legal, flags, employees, username in ENTERPRISES:
        org = _org(name, Organization.Kind.ENTERPRISE, region, legal, flags, employees)
        enterprises.append(_user(username, f"{name[:6]} 企业用户", Role.ENTERPRISE, org))
    if not with_activity:
        return f"vouchers: {scheme} with {len(providers)} providers"
    _activity(scheme, office, enterprises, providers, provider_user, categories)
    return f"vouchers: {scheme}, {scheme.vouchers.count()} vouchers, {len(providers)} providers"


def _issue(user, scheme, amount, category, office):
    application = services.application_submit(
        actor=user, scheme=scheme, amount=amount, category=category, purpose="用于新材料研发中的检测与委托开发（演示）"
    )
    _approve_all(application, office)
    application.refresh_from_db()
    return application.voucher


def _deliver(provider_user, order):
    services.order_deliver(
        actor=provider_user, order=order, files=[("contract", _pdf("合同.pdf")), ("report", _pdf("检测报告.pdf"))]
    )


def _activity(scheme, office, enterprises, providers, provider_user, categories):
    longyuan, yinguang, xinqu = enterprises
    sem = providers["甘肃省分析测试中心（演示）"].items.get(name__startswith="场发射")
    xrd = providers["甘肃省分析测试中心（演示）"].items.get(name__startswith="X射线")
    instrument = categories["instrument"]
    # 1. 陇原: an active voucher with orders in several states and one settled
    v1 = _issue(longyuan, scheme, "100000", instrument, office)
    settled = services.order_place(actor=longyuan, voucher=v1, item=sem, quantity=20)
    _deliver(provider_user, settled)
    services.order_confirm(actor=longyuan, order=settled)
    services.voucher_redeem(actor=provider_user, order=settled)
    reviewed = services.order_place(actor=longyuan, voucher=v1, item=xrd, quantity=30)
    _deliver(provider_user, reviewed)
    services.order_confirm(actor=longyuan, order=reviewed)
    r = services.voucher_redeem(actor=provider_user, order=reviewed)
    services.redemption_review(actor=office, redemption=settled.redemption, approve=True, note="凭证齐全")
    settler = User.objects.get(username="office2")  # not who reviewed (separation of duties)
    batch = services.settlement_create(actor=settler, scheme=scheme)
    services.settlement_mark_paid(actor=settler, batch=batch)
    services.redemption_review(actor=office, redemption=r, approve=True, note="凭证齐全")
    pending = services.order_place(actor=longyuan, voucher=v1, item=xrd, quantity=10)
    _deliver(provider_user, pending)
    services.order_confirm(actor=longyuan, order=pending)
    services.voucher_redeem(actor=provider_user, order=pending)  # waits for the office's review
    confirmed = services.order_place(actor=longyuan, voucher=v1, item=xrd, quantity=3)
    _deliver(provider_user, confirmed)
    services.order_confirm(actor=longyuan, order=confirmed)  # the provider may now redeem it
    delivered = services.order_place(actor=longyuan, voucher=v1, item=sem, quantity=5)
    _deliver(provider_user, delivered)  # waits for the enterprise's confirmation
    services.order_place(actor=longyuan, voucher=v1, item=xrd, quantity=4, note="待检样品 4 个")  # placed
    cancelled = services.order_place(actor=longyuan, voucher=v1, item=sem, quantity=2)
    services.order_cancel(actor=longyuan, order=cancelled, reason="样品未能按期送达")
    # 2. 银光 (白银): a voucher used up, one refused claim
    bai = providers["白银科技检测服务有限公司（演示）"]
    bai_user = User.objects.get(username="provider2")
    v2 = _issue(yinguang, scheme, "5000", instrument, office)
    refused = services.order_place(actor=yinguang, voucher=v2, item=bai.items.first(), quantity=4)
    _deliver(bai_user, refused)
    services.order_confirm(actor=yinguang, order=refused)
    rr = services.voucher_redeem(actor=bai_user, order=refused)
    services.redemption_review(actor=office, redemption=rr, approve=False, note="发票抬头与企业名称不符")
    used = services.order_place(actor=yinguang, voucher=v2, item=bai.items.first(), quantity=20)
    _deliver(bai_user, used)
    services.order_confirm(actor=yinguang, order=used)
    services.voucher_redeem(actor=bai_user, order=used)
    # 3. 新区智能装备: one voucher cancelled, one expired, one application waiting for approval
    v3 = _issue(xinqu, scheme, "20000", categories["ip"], office)
    services.voucher_cancel(actor=xinqu, voucher=v3, reason="项目调整，不再需要")
    v4 = _issue(xinqu, scheme, "30000", categories["commissioned_rd"], office)
    services.voucher_set_expiry(
        actor=office, voucher=v4, expires_on=timezone.localdate() - dt.timedelta(days=1), reason="演示：到期未使用"
    )
    services.vouchers_expire()
    services.application_submit(
        actor=xinqu,
        scheme=scheme,
        amount="50000",
        category=categories["commissioned_rd"],
        purpose="委托高校开发焊接机器人视觉系统（演示）",
    )
