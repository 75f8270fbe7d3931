from .enterprise import Enterprise, EnterpriseStatusChange, UnionStatus
from .organisation import (
    Assignment,
    Campaign,
    TeamMembership,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from .units import UnitChange, successor_map

__all__ = [
    "Assignment",
    "Campaign",
    "Enterprise",
    "EnterpriseStatusChange",
    "TeamMembership",
    "UnionStatus",
    "UnionUnit",
    "UnitChange",
    "WorkTeam",
    "WorkerGroup",
    "successor_map",
]
