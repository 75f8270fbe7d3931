"""The ticket (职工诉求) itself and the counter that numbers it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from campaigns import scoping
from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit, WorkTeam
from campaigns.roles import (
    is_leadership,
    is_office_staff,
    is_team_leader,
    is_team_member,
)
from privacy.fields import EncryptedTextField, KeyedHashField

from .. import masking
from ..choices import (
    Category,
    ClosingKind,
    EscalationStep,
    Satisfaction,
    Source,
    Status,
    Urgency,
)
from ..querysets import WorkerIssueQuerySet


class WorkerIssue(models.Model):
    code = models.CharField("工单编号", max_length=20, unique=True, editable=False)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.FIELD)
    hotline_number = models.CharField("热线工单号", max_length=40, blank=True)
    category = models.CharField("类别", max_length=14, choices=Category.choices)
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.ORDINARY)
    worker_name = models.CharField("职工姓名", max_length=40, blank=True)
    # Encrypted at rest (privacy.crypto); searched and compared through the keyed hashes.
    worker_phone = EncryptedTextField("联系电话", plain_max_length=20, blank=True)
    worker_id_number = EncryptedTextField("身份证号", plain_max_length=18, blank=True)
    worker_phone_hash = KeyedHashField(source="worker_phone", db_index=True)
    worker_id_number_hash = KeyedHashField(source="worker_id_number", db_index=True)
    personal_data_masked_at = models.DateTimeField("个人信息脱敏时间", null=True, blank=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="issues", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="issues", verbose_name="责任小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.PROTECT, related_name="issues", verbose_name="所属单位")
    # The 分工 the ticket is handled under: set by the service layer with team and
    # unit (issues.services / issues.workflow), so an assignment that still has
    # tickets cannot be deleted (PROTECT) and the team/unit pair is always one
    # that exists in the campaign.
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="issues",
        verbose_name="分工",
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="issues", verbose_name="涉及企业"
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="issues", verbose_name="来源走访"
    )
    # 我为职工办实事: the project this ticket is solved through (written by issues.services only).
    project = models.ForeignKey(
        "outreach.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name="办实事项目",
    )
    title = models.CharField("诉求摘要", max_length=120)
    description = models.TextField("诉求内容", max_length=5000)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues_handled",
        verbose_name="承办人",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NEW)
    escalation_step = models.PositiveSmallIntegerField(
        "处理层级", choices=EscalationStep.choices, default=EscalationStep.ENTERPRISE
    )
    received_at = models.DateTimeField("受理登记时间")
    response_due = models.DateTimeField("响应时限")
    resolution_due = models.DateTimeField("办结时限")
    # A deadline fell in a year whose holiday schedule is not loaded yet: counted on
    # Monday–Friday and recomputed when the year is loaded (issues.services.recompute_deadlines).
    deadline_provisional = models.BooleanField("时限待日历确认", default=False, editable=False)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # The ladder: the body the ticket went to last, its reply and the follow-up date.
    escalated_to = models.CharField("上报至", max_length=100, blank=True)
    reply = models.TextField("答复", blank=True)
    reply_on = models.DateField("答复日期", null=True, blank=True)
    follow_up_on = models.DateField("跟进日期", null=True, blank=True)
    closing_kind = models.CharField("办结方式", max_length=10, choices=ClosingKind.choices, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    satisfaction_at = models.DateTimeField("回访时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issues_created", verbose_name="登记人"
    )
    # A default, not auto_now_add: the demo seeder passes the scripted time.
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Bumped by every transition; a stale form (two people on one ticket) is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "version",
            "worker_phone_hash",
            "worker_id_number_hash",
            "personal_data_masked_at",
        ]
    )
    visibility = scoping.ByTeam("team", author_path="created_by")
    objects = WorkerIssueQuerySet.as_manager()

    class Meta:
        verbose_name = "职工诉求"
        verbose_name_plural = "职工诉求"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="issue_order_idx"),
            models.Index(fields=["team", "status"], name="issue_team_status_idx"),
            models.Index(fields=["status", "resolution_due"], name="issue_status_due_idx"),
            models.Index(fields=["status", "response_due"], name="issue_status_respdue_idx"),
            models.Index(fields=["hotline_number"], name="issue_hotline_idx"),
            # dashboard.coverage.coverage_rows: open / closed tickets per (campaign, team, unit).
            models.Index(fields=["campaign", "team", "unit", "status"], name="issue_coverage_idx"),
            # rollups.services.refresh (one local day of one campaign's tickets, by each day a figure
            # sits on) and issues.rates (the tickets whose deadline or closing falls in a period).
            models.Index(fields=["campaign", "received_at", "team", "unit"], name="issue_rollup_received_idx"),
            models.Index(fields=["campaign", "closed_at", "team", "unit"], name="issue_rollup_closed_idx"),
            models.Index(fields=["campaign", "response_due", "team", "unit"], name="issue_rollup_respdue_idx"),
            models.Index(fields=["campaign", "resolution_due", "team", "unit"], name="issue_rollup_resdue_idx"),
            # The list (issue 15). Open tickets: a partial index whose predicate is the list's own
            # exclude(status="closed"), for the "open" view and the overdue / due-soon deadlines.
            models.Index(fields=["-received_at", "-id"], condition=~Q(status="closed"), name="issue_open_order_idx"),
            models.Index(fields=["resolution_due"], condition=~Q(status="closed"), name="issue_open_due_idx"),
            # rollups.rates: the part of a period from today on, for tickets of any campaign (the issue
            # list's rates): a deadline or a closing from today, three short ranges (BitmapOr). Also
            # the due-soon window of WorkerIssue.objects.due_soon.
            models.Index(fields=["response_due"], name="issue_rates_respdue_idx"),
            models.Index(fields=["resolution_due"], name="issue_rates_resdue_idx"),
            models.Index(fields=["closed_at"], name="issue_rates_closed_idx"),
            # A team's open tickets past (or near) a deadline: the dashboard's overdue per team, the today
            # page's open and overdue counts and its list; the second one for the response deadline,
            # which matters only while nobody has responded (WorkerIssue.objects.overdue / due_soon).
            # Covering (PostgreSQL; SQLite ignores INCLUDE): the counts and the dashboard's first overdue
            # tickets read the index only — the id, the visibility rule's author, the response deadline,
            # and the dashboard's campaign and received-day filters.
            models.Index(
                fields=["team", "resolution_due"],
                include=["id", "campaign", "received_at", "response_due", "responded_at", "created_by"],
                condition=~Q(status="closed"),
                name="issue_open_team_resdue_idx",
            ),
            models.Index(
                fields=["team", "response_due"],
                condition=~Q(status="closed") & Q(responded_at__isnull=True),
                name="issue_open_team_respdue_idx",
            ),
            # A team's list in the list's order (cadres and team leaders see their teams).
            models.Index(fields=["team", "-received_at", "-id"], name="issue_team_order_idx"),
            # The search box: codes, hotline numbers and worker names from their beginning (LIKE 'x%'
            # needs the pattern operator class under a non-C collation). Substrings: the trigram
            # indexes issue_search_*_trgm, created on PostgreSQL only by migration 0012_search_and_open_ticket_indexes.
            models.Index(fields=["code"], opclasses=["varchar_pattern_ops"], name="issue_code_prefix_idx"),
            models.Index(fields=["hotline_number"], opclasses=["varchar_pattern_ops"], name="issue_hotline_prefix_idx"),
            models.Index(fields=["worker_name"], opclasses=["varchar_pattern_ops"], name="issue_worker_prefix_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "hotline_number"],
                condition=~Q(hotline_number=""),
                name="issue_unique_hotline_number_per_source",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False, closing_kind__in=["solved", "explained"])
                | (~Q(status="closed") & Q(closed_at__isnull=True, closing_kind="")),
                name="issue_closed_iff_closed_at_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(status="closed"), name="issue_satisfaction_only_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(escalation_step__gte=1, escalation_step__lte=4), name="issue_step_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(response_due__lte=models.F("resolution_due")), name="issue_response_due_before_resolution"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True)
                | Q(reply_on__isnull=True)
                | Q(follow_up_on__gte=models.F("reply_on")),
                name="issue_follow_up_not_before_reply",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    # --- who may see what -------------------------------------------------
    def can_see_personal_data(self, user) -> bool:
        """Whether ``user`` may see the worker's name, phone and ID number in full.

        DESIGN.md §3: "those who handle the ticket, staff and leadership". Precisely:
        superusers, office staff (工作人员), leadership (领导), the leader (组长) of the
        ticket's team, its handler (承办人) and the cadre who recorded it (登记人),
        the last two only while they are members of the ticket's team. Everyone
        else who may see the ticket (other cadres of the team) sees it masked.
        """
        if not user.is_authenticated:
            return False
        if user.is_superuser or is_office_staff(user) or is_leadership(user):
            return True
        if is_team_leader(user, self.team_id):
            return True
        return user.pk in (self.handler_id, self.created_by_id) and is_team_member(user, self.team_id)

    def personal_data_for(self, user) -> dict:
        """The worker's name, phone and ID number as ``user`` may see them."""
        if self.can_see_personal_data(user):
            return {"name": self.worker_name, "phone": self.worker_phone, "id_number": self.worker_id_number}
        return {
            "name": masking.mask_name(self.worker_name),
            "phone": masking.mask_phone(self.worker_phone),
            "id_number": masking.mask_id_number(self.worker_id_number),
        }

    @property
    def is_new(self) -> bool:
        return self.status == Status.NEW

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def is_overdue(self, now) -> bool:
        if self.status == Status.CLOSED:
            return False
        return self.resolution_due < now or (self.responded_at is None and self.response_due < now)

    def is_due_soon(self, now) -> bool:
        """``WorkerIssue.objects.due_soon(now)`` said of this ticket (tests/issues/test_due_soon.py checks they agree)."""
        if self.status == Status.CLOSED or self.is_overdue(now):
            return False
        soon = now + dt.timedelta(hours=settings.ISSUE_DUE_SOON_HOURS)
        if self.responded_at is None and now <= self.response_due <= soon:
            return True
        return now <= self.resolution_due <= soon


class IssueCodeCounter(models.Model):
    """The last number handed out for a year's ticket codes (DX-YYYY-NNNNN).

    Incremented with a single UPDATE inside the creating transaction, so two
    tickets created at once never get the same number (the row lock serialises
    them on PostgreSQL; SQLite serialises all writers anyway).
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    last_number = models.PositiveIntegerField("已用编号", default=0)

    class Meta:
        verbose_name = "工单编号计数"
        verbose_name_plural = "工单编号计数"

    def __str__(self):
        return f"{self.year}: {self.last_number}"
