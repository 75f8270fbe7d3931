"""factory-boy factories, one module per app; import from here in tests."""

from .campaigns import (
    AssignmentFactory,
    CampaignFactory,
    EnterpriseFactory,
    MembershipFactory,
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
    "UnionUnitFactory",
    "UserFactory",
    "VisitFactory",
    "WorkTeamFactory",
    "valid_credit_code",
    "worker_group",
]
