"""Special funds (专项资金): programmes with budget lines by fiscal subject and source, calls (申报通知) with
eligibility over the enterprise registry, a form built from fields, scoring criteria and quotas; applications
with co-applicants, the formal check (形式审查, 一次性告知), the recommendation chain (park/county → city →
province office), expert review with scores per criterion, the panel meeting, the decision meeting, 公示 of the
award list and award letters; projects with an agreement (任务书), milestones, a budget by category, tranches
approved staff → finance, matching funds, repayments, progress reports, change requests, the mid-term check and
acceptance (验收), performance figures and sanctions that travel to later applications.

Other apps' rows are referred to by id (`draw_id`, `expert_id`, `assignment_id`, `person_id`) and read through
their selectors; only organizations, regions and approvals (core) are foreign keys.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.models import ApprovalRequest, Organization, Region

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Programme(models.Model):
    """A special fund (专项) for one fiscal year, with its rules."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("科技计划项目")
        MATCHING = "matching", _("配套资金")
        REWARD = "reward", _("奖励/后补助")
        COOPERATION = "cooperation", _("产学研合作")
        PATENT = "patent", _("专利转化")
        PLATFORM = "platform", _("平台建设")
        TALENT = "talent", _("人才团队")
        FINANCE = "finance", _("科技金融")

    class Status(models.TextChoices):
        ACTIVE = "active", _("执行中")
        CLOSED = "closed", _("已结束")

    name = models.CharField(_("专项名称"), max_length=200)
    kind = models.CharField(_("专项类别"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("预算年度"))
    description = models.TextField(_("说明"), blank=True)
    owner = models.ForeignKey(
        Organization, verbose_name=_("主管单位"), on_delete=models.PROTECT, related_name="fund_programmes"
    )
    #: rules
    cap_per_applicant = models.DecimalField(
        _("每个申报单位每年资助上限（元）"), null=True, blank=True, **MONEY
    )  # summed over the applicant and its related parties (same actual controller) within the year
    max_ratio = models.DecimalField(
        _("资助额占项目总投入的最高比例"), max_digits=5, decimal_places=4, null=True, blank=True
    )  # 0.5 = at most half of the project's total budget
    matching_share = models.DecimalField(
        _("市/县（区）配套比例"), max_digits=5, decimal_places=4, default=0
    )  # matching funds the city/county owes per yuan awarded
    first_tranche_min = models.DecimalField(
        _("首笔拨付最低比例"), max_digits=5, decimal_places=4, default=0
    )  # 0.6: the first tranche is at least 60 % of the award (S90)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专项")
        verbose_name_plural = _("专项")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="fund_programme_unique_name_year"),
            models.CheckConstraint(
                condition=Q(cap_per_applicant__isnull=True) | Q(cap_per_applicant__gt=0),
                name="fund_programme_cap_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_ratio__isnull=True) | (Q(max_ratio__gt=0) & Q(max_ratio__lte=1)),
                name="fund_programme_ratio_range",
            ),
            models.CheckConstraint(
                condition=Q(matching_share__gte=0) & Q(matching_share__lte=5), name="fund_programme_matching_range"
            ),
            models.CheckConstraint(
                condition=Q(first_tranche_min__gte=0) & Q(first_tranche_min__lte=1),
                name="fund_programme_first_tranche_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class BudgetLine(models.Model):
    """Money of a programme by fiscal subject (财政支出科目, e.g. 2060499) and source (province/city/district)."""

    class Source(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("县（区）级")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    subject_code = models.CharField(_("支出科目编码"), max_length=20)
    subject_name = models.CharField(_("支出科目名称"), max_length=100)
    source = models.CharField(_("资金来源"), max_length=10, choices=Source.choices)
    region = models.ForeignKey(Region, verbose_name=_("出资地区"), null=True, blank=True, on_delete=models.PROTECT)
    amount = models.DecimalField(_("预算金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering = ["programme", "subject_code", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "subject_code", "source", "region"], name="fund_budget_line_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_budget_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_code} {self.subject_name} · {self.get_source_display()}"


class Call(models.Model):
    """A call for applications (申报通知), one round of a programme."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("申报中")
        CLOSED = "closed", _("申报截止")  # formal check and recommendation
        REVIEW = "review", _("专家评审")
        DECISION = "decision", _("立项决策")
        PUBLICITY = "publicity", _("公示中")
        AWARDED = "awarded", _("已下达")
        CANCELLED = "cancelled", _("已取消")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    round = models.PositiveSmallIntegerField(_("批次"), default=1)
    title = models.CharField(_("通知标题"), max_length=200)
    body = models.TextField(_("通知正文"), blank=True)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"))
    #: eligibility rules over the registry, evaluated by engine.eligibility (see docs/funds.md):
    #: [{"rule": "region", "regions": ["lz"]}, {"rule": "years_registered", "min": 1}, ...]
    eligibility = models.JSONField(_("申报条件"), default=list, blank=True)
    #: the application form: [{"key": "summary", "label": "项目摘要", "type": "text", "required": true}, ...]
    #: types: text, textarea, amount, budget (table by expense category), attachment, team (talent pool people)
    form = models.JSONField(_("申报表"), default=list, blank=True)
    max_amount = models.DecimalField(_("单项申请上限（元）"), null=True, blank=True, **MONEY)
    budget = models.DecimalField(_("本批次可安排资金（元）"), **MONEY)
    #: the recommendation chain: the stages applications pass before review, in order
    #: ("district" park/county, "city", "province" the office); an empty list sends them straight to review
    chain = models.JSONField(_("推荐层级"), default=list, blank=True)
    panel_size = models.PositiveSmallIntegerField(_("每项评审专家人数"), default=5)
    reserves = models.PositiveSmallIntegerField(_("备选专家人数"), default=2)
    trim = models.PositiveSmallIntegerField(_("去掉最高最低分个数"), default=1)
    outlier_points = models.DecimalField(
        _("偏离均值多少分视为异常"), max_digits=5, decimal_places=1, default=20
    )  # on the 100-point total
    review_days = models.PositiveSmallIntegerField(_("评审期限（天）"), default=10)
    draw_id = models.PositiveBigIntegerField(_("评审专家抽取"), null=True, blank=True)
    publicity = models.OneToOneField(
        ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the 公示 of the award list (approval flow funds-award)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("申报通知")
        verbose_name_plural = _("申报通知")
        ordering = ["-opens_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "round"], name="fund_call_unique_round"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="fund_call_dates"),
            models.CheckConstraint(condition=Q(budget__gt=0), name="fund_call_budget_positive"),
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="fund_call_panel_size"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A scoring criterion of a call; each expert scores 0..max_score, weighted to a 100-point total."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=100)
    description = models.CharField(_("评分说明"), max_length=500, blank=True)
    weight = models.DecimalField(_("权重（分）"), max_digits=5, decimal_places=1)
    max_score = models.PositiveSmallIntegerField(_("最高分"), default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["call", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="fund_criterion_weight_positive")]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """How many applications a recommending region may recommend at a stage of a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    stage = models.CharField(_("推荐层级"), max_length=10)  # district / city / province
    region = models.ForeignKey(Region, verbose_name=_("推荐地区"), null=True, blank=True, on_delete=models.PROTECT)
    quota = models.PositiveIntegerField(_("推荐名额"))

    class Meta:
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        constraints = [models.UniqueConstraint(fields=["call", "stage", "region"], name="fund_quota_unique")]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.stage} · {self.quota}"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交（待形式审查）")
        RETURNED = "returned", _("退回补正")
        REJECTED = "rejected", _("形式审查不通过")
        RECOMMENDING = "recommending", _("推荐中")
        NOT_RECOMMENDED = "not_recommended", _("未获推荐")
        REVIEW = "review", _("专家评审中")
        REVIEWED = "reviewed", _("评审完成")
        APPROVED = "approved", _("拟立项")
        DECLINED = "declined", _("不予立项")
        AWARDED = "awarded", _("已立项")
        WITHDRAWN = "withdrawn", _("已撤回")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        Organization, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="fund_applications"
    )
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), null=True, on_delete=models.PROTECT)
    number = models.CharField(_("受理编号"), max_length=40, blank=True)  # given on first submission
    title = models.CharField(_("项目名称"), max_length=200)
    field = models.CharField(_("技术领域"), max_length=100, blank=True)
    leader_person_id = models.PositiveBigIntegerField(_("项目负责人"), null=True, blank=True)  # talent.Person
    team_person_ids = models.JSONField(_("项目团队"), default=list, blank=True)
    amount = models.DecimalField(_("申请资助（元）"), null=True, blank=True, **MONEY)
    total_budget = models.DecimalField(_("项目总投入（元）"), null=True, blank=True, **MONEY)
    answers = models.JSONField(_("申报内容"), default=dict, blank=True)
    #: the budget by expense category: [{"category": "设备费", "fiscal": "…", "own": "…"}, ...]
    budget = models.JSONField(_("预算"), default=list, blank=True)
    eligibility = models.JSONField(_("资格审查结果"), default=list, blank=True)  # at submission
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    chain_stage = models.CharField(_("当前推荐层级"), max_length=10, blank=True)
    version = models.PositiveIntegerField(default=1)  # autosave: a save from an older version is refused
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="fund_application_number"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="fund_application_amount"),
        ]
        indexes = [models.Index(fields=["call", "status"]), models.Index(fields=["applicant", "status"])]

    def __str__(self) -> str:
        return self.title


class CoApplicant(models.Model):
    """A co-applicant (产学研: the enterprise leads, a university or institute joins)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="co_applicants")
    organization = models.ForeignKey(
        Organization, verbose_name=_("合作单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("分工"), max_length=200, blank=True)
    amount = models.DecimalField(_("分配资助（元）"), null=True, blank=True, **MONEY)
    confirmed = models.BooleanField(_("合作单位已确认"), default=False)

    class Meta:
        verbose_name = _("合作单位")
        verbose_name_plural = _("合作单位")
        constraints = [models.UniqueConstraint(fields=["application", "organization"], name="fund_coapplicant_unique")]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.organization_id}"


class ApplicationFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    key = models.CharField(_("材料项"), max_length=40)
    file = models.FileField(_("文件"), upload_to="funds/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["application", "key", "id"]

    def __str__(self) -> str:
        return self.name


class FormalCheck(models.Model):
    """The office's formal check: accept, return with the complete list of what is missing, or reject."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", _("受理")
        RETURN = "return", _("退回补正")
        REJECT = "reject", _("不予受理")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    outcome = models.CharField(_("审查结论"), max_length=10, choices=Outcome.choices)
    missing = models.JSONField(_("需补正事项"), default=list, blank=True)  # [{"item": "…", "note": "…"}]
    reason = models.TextField(_("理由"), blank=True)
    checked_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("形式审查")
        verbose_name_plural = _("形式审查")
        ordering = ["application", "checked_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.get_outcome_display()}"


class Recommendation(models.Model):
    """A recommending unit's ranking and recommendation of an application at one stage of the chain."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    stage = models.CharField(_("推荐层级"), max_length=10)
    organization = models.ForeignKey(
        Organization, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    recommended = models.BooleanField(_("推荐"))
    rank = models.PositiveIntegerField(_("排序"), null=True, blank=True)
    note = models.TextField(_("推荐意见"), blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("推荐意见")
        verbose_name_plural = _("推荐意见")
        ordering = ["application", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="fund_recommendation_unique_stage"),
            models.CheckConstraint(
                condition=Q(recommended=False) | Q(rank__isnull=False), name="fund_recommendation_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.stage}"


class Review(models.Model):
    """One expert's review of one application (a talent review assignment): a score per criterion and an
    opinion. Other reviewers' scores are shown to an expert only after they have submitted their own."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待评审")
        SUBMITTED = "submitted", _("已提交")
        DECLINED = "declined", _("已回避")
        MISSED = "missed", _("逾期未评")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    assignment_id = models.PositiveBigIntegerField(_("评审任务"), unique=True)  # talent.Assignment
    expert_id = models.PositiveBigIntegerField(_("专家"))  # talent.Expert
    expert_name = models.CharField(_("专家"), max_length=50)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    opinion = models.TextField(_("评审意见"), blank=True)
    recommend = models.BooleanField(_("建议立项"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        ordering = ["application", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "expert_id"], name="fund_review_unique_expert")]
        indexes = [models.Index(fields=["expert_id", "status"])]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.expert_name}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="fund_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="fund_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} · {self.criterion_id} · {self.score}"


class Meeting(models.Model):
    """A panel meeting (专家评审会) or the deciding meeting (立项决策会) of a call, with its minutes."""

    class Kind(models.TextChoices):
        PANEL = "panel", _("专家评审会")
        DECISION = "decision", _("立项决策会")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("会议类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    attendees = models.TextField(_("参会人员"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["call", "held_on", "id"]

    def __str__(self) -> str:
        return self.name


class Consensus(models.Model):
    """The panel's consensus recommendation on one application."""

    class Opinion(models.TextChoices):
        SUPPORT = "support", _("建议支持")
        ADJUST = "adjust", _("建议调整后支持")
        REJECT = "reject", _("不建议支持")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="consensus")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="consensus")
    opinion = models.CharField(_("专家组意见"), max_length=10, choices=Opinion.choices)
    amount = models.DecimalField(_("建议资助（元）"), null=True, blank=True, **MONEY)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("专家组意见")
        verbose_name_plural = _("专家组意见")

    def __str__(self) -> str:
        return f"{self.application_id} · {self.get_opinion_display()}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", _("立项")
        DECLINE = "decline", _("不予立项")
        ADJUST = "adjust", _("调整金额立项")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("决策结果"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(_("资助金额（元）"), null=True, blank=True, **MONEY)
    budget_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("立项决策")
        verbose_name_plural = _("立项决策")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="decline") | Q(amount__gt=0), name="fund_decision_amount_when_approved"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.get_outcome_display()}"


class Award(models.Model):
    """The award (立项) after 公示: the letter and the money record (ledger event fund.award)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("资助金额（元）"), **MONEY)
    letter_no = models.CharField(_("立项文号"), max_length=60, unique=True)
    letter_date = models.DateField(_("下达日期"))
    issued_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("立项资助")
        verbose_name_plural = _("立项资助")
        ordering = ["-letter_date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_award_positive")]

    def __str__(self) -> str:
        return self.letter_no


class Project(models.Model):
    class Status(models.TextChoices):
        AGREEMENT = "agreement", _("待签任务书")
        RUNNING = "running", _("执行中")
        ACCEPTING = "accepting", _("验收中")
        PASSED = "passed", _("验收通过")
        CONCLUDED = "concluded", _("结题")
        FAILED = "failed", _("验收不通过")
        TERMINATED = "terminated", _("已终止")

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="project")
    number = models.CharField(_("项目编号"), max_length=40, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("承担单位"), on_delete=models.PROTECT, related_name="fund_projects"
    )
    leader_person_id = models.PositiveBigIntegerField(_("项目负责人"), null=True, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    extended_to = models.DateField(_("延期至"), null=True, blank=True)
    agreement_no = models.CharField(_("任务书编号"), max_length=60, blank=True)
    agreement_signed_on = models.DateField(_("任务书签订日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.AGREEMENT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资助项目")
        verbose_name_plural = _("资助项目")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="fund_project_dates")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class BudgetItem(models.Model):
    """The agreed budget of a project by expense category (fiscal money and the unit's own)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_items")
    category = models.CharField(_("支出类别"), max_length=40)
    fiscal = models.DecimalField(_("财政资金（元）"), default=0, **MONEY)
    own = models.DecimalField(_("自筹资金（元）"), default=0, **MONEY)

    class Meta:
        verbose_name = _("项目预算")
        verbose_name_plural = _("项目预算")
        constraints = [
            models.UniqueConstraint(fields=["project", "category"], name="fund_budget_item_unique"),
            models.CheckConstraint(condition=Q(fiscal__gte=0) & Q(own__gte=0), name="fund_budget_item_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.category}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    deliverable = models.CharField(_("交付成果"), max_length=300, blank=True)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)
    evidence = models.CharField(_("完成证明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Tranche(models.Model):
    """A disbursement (拨付): requested with evidence, approved staff → finance, paid with a reference."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("审批中")
        APPROVED = "approved", _("待支付")
        PAID = "paid", _("已支付")
        REJECTED = "rejected", _("未通过")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="tranches")
    seq = models.PositiveSmallIntegerField(_("批次"))
    amount = models.DecimalField(_("拨付金额（元）"), **MONEY)
    evidence = models.FileField(_("拨付依据"), upload_to="funds/tranches/%Y/", blank=True)
    note = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    payment_ref = models.CharField(_("支付凭证号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("资金拨付")
        verbose_name_plural = _("资金拨付")
        ordering = ["project", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["project", "seq"], name="fund_tranche_unique_seq"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_tranche_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.seq}"


class Matching(models.Model):
    """Matching funds (配套) a city or county pays to a project, against the programme's share."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="matching")
    region = models.ForeignKey(Region, verbose_name=_("配套地区"), on_delete=models.PROTECT)
    amount = models.DecimalField(_("配套金额（元）"), **MONEY)
    paid_on = models.DateField(_("到位日期"))
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("配套资金")
        verbose_name_plural = _("配套资金")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_matching_positive")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.amount}"


class Repayment(models.Model):
    """Money returned (balances returned, funds recovered from a failed or terminated project)."""

    class Status(models.TextChoices):
        DUE = "due", _("待缴回")
        PAID = "paid", _("已缴回")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="repayments")
    amount = models.DecimalField(_("缴回金额（元）"), **MONEY)
    reason = models.CharField(_("原因"), max_length=300)
    due_on = models.DateField(_("缴回期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DUE)
    paid_on = models.DateField(_("缴回日期"), null=True, blank=True)
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资金缴回")
        verbose_name_plural = _("资金缴回")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_repayment_positive")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.amount}"


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("待报送")
        SUBMITTED = "submitted", _("已报送")
        ACCEPTED = "accepted", _("已审核")
        RETURNED = "returned", _("退回修改")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("报告期"), max_length=20)  # 2026H1, 2026Q3 …
    due_on = models.DateField(_("报送期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DUE)
    text = models.TextField(_("进展情况"), blank=True)
    spent = models.DecimalField(_("累计支出（元）"), null=True, blank=True, **MONEY)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["project", "due_on"]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="fund_report_unique_period")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.period}"


class ChangeRequest(models.Model):
    class Kind(models.TextChoices):
        EXTENSION = "extension", _("延期")
        BUDGET = "budget", _("预算调整")
        OTHER = "other", _("其他变更")

    class Status(models.TextChoices):
        PENDING = "pending", _("审批中")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("变更类型"), max_length=10, choices=Kind.choices)
    new_end = models.DateField(_("延期至"), null=True, blank=True)
    budget = models.JSONField(_("调整后预算"), default=list, blank=True)
    reason = models.TextField(_("理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目变更")
        verbose_name_plural = _("项目变更")
        ordering = ["project", "requested_at"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.get_kind_display()}"


class Inspection(models.Model):
    """The mid-term check (中期检查) or the acceptance (验收) of a project, by a drawn panel."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("中期检查")
        ACCEPTANCE = "acceptance", _("验收")

    class Outcome(models.TextChoices):
        PASS = "pass", _("通过")
        CONCLUDE = "conclude", _("结题")
        FAIL = "fail", _("不通过")
        CONCERN = "concern", _("需整改")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    applied_on = models.DateField(_("申请日期"))
    draw_id = models.PositiveBigIntegerField(_("专家抽取"), null=True, blank=True)
    held_on = models.DateField(_("会议日期"), null=True, blank=True)
    outcome = models.CharField(_("结论"), max_length=10, choices=Outcome.choices, blank=True)
    opinion = models.TextField(_("专家组意见"), blank=True)
    rectify_until = models.DateField(_("整改期限"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("检查验收")
        verbose_name_plural = _("检查验收")
        ordering = ["project", "applied_on", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.get_kind_display()}"


class Performance(models.Model):
    """A project's output figures for a year (feeding evaluation)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="performance")
    year = models.PositiveSmallIntegerField(_("年度"))
    patents = models.PositiveIntegerField(_("专利（件）"), default=0)
    products = models.PositiveIntegerField(_("新产品（个）"), default=0)
    revenue = models.DecimalField(_("新增销售收入（元）"), default=0, **MONEY)
    jobs = models.PositiveIntegerField(_("新增就业（人）"), default=0)
    note = models.CharField(_("其他成果"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="fund_performance_unique_year")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.year}"


class Sanction(models.Model):
    """A consequence that travels: an organization (and its project leader) barred from applying until a date
    (a failed acceptance bars for 3 years; overdue acceptance bars until it is done). Checked at every later
    application's eligibility."""

    organization = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    person_id = models.PositiveBigIntegerField(_("项目负责人"), null=True, blank=True)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions")
    reason = models.CharField(_("原因"), max_length=300)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    lifted = models.BooleanField(_("已解除"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("失信限制")
        verbose_name_plural = _("失信限制")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.ends_on}"
