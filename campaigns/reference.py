"""Reference data (DESIGN.md §2): the current list, loaded by tests and fixtures, editable by staff.

The data migration ``campaigns/migrations/0002_reference_data.py`` carries its own frozen
copy: editing this module never changes what an old migration does.
"""

TOWNS = [
    "西红门镇", "旧宫镇", "亦庄镇", "黄村镇", "瀛海镇", "庞各庄镇", "北臧村镇",
    "魏善庄镇", "青云店镇", "长子营镇", "安定镇", "礼贤镇", "榆垡镇", "采育镇",
]  # fmt: skip
STREETS = ["兴丰街道", "林校路街道", "清源街道", "观音寺街道", "天宫院街道", "高米店街道"]
BASES = ["新媒体产业基地", "生物医药产业基地"]
SPECIAL = ["的士职工之家"]

EIGHT_GROUPS = ["货车司机", "快递员", "护工护理员", "家政服务员", "商场信息员", "网约送餐员", "房产中介员", "保安员"]
# Other groups the article names; counted in "全部", not in "八大群体".
OTHER_GROUPS = ["农民工", "出租车司机", "环卫工人"]

ROLE_GROUPS = ["领导", "工作人员"]


def units():
    """(name, kind, sort_order) for the 22 federations and the special unit."""
    rows = [(n, "town") for n in TOWNS] + [(n, "street") for n in STREETS]
    rows += [(n, "base") for n in BASES] + [(n, "special") for n in SPECIAL]
    return [(name, kind, i + 1) for i, (name, kind) in enumerate(rows)]


def load(apps):
    """Idempotent: creates what is missing, never overwrites staff's edits."""
    UnionUnit = apps.get_model("campaigns", "UnionUnit")
    WorkerGroup = apps.get_model("campaigns", "WorkerGroup")
    Group = apps.get_model("auth", "Group")
    for name, kind, order in units():
        UnionUnit.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": order})
    for i, name in enumerate(EIGHT_GROUPS, start=1):
        WorkerGroup.objects.get_or_create(name=name, defaults={"sort_order": i, "is_eight_group": True})
    for i, name in enumerate(OTHER_GROUPS, start=len(EIGHT_GROUPS) + 1):
        WorkerGroup.objects.get_or_create(name=name, defaults={"sort_order": i})
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
