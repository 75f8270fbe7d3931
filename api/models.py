"""Systems that call the API (issue 17): clients, their tokens, the call log and idempotency keys.

A client (``ApiClient``) is one integrating system — the 12345 platform, the
12351 hotline, the district's BI — created by office staff in the admin. It
acts through its own account (``account``: a user that cannot sign in, shown
as the 登记人 of the tickets it sends) and holds scopes. Tokens are kept only
as SHA-256 digests; the plain token is shown once when issued
(``api.services.issue_token``). Two tokens may be valid at once while a client
changes keys.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from campaigns import scoping
from issues.choices import Source
from issues.models import WorkerIssue

# The API's own rows are read by office staff in the admin; a client's account sees its own.
STAFF_OR_OWN = scoping.OwnRows("client__account", staff_see_all=True)


class Scope(models.TextChoices):
    """What a token may do. Stored as one boolean per scope on the client."""

    CREATE_TICKETS = "tickets:create", "提交工单"
    READ_STATUS = "tickets:read", "查询工单状态"
    READ_AGGREGATES = "aggregates:read", "读取汇总数据"
    PERSONAL_DATA = "personal_data", "查看职工个人信息（不脱敏）"
    UPDATE_MEDIATION = "mediation:write", "更新言和调解案件"


class ApiClient(models.Model):
    name = models.CharField("名称", max_length=60, unique=True, help_text="如“12345接诉即办平台”")
    active = models.BooleanField("启用", default=True, help_text="停用后其全部令牌立即失效")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name="系统账号",
        editable=False,
        help_text="以此账号登记工单（不能登录）",
    )
    source = models.CharField(
        "代表的工单来源",
        max_length=10,
        choices=[
            (Source.HOTLINE_12345, Source.HOTLINE_12345.label),
            (Source.HOTLINE_12351, Source.HOTLINE_12351.label),
        ],
        blank=True,
        help_text="提交工单时只能用这个来源；查询时只能看到这个来源的工单（除非勾选“可查看全部来源”）",
    )
    all_sources = models.BooleanField("可查看全部来源", default=False, help_text="如区里的数据分析系统")
    can_create_tickets = models.BooleanField(Scope.CREATE_TICKETS.label, default=False)
    can_read_status = models.BooleanField(Scope.READ_STATUS.label, default=False)
    can_read_aggregates = models.BooleanField(Scope.READ_AGGREGATES.label, default=False)
    can_see_personal_data = models.BooleanField(
        Scope.PERSONAL_DATA.label,
        default=False,
        help_text="仅授予送来工单的热线平台；每次不脱敏的响应都记入个人信息访问记录",
    )
    can_update_mediation = models.BooleanField(
        Scope.UPDATE_MEDIATION.label,
        default=False,
        help_text="言和平台：按案件编号报告调解结果（只涉及本客户端可查看的工单）",
    )
    allowed_ips = models.TextField(
        "允许的来源地址", blank=True, help_text="每行一个 IP 或网段（如 10.1.2.0/24）；留空表示不限"
    )
    rate_per_minute = models.PositiveSmallIntegerField("每分钟请求上限", default=120)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    visibility = scoping.OwnRows("account", staff_see_all=True)
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "接口客户端"
        verbose_name_plural = "接口客户端"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_per_minute__gte=1), name="apiclient_rate_positive"),
            models.CheckConstraint(
                condition=Q(can_create_tickets=False) | ~Q(source=""), name="apiclient_creator_has_source"
            ),
        ]

    def __str__(self):
        return self.name

    def scopes(self) -> set[str]:
        flags = {
            Scope.CREATE_TICKETS: self.can_create_tickets,
            Scope.READ_STATUS: self.can_read_status,
            Scope.READ_AGGREGATES: self.can_read_aggregates,
            Scope.PERSONAL_DATA: self.can_see_personal_data,
            Scope.UPDATE_MEDIATION: self.can_update_mediation,
        }
        return {str(scope) for scope, granted in flags.items() if granted}


class ApiTokenQuerySet(scoping.ScopedQuerySet):
    def valid(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, client__active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens", verbose_name="客户端")
    prefix = models.CharField("令牌前缀", max_length=16, help_text="便于辨认，不足以使用")
    digest = models.CharField("摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    visibility = STAFF_OR_OWN
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_created",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="apitoken_revoked_after_created",
            ),
        ]

    def __str__(self):
        return f"{self.client} {self.prefix}…"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at:
            return "已吊销"
        if self.expires_at and self.expires_at <= now:
            return "已过期"
        return "有效"


class ApiCall(models.Model):
    """One request to the API: who, which endpoint (the route, never the data), the outcome."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, null=True, blank=True, related_name="calls", verbose_name="客户端"
    )
    endpoint = models.CharField("接口", max_length=100, help_text="路由模板，如 api/v1/tickets/<str:code>")
    method = models.CharField("方法", max_length=10)
    status = models.PositiveSmallIntegerField("状态码")
    duration_ms = models.PositiveIntegerField("耗时（毫秒）")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    visibility = STAFF_OR_OWN
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "接口调用记录"
        verbose_name_plural = "接口调用记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="apicall_client_at_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__gte=100, status__lt=600), name="apicall_status_http"),
        ]

    def __str__(self):
        return f"{self.method} {self.endpoint} {self.status}"


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key``: the same key again returns the same ticket, never a second one."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField("幂等键", max_length=100)
    fingerprint = models.CharField("请求指纹", max_length=64, help_text="请求体的 SHA-256")
    issue = models.ForeignKey(WorkerIssue, on_delete=models.CASCADE, related_name="+", verbose_name="工单")
    created_at = models.DateTimeField("时间", default=timezone.now, editable=False)

    visibility = STAFF_OR_OWN
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotencykey_unique_per_client")]

    def __str__(self):
        return self.key
