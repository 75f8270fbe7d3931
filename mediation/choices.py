"""The fixed vocabularies of mediation: 言和 outcomes, kinds and stages of mediation bodies, referrals."""

from django.db import models


class CaseOutcome(models.TextChoices):
    PENDING = "pending", "调解中"
    SETTLED = "settled", "调解成功"
    ARBITRATION = "arbitration", "调解不成功·转仲裁"
    WITHDRAWN = "withdrawn", "撤回"


class BodyKind(models.TextChoices):
    SIX_PARTY = "six_party", "六方工作站"
    INDUSTRY = "industry", "行业调解组织"
    PARK = "park", "园区/楼宇调解组织"
    ENTERPRISE = "enterprise", "企业劳动争议调解委员会"
    OTHER = "other", "其他"


class BodyStatus(models.TextChoices):
    """Forward only: planned → being set up → established (the order of the values below)."""

    PLANNED = "planned", "计划建立"
    SETTING_UP = "setting_up", "筹建中"
    ESTABLISHED = "established", "已建成"


BODY_STATUS_ORDER = {value: i for i, value in enumerate(BodyStatus.values)}


class ReferralService(models.TextChoices):
    LEGAL_AID = "legal_aid", "法律援助"
    COUNSELLING = "counselling", "心理疏导"
    HARDSHIP = "hardship", "困难帮扶"


class ReferralResult(models.TextChoices):
    PENDING = "pending", "待反馈"
    DONE = "done", "已提供服务"
    DECLINED = "declined", "未能提供"


# How an update reached ``services.apply_case_update`` (written into the timeline entry).
VIA_LABELS = {"page": "页面登记", "import": "Excel导入", "api": "言和平台接口", "demo": "演示数据"}
