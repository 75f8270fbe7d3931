"""Worker issue tickets (职工诉求) and every action taken on them.

One module per kind of record; imported here so Django finds every model and
``issues.models.X`` keeps naming them and their choices (migrations refer to
``issues.models.reply_upload_to``).
"""

from ..choices import Category, ClosingKind, EscalationStep, Satisfaction, Source, Status, Urgency
from .action import IssueAction, reply_upload_to
from .rules import DeadlineRule, RateWeights
from .ticket import IssueCodeCounter, WorkerIssue

__all__ = [
    "Category",
    "ClosingKind",
    "DeadlineRule",
    "EscalationStep",
    "IssueAction",
    "IssueCodeCounter",
    "RateWeights",
    "Satisfaction",
    "Source",
    "Status",
    "Urgency",
    "WorkerIssue",
    "reply_upload_to",
]
