"""The access log of workers' unmasked personal data (个人信息保护法 §§ 51, 54: who saw whose data)."""

from django.conf import settings
from django.db import models

from campaigns.roles import is_office_staff


def can_read_access_log(user) -> bool:
    """Office staff and superusers read the log; nobody else."""
    return user.is_authenticated and (user.is_superuser or is_office_staff(user))


class AccessQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if can_read_access_log(user) else self.none()


class PersonalDataAccess(models.Model):
    """One page shown or one file exported with workers' unmasked name, phone or ID number."""

    class Kind(models.TextChoices):
        PAGE = "page", "页面查看"
        EXPORT = "export", "导出文件"
        ADMIN = "admin", "管理后台"
        API = "api", "接口调用"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="查看人",
    )
    actor = models.CharField("查看人（登录名）", max_length=150, help_text="用户删除或改名后仍可知是谁")
    accessed_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("方式", max_length=10, choices=Kind.choices)
    where = models.CharField("页面或文件", max_length=300)
    tickets = models.JSONField("涉及工单", default=list, help_text="工单编号")
    ticket_count = models.PositiveIntegerField("工单数", default=0)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-accessed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ticket_count__gt=0), name="pdaccess_at_least_one_ticket"),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_kind_display()} {self.where}"
