"""Demo tickets: every status, every source, overdue ones, each escalation step, rated ones.

Called by ``manage.py seed_demo`` after the campaigns and visits seeders.
Idempotent: a demo ticket is found by its campaign and title (each title is
unique in the list below; hotline tickets also by their hotline number) and
only created when missing. Tickets are opened through ``open_issue`` and moved
through ``workflow.perform`` like real ones, each with its scripted time passed
as ``at`` (no clock library, nothing rewritten afterwards): the timeline
(处理记录), the change history (修改历史), the deadlines and the rates all tell
the same story of a campaign running in the months around the day of seeding
(``campaigns.demo.shifted``). All people are fictional.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.demo import shifted
from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam
from visits.models import Visit

from . import workflow
from .demo_tickets import tickets
from .models import WorkerIssue
from .services import open_issue

CAMPAIGN_NAME = "2026年机关干部赴基层蹲点活动"
TEAM_NAMES = ["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"]
USERNAMES = ["leader", "staff", "team1", "team2", "team3", "cadre1", "cadre2", "cadre3"]


def _lookup(stdout):
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    teams = {t.name: t for t in WorkTeam.objects.filter(campaign=campaign)} if campaign else {}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
    missing = [n for n in TEAM_NAMES if n not in teams] + [u for u in USERNAMES if u not in users]
    if campaign is None or missing:
        stdout.write("  职工诉求：未找到演示蹲点活动、小组或用户，跳过（请先运行 campaigns.demo.seed）。")
        return None
    return {
        "campaign": campaign,
        "teams": [teams[name] for name in TEAM_NAMES],
        "users": users,
        "units": {u.name: u for u in UnionUnit.objects.all()},
        "enterprises": {e.name: e for e in Enterprise.objects.all()},
    }


def _visit(ctx, team, unit, spec):
    if spec is None:
        return None
    day, kind = spec
    day = shifted(day)
    return Visit.objects.filter(campaign=ctx["campaign"], team=team, unit=unit, date=day, kind=kind).first()


def _create(ctx, row):
    (title, source, number, category, urgency, team_index, unit_name, enterprise_name, visit_spec, worker, received,
     description, steps) = row  # fmt: skip
    team = ctx["teams"][team_index]
    unit = ctx["units"][unit_name]
    cadre = ctx["users"][f"cadre{team_index + 1}"]
    received_at = timezone.now() - dt.timedelta(hours=1) if received == "recent" else received
    issue = open_issue(
        created_by=ctx["users"]["staff"] if source != "field" else cadre,
        source=source,
        hotline_number=number,
        category=category,
        urgency=urgency,
        team=team,
        unit=unit,
        campaign=ctx["campaign"],
        title=title,
        description=description,
        received_at=received_at,
        worker_name=worker[0],
        worker_phone=worker[1],
        worker_id_number=worker[2],
        enterprise=ctx["enterprises"].get(enterprise_name) if enterprise_name else None,
        visit=_visit(ctx, team, unit, visit_spec),
        at=received_at,
    )
    for when, kind, username, params in steps:
        issue = workflow.perform(issue.pk, ctx["users"][username], kind, version=issue.version, at=when, **params)
    return issue


def seed(stdout):
    """Seed the demo tickets (called by ``manage.py seed_demo``)."""
    ctx = _lookup(stdout)
    if ctx is None:
        return
    created = 0
    for row in tickets():
        title, source, number = row[0], row[1], row[2]
        exists = WorkerIssue.objects.filter(campaign=ctx["campaign"], title=title).exists() or (
            number and WorkerIssue.objects.filter(source=source, hotline_number=number).exists()
        )
        if exists:
            continue
        if row[6] not in ctx["units"]:
            stdout.write(f"  职工诉求：未找到单位 {row[6]}，跳过“{title}”。")
            continue
        _create(ctx, row)
        created += 1
    total = WorkerIssue.objects.filter(campaign=ctx["campaign"]).count()
    stdout.write(f"  职工诉求：{total} 件（新建 {created} 件）")
