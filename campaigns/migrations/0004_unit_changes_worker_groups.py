"""Unit changes (merge, split); dated assignments (a unit handed over mid-campaign); worker groups staff keep; members who joined at a union's founding.

The existing groups were the eight groups (八大群体): they are flagged, and the
other groups the article names are added. Existing recruitment rows keep their
group. The data is frozen here (a migration never imports live code).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OTHER_GROUPS = ["农民工", "出租车司机", "环卫工人"]


def flag_groups(apps, schema_editor):
    WorkerGroup = apps.get_model("campaigns", "WorkerGroup")
    # Before this migration the list held the eight groups only (staff may have renamed one).
    WorkerGroup.objects.exclude(name__in=OTHER_GROUPS).update(is_eight_group=True)
    last = WorkerGroup.objects.aggregate(models.Max("sort_order"))["sort_order__max"] or 0
    for i, name in enumerate(OTHER_GROUPS, start=last + 1):
        WorkerGroup.objects.get_or_create(name=name, defaults={"sort_order": i, "is_eight_group": False})


def date_assignments(apps, schema_editor):
    """Existing assignments run from their campaign's start (they were undated)."""
    Assignment = apps.get_model("campaigns", "Assignment")
    for assignment in Assignment.objects.filter(valid_from__isnull=True).select_related("campaign"):
        assignment.valid_from = assignment.campaign.start_date
        assignment.save(update_fields=["valid_from"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("merge", "合并"), ("split", "拆分")], max_length=10, verbose_name="变更类型"
                    ),
                ),
                ("on_date", models.DateField(verbose_name="生效日期")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("summary", models.TextField(blank=True, help_text="确认时预览的内容", verbose_name="迁移明细")),
                ("created_at", models.DateTimeField(verbose_name="操作时间")),
            ],
            options={
                "verbose_name": "单位变更",
                "verbose_name_plural": "单位变更",
                "ordering": ["-on_date", "-id"],
            },
        ),
        migrations.AlterModelOptions(
            name="workergroup",
            options={"ordering": ["sort_order", "name"], "verbose_name": "入会群体", "verbose_name_plural": "入会群体"},
        ),
        migrations.AddField(
            model_name="enterprisestatuschange",
            name="members_joined",
            field=models.PositiveIntegerField(default=0, verbose_name="建会时入会人数"),
        ),
        migrations.AddField(
            model_name="workergroup",
            name="is_eight_group",
            field=models.BooleanField(default=False, verbose_name="八大群体"),
        ),
        migrations.AddConstraint(
            model_name="enterprisestatuschange",
            constraint=models.CheckConstraint(
                condition=models.Q(("members_joined", 0), ("to_status", "established"), _connector="OR"),
                name="statuschange_members_at_founding",
            ),
        ),
        migrations.AddField(
            model_name="unitchange",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AddField(
            model_name="unitchange",
            name="main_successor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="campaigns.unionunit",
                verbose_name="原单位记录归入",
            ),
        ),
        migrations.AddField(
            model_name="unitchange",
            name="sources",
            field=models.ManyToManyField(related_name="changes_out", to="campaigns.unionunit", verbose_name="原单位"),
        ),
        migrations.AddField(
            model_name="unitchange",
            name="successors",
            field=models.ManyToManyField(related_name="changes_in", to="campaigns.unionunit", verbose_name="新单位"),
        ),
        migrations.AlterModelOptions(
            name="assignment",
            options={
                "ordering": ["campaign", "team__sort_order", "unit__sort_order", "valid_from"],
                "verbose_name": "分工",
                "verbose_name_plural": "分工",
            },
        ),
        migrations.RemoveConstraint(
            model_name="assignment",
            name="assignment_one_team_per_unit_per_campaign",
        ),
        migrations.AddField(
            model_name="assignment",
            name="valid_from",
            field=models.DateField(blank=True, help_text="空：自活动开始", null=True, verbose_name="起始日期"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="valid_to",
            field=models.DateField(blank=True, help_text="空：仍在负责", null=True, verbose_name="截止日期"),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_to__isnull", True)),
                fields=("campaign", "unit"),
                name="assignment_one_current_team_per_unit",
            ),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True),
                    ("valid_from__isnull", True),
                    ("valid_to__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="assignment_ends_after_start",
            ),
        ),
        # Reversing keeps the added groups: recruitment rows may already use them.
        migrations.RunPython(flag_groups, migrations.RunPython.noop),
        migrations.RunPython(date_assignments, migrations.RunPython.noop),
    ]
