"""Seed the deadline rules and the score weights (staff edit both in admin afterwards).

Response / resolution deadlines per source and urgency (category: any):

| source        | 紧急 emergency | 一般 ordinary       | 复杂 complex         |
|---------------|----------------|---------------------|----------------------|
| 12345接诉即办 | 2 h / 2 h      | 1 工作日 / 7 工作日 | 1 工作日 / 15 工作日 |
| 12351职工热线 | 2 h / 1 工作日 | 1 工作日 / 7 工作日 | 1 工作日 / 15 工作日 |
| 蹲点发现      | 2 h / 1 工作日 | 2 工作日 / 10 工作日| 2 工作日 / 20 工作日 |
| 言和平台      | 2 h / 1 工作日 | 2 工作日 / 10 工作日| 2 工作日 / 20 工作日 |
| 来信来访      | 2 h / 1 工作日 | 3 工作日 / 15 工作日| 3 工作日 / 30 工作日 |
| 其他          | 2 h / 1 工作日 | 2 工作日 / 10 工作日| 2 工作日 / 20 工作日 |

12345 follows the published 接诉即办 figures (2 hours / 7 / 15 days); 12351
mirrors it; 来信来访 allows the longer time letters need; the rest sit between.
"""

from django.db import migrations

H, D = "hours", "days"

# source: {urgency: ((response value, unit), (resolution value, unit))}
RULES = {
    "12345": {"emergency": ((2, H), (2, H)), "ordinary": ((1, D), (7, D)), "complex": ((1, D), (15, D))},
    "12351": {"emergency": ((2, H), (1, D)), "ordinary": ((1, D), (7, D)), "complex": ((1, D), (15, D))},
    "field": {"emergency": ((2, H), (1, D)), "ordinary": ((2, D), (10, D)), "complex": ((2, D), (20, D))},
    "yanhe": {"emergency": ((2, H), (1, D)), "ordinary": ((2, D), (10, D)), "complex": ((2, D), (20, D))},
    "letter": {"emergency": ((2, H), (1, D)), "ordinary": ((3, D), (15, D)), "complex": ((3, D), (30, D))},
    "other": {"emergency": ((2, H), (1, D)), "ordinary": ((2, D), (10, D)), "complex": ((2, D), (20, D))},
}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("issues", "DeadlineRule")
    RateWeights = apps.get_model("issues", "RateWeights")
    for source, by_urgency in RULES.items():
        for urgency, ((rv, ru), (sv, su)) in by_urgency.items():
            DeadlineRule.objects.update_or_create(
                source=source,
                category="",
                urgency=urgency,
                defaults={
                    "response_hours": rv if ru == H else 0,
                    "response_workdays": rv if ru == D else 0,
                    "resolution_hours": sv if su == H else 0,
                    "resolution_workdays": sv if su == D else 0,
                    "note": "初始规则",
                },
            )
    RateWeights.objects.get_or_create(
        pk=1, defaults={"response_weight": 30, "resolution_weight": 35, "satisfaction_weight": 35}
    )


class Migration(migrations.Migration):
    dependencies = [("issues", "0002_deadline_rules_weights_code_counter")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
