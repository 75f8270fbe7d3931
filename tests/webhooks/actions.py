"""Ticket actions through the real workflow, as office staff, with the parameters each needs."""

from django.utils import timezone

from issues import workflow
from issues.models import IssueAction, WorkerIssue

Kind = IssueAction.Kind

PARAMS = {
    Kind.ACCEPT: {},
    Kind.NOTE: {"note": "已电话联系职工"},
    Kind.ESCALATE: {"note": "企业无力解决", "escalated_to": "西红门镇总工会"},
    Kind.RESOLVE: {"note": "已补发工资"},
    Kind.EXPLAIN: {"note": "已向职工解释政策"},
    Kind.REOPEN: {"note": "职工反映仍未解决"},
    Kind.SATISFACTION: {"satisfaction": "satisfied"},
}


def act(ticket, user, kind, **extra) -> WorkerIssue:
    """Perform ``kind`` on the ticket as it is in the database now (its current version)."""
    current = WorkerIssue.objects.get(pk=ticket.pk)
    params = {**PARAMS.get(kind, {}), **extra}
    if kind == Kind.REPLY:
        params = {"note": "属地已答复", "reply_on": timezone.localdate()}
    return workflow.perform(ticket.pk, user, kind, version=current.version, **params)
