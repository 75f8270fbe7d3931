"""factory-boy factories, one module per app; import from here in tests."""

from .campaigns import (
    AssignmentFactory,
    CampaignFactory,
    EnterpriseFactory,
    MembershipFactory,
    StatusChangeFactory,
    UnionUnitFactory,
    UserFactory,
    WorkTeamFactory,
    valid_credit_code,
    worker_group,
)
from .issues import IssueFactory
from .visits import PlannedVisitFactory, RecruitmentFactory, VisitFactory

__all__ = [
    "AssignmentFactory",
    "CampaignFactory",
    "EnterpriseFactory",
    "IssueFactory",
    "MembershipFactory",
    "PlannedVisitFactory",
    "RecruitmentFactory",
    "StatusChangeFactory",
    "UnionUnitFactory",
    "UserFactory",
    "VisitFactory",
    "WorkTeamFactory",
    "valid_credit_code",
    "worker_group",
]
