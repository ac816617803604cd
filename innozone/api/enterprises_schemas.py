"""The schemas of /api/enterprises (innozone/api/enterprises.py): what the registry's operations read and
return. Money is yuan with two decimals — strings out, strings or numbers in; dates are ISO 8601."""

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from innozone.core.selectors import ROW_ID_MAX
from innozone.enterprises import selectors

MAX_MONEY = {"ge": 0, "max_digits": 17, "decimal_places": 2}  # under 1e15 yuan, as core.money accepts
MAX_COUNT = 10**9


def yuan(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def cultivation_of(e):
    return getattr(e, "cultivation", None)  # the reverse one-to-one's DoesNotExist is an AttributeError


# --- what the API returns ---------------------------------------------------------------------------------


class EnterpriseOut(Schema):
    """A registry entry as listed: `qualifications` are the kinds valid today (hnte, tsme, little_giant, srdi,
    gazelle, unicorn, tase); `stage` the cultivation pipeline's stage, or null outside the pipeline."""

    id: int
    uscc: str
    name: str
    kind: str
    region_id: int
    region: str
    park_id: int | None
    park: str | None
    field: str
    size: str
    status: str
    qualifications: list[str]
    stage: str | None
    is_demo: bool

    @staticmethod
    def resolve_region(e) -> str:
        return e.region.name

    @staticmethod
    def resolve_park(e) -> str | None:
        return e.park.name if e.park_id else None

    @staticmethod
    def resolve_qualifications(e) -> list[str]:
        return sorted({q.kind for q in selectors.valid_qualifications(e)})

    @staticmethod
    def resolve_stage(e) -> str | None:
        cultivation = cultivation_of(e)
        return cultivation.stage if cultivation else None


class EnterprisePageOut(Schema):
    """One page of the registry list: `count` entries match, `items` from `offset`, at most `limit`."""

    count: int
    limit: int
    offset: int
    items: list[EnterpriseOut]


class EnterpriseFormerNameOut(Schema):
    name: str
    until: dt.date | None


class EnterpriseQualificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_on: dt.date
    valid_until: dt.date
    hitech_field: str
    status: str
    note: str

    @staticmethod
    def resolve_kind_label(q) -> str:
        return str(q.get_kind_display())


class EnterpriseFiguresOut(Schema):
    """One year's figures from one source (self, stats, tax); money in yuan as strings with two decimals."""

    id: int
    year: int
    source: str
    employees: int
    sci_staff: int
    revenue: str
    total_income: str
    hitech_income: str
    total_assets: str
    rd_total: str
    rd_domestic: str
    export_value: str
    invention_patents: int
    plant_varieties: int
    ic_layouts: int
    new_drugs: int
    utility_models: int
    designs: int
    software_copyrights: int
    ip_class1: int
    ip_class2: int

    resolve_revenue = staticmethod(lambda row: yuan(row.revenue))
    resolve_total_income = staticmethod(lambda row: yuan(row.total_income))
    resolve_hitech_income = staticmethod(lambda row: yuan(row.hitech_income))
    resolve_total_assets = staticmethod(lambda row: yuan(row.total_assets))
    resolve_rd_total = staticmethod(lambda row: yuan(row.rd_total))
    resolve_rd_domestic = staticmethod(lambda row: yuan(row.rd_domestic))
    resolve_export_value = staticmethod(lambda row: yuan(row.export_value))


class EnterpriseCultivationOut(Schema):
    """The enterprise's place in the 高企 cultivation pipeline: entered → coaching → applied → recognised /
    rejected (with `reason`) → renewal."""

    id: int
    enterprise_id: int
    stage: str
    stage_label: str
    batch_year: int | None
    reason: str
    entered_on: dt.date
    recommended_by: str

    @staticmethod
    def resolve_stage_label(c) -> str:
        return str(c.get_stage_display())

    @staticmethod
    def resolve_recommended_by(c) -> str:
        return c.recommended_by.name


class EnterpriseDetailOut(EnterpriseOut):
    """The whole profile: former names, the qualifications valid today, the latest year's figures (the most
    authoritative source filed for it) and the pipeline record."""

    organization_id: int
    legal_representative: str
    registered_on: dt.date | None
    registered_capital: str | None
    address: str
    industry_code: str
    industry_name: str
    size_reason: str
    ownership: str
    listed: bool
    stock_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    actual_controller: str
    former_names: list[EnterpriseFormerNameOut]
    valid_qualifications: list[EnterpriseQualificationOut]
    latest_figures: EnterpriseFiguresOut | None
    cultivation: EnterpriseCultivationOut | None

    @staticmethod
    def resolve_registered_capital(e) -> str | None:
        return yuan(e.registered_capital)

    @staticmethod
    def resolve_former_names(e) -> list:
        return list(e.former_names.all())

    @staticmethod
    def resolve_valid_qualifications(e) -> list:
        return selectors.valid_qualifications(e)

    @staticmethod
    def resolve_latest_figures(e):
        return next(iter(selectors.figures_by_year(e).values()), None)

    @staticmethod
    def resolve_cultivation(e):
        return cultivation_of(e)


class EnterpriseShareholderOut(Schema):
    name: str
    share: str

    @staticmethod
    def resolve_share(s) -> str:
        return f"{s.share.normalize():f}"


class EnterprisePersonOut(Schema):
    name: str
    role: str


class EnterprisePartiesOut(Schema):
    """Shareholders (share in %) and key people; identity numbers are kept only as one-way keys."""

    shareholders: list[EnterpriseShareholderOut]
    people: list[EnterprisePersonOut]


class EnterpriseFindingOut(Schema):
    code: str
    message: str


class EnterpriseHnteOut(Schema):
    """高新技术企业 (国科发火〔2016〕32号 第十一条): `failed` codes and each with the numbers behind it."""

    eligible: bool
    failed: list[str]
    detail: list[EnterpriseFindingOut]


class EnterpriseTsmeOut(EnterpriseHnteOut):
    """科技型中小企业 (国科发政〔2017〕115号): as 高企, with the score and its parts (sci_staff, rd, ip)."""

    score: int
    scores: dict[str, int]


class EnterpriseAssessmentOut(Schema):
    """The self-assessment from the registry's figures, in the shapes of `enterprises assess --format json`;
    `hnte` and `tsme` are null when the last accounting year (or the registration date) is missing."""

    enterprise_id: int
    uscc: str
    name: str
    as_of: dt.date
    years: list[int]
    ready_for_hnte: bool
    missing: str
    hnte: EnterpriseHnteOut | None
    tsme: EnterpriseTsmeOut | None


class EnterpriseRelatedOut(Schema):
    a: int
    b: int
    related: bool
    reason: str | None


class EnterpriseImportOut(Schema):
    """What an import saved, or would save (`dry_run`: nothing was saved)."""

    dry_run: bool
    created: int
    updated: int
    figures: int


# --- what the API reads -----------------------------------------------------------------------------------


class _EnterpriseFields(Schema):
    kind: str = Field("", max_length=20, description="enterprise, university, institute, other")
    park_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    legal_representative: str = Field("", max_length=50)
    legal_representative_id: str = Field("", max_length=30, description="resident ID (kept only as a hash)")
    registered_on: dt.date | None = None
    registered_capital: Decimal | None = Field(None, **MAX_MONEY, examples=["5000000.00"])
    address: str = Field("", max_length=200)
    industry_code: str = Field("", max_length=5, examples=["C3985"])
    industry_name: str = Field("", max_length=100)
    field: str = Field("", max_length=30, examples=["新材料"])
    ownership: str = Field("", max_length=20, examples=["private"])
    listed: bool = False
    stock_code: str = Field("", max_length=20)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    contact_email: str = Field("", max_length=254)
    actual_controller: str = Field("", max_length=200)
    actual_controller_uscc: str = Field("", max_length=40, description="when the controller is a company")
    actual_controller_id: str = Field("", max_length=30, description="when a person (kept only as a hash)")
    status: str = Field("", max_length=10, examples=["active"])


class EnterpriseIn(_EnterpriseFields):
    """A new entry. The office may name an existing organization (`organization_id`) or create one; an
    enterprise's own user registers its own organization."""

    uscc: str = Field(max_length=40, examples=["91620100MA71AB1234"])
    name: str = Field(max_length=200)
    region_id: int = Field(ge=1, le=ROW_ID_MAX)
    organization_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)


class EnterprisePatchIn(_EnterpriseFields):
    """The fields to change (only those sent); a new name keeps the old one as a former name."""

    uscc: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=200)
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)


class EnterpriseShareholderIn(Schema):
    name: str = Field(max_length=200)
    share: Decimal = Field(gt=0, le=100, max_digits=7, decimal_places=4, description="%")
    uscc: str = Field("", max_length=40, description="when the holder is a company")
    id_number: str = Field("", max_length=30, description="when a person (kept only as a hash)")


class EnterprisePersonIn(Schema):
    name: str = Field(max_length=50)
    role: str = Field(max_length=20, examples=["chair"])
    id_number: str = Field("", max_length=30)


class EnterprisePartiesIn(Schema):
    shareholders: list[EnterpriseShareholderIn] = Field(default_factory=list, max_length=500)
    people: list[EnterprisePersonIn] = Field(default_factory=list, max_length=500)


def _count(required: bool = False):
    return Field(... if required else 0, ge=0, le=MAX_COUNT)


def _money(required: bool = False):
    return Field(... if required else Decimal(0), **MAX_MONEY, examples=["12500000.00"])


class EnterpriseFiguresIn(Schema):
    """One year's figures; an enterprise files its own as `self`, the office also `stats` and `tax`."""

    year: int = Field(ge=1990, le=2100)
    source: str = Field("self", max_length=10)
    employees: int = _count(True)
    sci_staff: int = _count(True)
    revenue: Decimal = _money(True)
    total_income: Decimal = _money(True)
    hitech_income: Decimal = _money()
    total_assets: Decimal = _money(True)
    rd_total: Decimal = _money(True)
    rd_domestic: Decimal = _money(True)
    export_value: Decimal = _money()
    invention_patents: int = _count()
    plant_varieties: int = _count()
    ic_layouts: int = _count()
    new_drugs: int = _count()
    utility_models: int = _count()
    designs: int = _count()
    software_copyrights: int = _count()


class EnterpriseQualificationIn(Schema):
    """A qualification from its recognition document (the office); `valid_until` defaults by kind."""

    kind: str = Field(max_length=20, examples=["hnte"])
    number: str = Field(max_length=50)
    issued_on: dt.date
    valid_until: dt.date | None = None
    hitech_field: str = Field("", max_length=20, examples=["materials"])
    note: str = Field("", max_length=200)


class EnterpriseRevokeIn(Schema):
    reason: str = Field(max_length=300)


class EnterpriseCultivationEnterIn(Schema):
    note: str = Field("", max_length=300)


class EnterpriseCultivationAdvanceIn(Schema):
    """`applied` takes `batch_year`; `rejected` needs `note` (the reasons); `recognised` the certificate
    (`number`, `issued_on`, `hitech_field`), recorded as a 高新技术企业 qualification."""

    stage: str = Field(max_length=20, examples=["coaching"])
    note: str = Field("", max_length=300)
    batch_year: int | None = Field(None, ge=2000, le=2100)
    number: str = Field("", max_length=50)
    issued_on: dt.date | None = None
    hitech_field: str = Field("", max_length=20)
