"""Demo: a unit handed to another team mid-campaign and two units merged.

Run after ``issues.demo.seed`` (settings.DEMO_SEEDERS) through the same
services as the staff pages (``issues.unit_changes``), dated by the script and
moved with ``campaigns.demo.shifted``. Both are fictional (演示), and chosen
among units without open demo tickets or plans so the hand-counted rates stay as
they are. Running it again changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.demo import CAMPAIGN_NAME, shifted
from campaigns.models import Assignment, Campaign, UnionUnit, WorkTeam

from .unit_changes import UnitChangeError, apply_change, hand_over, plan_change, plan_handover

HANDOVER = ("庞各庄镇", "第三蹲点小组", dt.date(2026, 11, 2))
MERGE = (["新媒体产业基地", "生物医药产业基地"], "大兴产业基地", dt.date(2026, 11, 9))
MERGE_NOTE = "演示数据：虚构的单位合并"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(shifted(day), dt.time(9, 0)))


def seed(stdout):
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    staff = get_user_model().objects.filter(username="staff").first()
    if campaign is None or staff is None:
        stdout.write("  单位变更：未找到演示蹲点活动或工作人员账号，跳过。")
        return
    unit_name, team_name, day = HANDOVER
    current = Assignment.objects.current().filter(campaign=campaign, unit__name=unit_name).select_related("team")
    assignment, team = current.first(), WorkTeam.objects.filter(campaign=campaign, name=team_name).first()
    if assignment and team and assignment.team_id != team.pk:
        try:
            hand_over(plan_handover(assignment, team, shifted(day)), staff, at=_at(day))
            stdout.write(f"  单位移交：{unit_name}自{shifted(day):%m-%d}起由{team_name}负责")
        except UnitChangeError as exc:
            stdout.write(f"  单位移交：跳过（{exc}）")
    names, new_name, day = MERGE
    if not UnionUnit.objects.filter(name=new_name).exists():
        sources = sorted(UnionUnit.objects.filter(name__in=names), key=lambda u: names.index(u.name))
        try:
            plan = plan_change("merge", shifted(day), sources, [new_name], note=MERGE_NOTE)
            apply_change(plan, staff, at=_at(day))
            stdout.write(f"  单位合并：{'、'.join(names)} → {new_name}")
        except UnitChangeError as exc:
            stdout.write(f"  单位合并：跳过（{exc}）")
