"""The reference data as it stood when this migration was written (DESIGN.md §2).

The data is copied here on purpose, not imported from ``campaigns.reference``:
a migration must do the same thing on every database, whenever it runs. The
live list (what staff start from today) stays in ``campaigns.reference``;
later changes to units are made by staff (merge, split) or by a new migration.
"""

from django.db import migrations

# (name, kind, sort_order): 14 towns, 6 streets, 2 industrial bases, the taxi drivers' home.
UNITS = [
    ("西红门镇", "town", 1), ("旧宫镇", "town", 2), ("亦庄镇", "town", 3), ("黄村镇", "town", 4),
    ("瀛海镇", "town", 5), ("庞各庄镇", "town", 6), ("北臧村镇", "town", 7), ("魏善庄镇", "town", 8),
    ("青云店镇", "town", 9), ("长子营镇", "town", 10), ("安定镇", "town", 11), ("礼贤镇", "town", 12),
    ("榆垡镇", "town", 13), ("采育镇", "town", 14),
    ("兴丰街道", "street", 15), ("林校路街道", "street", 16), ("清源街道", "street", 17),
    ("观音寺街道", "street", 18), ("天宫院街道", "street", 19), ("高米店街道", "street", 20),
    ("新媒体产业基地", "base", 21), ("生物医药产业基地", "base", 22),
    ("的士职工之家", "special", 23),
]  # fmt: skip

EIGHT_GROUPS = ["货车司机", "快递员", "护工护理员", "家政服务员", "商场信息员", "网约送餐员", "房产中介员", "保安员"]

ROLE_GROUPS = ["领导", "工作人员"]


def load_reference_data(apps, schema_editor):
    """Idempotent: creates what is missing, never overwrites staff's edits."""
    UnionUnit = apps.get_model("campaigns", "UnionUnit")
    WorkerGroup = apps.get_model("campaigns", "WorkerGroup")
    Group = apps.get_model("auth", "Group")
    for name, kind, order in UNITS:
        UnionUnit.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": order})
    for i, name in enumerate(EIGHT_GROUPS, start=1):
        WorkerGroup.objects.get_or_create(name=name, defaults={"sort_order": i})
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
