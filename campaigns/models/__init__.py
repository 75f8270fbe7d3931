from .enterprise import Enterprise, EnterpriseStatusChange, UnionStatus
from .organisation import (
    Assignment,
    Campaign,
    TeamMembership,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)

__all__ = [
    "Assignment",
    "Campaign",
    "Enterprise",
    "EnterpriseStatusChange",
    "TeamMembership",
    "UnionStatus",
    "UnionUnit",
    "WorkTeam",
    "WorkerGroup",
]
