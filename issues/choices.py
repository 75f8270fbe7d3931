"""The fixed vocabularies of a ticket (DESIGN.md §2): sources, categories, urgency, status, the ladder."""

from django.db import models


class Source(models.TextChoices):
    FIELD = "field", "蹲点发现"
    HOTLINE_12345 = "12345", "12345接诉即办"
    HOTLINE_12351 = "12351", "12351职工热线"
    YANHE = "yanhe", "言和平台"
    LETTER = "letter", "来信来访"
    OTHER = "other", "其他"


class Category(models.TextChoices):
    HARDSHIP = "hardship", "困难救助"
    REEMPLOYMENT = "reemployment", "转岗就业"
    WAGES = "wages", "工资报酬"
    SOCIAL_INSURANCE = "insurance", "社会保险"
    HEALTH = "health", "职业健康"
    DISPUTE = "dispute", "劳动争议"
    UNION = "union", "建会入会"
    OTHER = "other", "其他"


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "紧急"
    ORDINARY = "ordinary", "一般"
    COMPLEX = "complex", "复杂"


class Status(models.TextChoices):
    NEW = "new", "待受理"
    PROCESSING = "processing", "办理中"
    CLOSED = "closed", "已办结"


class EscalationStep(models.IntegerChoices):
    """The ladder of DESIGN.md §2, in order."""

    ENTERPRISE = 1, "企业内部解决"
    LOCAL_GOVERNMENT = 2, "属地党委政府"
    MULTI_PARTY = 3, "多方协调"
    EXPLAIN_AND_REPORT = 4, "解释说明并上报"


class ClosingKind(models.TextChoices):
    SOLVED = "solved", "解决"
    EXPLAINED = "explained", "解释说明"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
