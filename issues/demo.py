"""Demo tickets: every status, every source, overdue ones, each escalation step, rated ones.

Called by ``manage.py seed_demo`` after the campaigns and visits seeders.
Idempotent: a demo ticket is found by its campaign and title (each title is
unique in the list below; hotline tickets also by their hotline number) and
only created when missing. Tickets are opened through ``open_issue`` and moved
through ``workflow.perform`` like real ones; afterwards the action times are
set to the scripted dates so the timeline, the deadlines and the rates read
like a campaign that has been running since July. All people are fictional.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam
from visits.models import Visit

from . import workflow
from .demo_tickets import ACC, CON, EXP, RES, SAT, TICKETS
from .models import IssueAction, WorkerIssue
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


def _backdate(issue, kind, when, responded_before):
    """Give the action just performed its scripted time (without another version bump)."""
    IssueAction.objects.filter(pk=issue.actions.order_by("-id").values("pk")[:1]).update(created_at=when)
    fields = {}
    if kind in (ACC, CON) and responded_before is None:
        fields["responded_at"] = when
    if kind in (RES, EXP):
        fields["closed_at"] = when
    if kind == SAT:
        fields["satisfaction_at"] = when
    if fields:
        WorkerIssue.objects.filter(pk=issue.pk).update(**fields)


def _visit(ctx, team, unit, spec):
    if spec is None:
        return None
    day, kind = spec
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
    )
    IssueAction.objects.filter(issue=issue).update(created_at=received_at)
    for when, kind, username, params in steps:
        responded_before = issue.responded_at
        issue = workflow.perform(issue.pk, ctx["users"][username], kind, version=issue.version, **params)
        _backdate(issue, kind, when, responded_before)
        issue.refresh_from_db()
    return issue


def seed(stdout):
    """Seed the demo tickets (called by ``manage.py seed_demo``)."""
    ctx = _lookup(stdout)
    if ctx is None:
        return
    created = 0
    for row in TICKETS:
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
