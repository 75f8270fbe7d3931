"""Team memberships get their campaign and validity dates (issue 11).

Existing memberships are carried forward: each gets its team's campaign and is
dated from that campaign's start, open-ended. Nothing is deleted. A user who
was in two teams of one campaign (the old schema allowed it) keeps the
leader's (else the first) membership open; the others are kept, closed on the
campaign's start day, so the one-open-membership constraint holds.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def date_existing_memberships(apps, schema_editor):
    TeamMembership = apps.get_model("campaigns", "TeamMembership")
    seen = set()
    rows = TeamMembership.objects.select_related("team__campaign").order_by("user_id", "role", "id")
    # "leader" sorts before "member": a leader's membership is the one kept open.
    for m in rows:
        m.campaign_id = m.team.campaign_id
        m.valid_from = m.team.campaign.start_date
        key = (m.user_id, m.campaign_id)
        if key in seen:
            m.valid_to = m.valid_from
        seen.add(key)
        m.save(update_fields=["campaign", "valid_from", "valid_to"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_unit_changes_worker_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="teammembership",
            options={
                "ordering": ["team", "-role", "user__username", "valid_from"],
                "verbose_name": "小组成员",
                "verbose_name_plural": "小组成员",
            },
        ),
        migrations.RemoveConstraint(model_name="teammembership", name="membership_unique_user_per_team"),
        migrations.RemoveConstraint(model_name="teammembership", name="membership_one_leader_per_team"),
        migrations.AddField(
            model_name="teammembership",
            name="campaign",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="campaigns.campaign",
                verbose_name="蹲点活动",
            ),
        ),
        migrations.AddField(
            model_name="teammembership",
            name="valid_from",
            field=models.DateField(blank=True, null=True, help_text="空则为活动开始日期。", verbose_name="起始日期"),
        ),
        migrations.AddField(
            model_name="teammembership",
            name="valid_to",
            field=models.DateField(
                blank=True, help_text="离组之日（当日起不再属于该组）；空表示至今。", null=True, verbose_name="截止日期"
            ),
        ),
        migrations.RunPython(date_existing_memberships, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="teammembership",
            name="campaign",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="campaigns.campaign",
                verbose_name="蹲点活动",
            ),
        ),
        migrations.AlterField(
            model_name="teammembership",
            name="valid_from",
            field=models.DateField(blank=True, help_text="空则为活动开始日期。", verbose_name="起始日期"),
        ),
        migrations.AlterField(
            model_name="teammembership",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="campaigns.workteam",
                verbose_name="小组",
            ),
        ),
        migrations.AlterField(
            model_name="teammembership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="team_memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="用户",
            ),
        ),
        migrations.AddConstraint(
            model_name="teammembership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_to__isnull", True)),
                fields=("campaign", "user"),
                name="membership_one_open_per_campaign",
            ),
        ),
        migrations.AddConstraint(
            model_name="teammembership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", "leader"), ("valid_to__isnull", True)),
                fields=("team",),
                name="membership_one_open_leader_per_team",
            ),
        ),
        migrations.AddConstraint(
            model_name="teammembership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True), ("valid_to__gte", models.F("valid_from")), _connector="OR"
                ),
                name="membership_ends_after_start",
            ),
        ),
    ]
