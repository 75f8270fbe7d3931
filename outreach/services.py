"""The one writer of service sites, 我为职工办实事 projects and the 重点企业 mark.

Pages, the admin and the demo seeder call these functions; each checks the
rules (Chinese ValidationError, nothing written) and keeps the change history
(django-simple-history: ``_history_user``, ``_history_date`` from ``at``).
tests/test_one_writer.py keeps other modules from writing a project's status,
a site's conversion or an enterprise's key mark.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns import roles
from campaigns.models import Assignment, Enterprise
from campaigns.permissions import team_unit_ids
from visits.services import move_enterprise_visits_to_site

from .models import Project, ServiceSite

NO_UNIT = "请选择服务阵地所属的蹲点单位。"
UNIT_NOT_COVERED = "该单位不是您所在小组的蹲点单位，不能在此登记服务阵地。"
PROJECT_UNIT_NOT_OF_TEAM = "该单位不是负责小组在本次活动中的蹲点单位。"


def can_manage_sites(user) -> bool:
    """Office staff and superusers (any unit); cadres and team leaders (their teams' units)."""
    if roles.can_manage_master_data(user):
        return True
    return user.is_authenticated and not roles.is_leadership(user) and bool(team_unit_ids(user))


def check_site_unit(user, unit):
    if unit is None:
        raise ValidationError({"unit": NO_UNIT})
    if not roles.can_manage_master_data(user) and unit.pk not in team_unit_ids(user):
        raise ValidationError({"unit": UNIT_NOT_COVERED})


def _stamp(record, by, at):
    record._history_user = by
    if at is not None:
        record._history_date = at
        if record.pk is None:
            record.created_at = at


@transaction.atomic
def save_site(site: ServiceSite, *, by, at=None) -> ServiceSite:
    """Create or change a service site: it needs a unit the user's team covers (office staff: any)."""
    check_site_unit(by, site.unit if site.unit_id else None)
    unknown = set(site.services or []) - set(ServiceSite.Service.values)
    if unknown:
        raise ValidationError({"services": "未知的服务项目。"})
    if site.pk is None:
        site.created_by = by
    site.full_clean(exclude=["created_by", "converted_from"])
    _stamp(site, by, at)
    site.save()
    return site


CONVERT_HAS_UNION = "该企业已建会或正在建会，不能转为服务阵地。"


@transaction.atomic
def convert_enterprise_to_site(enterprise: Enterprise, *, kind, by, at=None, **fields) -> ServiceSite:
    """Turn an enterprise record that is really a service site (a 驿站, a 书屋) into one.

    The new site takes the record's name, unit, address and contact; the
    visits that met the enterprise now meet the site (visits.services); the
    enterprise gets ``converted_at`` and drops out of every enterprise list,
    count, the union-building funnel and the 未建会企业台账 (the default manager
    leaves it out), its row and history kept. Office staff only. Refused (and
    nothing written) for an enterprise already converted or with a union (已建会).
    """
    if not roles.can_manage_master_data(by):
        raise ValidationError("只有工作人员可以把企业记录转为服务阵地。")
    locked = Enterprise.all_records.select_for_update().get(pk=enterprise.pk)
    if locked.converted_at is not None:
        raise ValidationError("该企业记录已转为服务阵地。")
    if locked.union_status == "established":
        raise ValidationError(CONVERT_HAS_UNION)
    site = ServiceSite(
        name=fields.pop("name", None) or locked.name,
        kind=kind,
        unit=locked.unit,
        address=fields.pop("address", None) or locked.address,
        contact_name=locked.contact_name,
        contact_phone=locked.contact_phone,
        notes=fields.pop("notes", "") or f"由企业记录“{locked.name}”转为服务阵地。",
        **fields,
    )
    site.converted_from = locked
    site.created_by = by
    site.full_clean(exclude=["created_by", "converted_from"])
    _stamp(site, by, at)
    site.save()
    move_enterprise_visits_to_site(locked, site)
    locked.converted_at = at or timezone.now()
    # The credit code stays in the record's history; freed so a real enterprise can use it.
    locked.credit_code = ""
    locked._change_reason = f"转为服务阵地：{site.name}"
    _stamp(locked, by, at)
    locked.save()
    return site


@transaction.atomic
def set_key_enterprise(enterprise: Enterprise, is_key: bool, *, by, at=None) -> Enterprise:
    """Mark (or unmark) an enterprise as 重点企业; office staff only; one history row per change."""
    if not roles.can_manage_master_data(by):
        raise ValidationError("只有工作人员可以标记重点企业。")
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.is_key == is_key:
        return locked
    locked.is_key = is_key
    locked._change_reason = "标记为重点企业" if is_key else "取消重点企业"
    _stamp(locked, by, at)
    locked.save()
    enterprise.is_key = is_key
    return locked


# -- 我为职工办实事 projects --------------------------------------------------------------


def check_project(project: Project):
    errors = {}
    if project.team_id and project.unit_id:
        covered = Assignment.objects.filter(
            campaign_id=project.team.campaign_id, team_id=project.team_id, unit_id=project.unit_id
        ).exists()
        if not covered:
            errors["unit"] = PROJECT_UNIT_NOT_OF_TEAM
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_project(project: Project, *, by, at=None) -> Project:
    """Create a project or correct its registration (title, unit, responsible cadre …); status: set_project_status."""
    if project.pk is None:
        project.created_by = by
        project.campaign = project.team.campaign
        project.status, project.completed_on = Project.Status.PLANNED, None
    else:
        stored = Project.objects.get(pk=project.pk)
        project.status, project.completed_on, project.result = stored.status, stored.completed_on, stored.result
    check_project(project)
    project.full_clean(exclude=["created_by"])
    _stamp(project, by, at)
    project.save()
    return project


@transaction.atomic
def set_project_status(project: Project, status, *, by, on=None, result=None, at=None) -> Project:
    """The one writer of a project's status: 计划中 → 推进中 → 已办结 (or 已终止), dated and attributed.

    已办结 needs a completion date (default today, not in the future) and keeps
    the short result; leaving 已办结 clears the date.
    """
    if status not in Project.Status.values:
        raise ValidationError({"status": "未知的项目状态。"})
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status == status and result is None:
        raise ValidationError({"status": f"项目状态已是“{Project.Status(status).label}”。"})
    if status == Project.Status.DONE:
        on = on or timezone.localdate()
        if on > timezone.localdate():
            raise ValidationError({"completed_on": "办结日期不能晚于今天。"})
        locked.completed_on = on
    else:
        locked.completed_on = None
    locked.status = status
    if result is not None:
        locked.result = result
    locked._change_reason = f"状态：{Project.Status(status).label}"
    _stamp(locked, by, at)
    locked.save()
    for name in ("status", "completed_on", "result"):
        setattr(project, name, getattr(locked, name))
    return locked
