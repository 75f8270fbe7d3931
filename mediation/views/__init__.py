from .bodies import body_create, body_detail, body_list, body_status, targets
from .cases import case_list, case_outcome, handover, referral_create, referral_list, referral_result

__all__ = [
    "body_create",
    "body_detail",
    "body_list",
    "body_status",
    "case_list",
    "case_outcome",
    "handover",
    "referral_create",
    "referral_list",
    "referral_result",
    "targets",
]
