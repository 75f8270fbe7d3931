"""Daily summaries of visits and tickets per (campaign, team, unit, day): what the read side reads.

Derived data only: every row can be recomputed from the visits, recruitment
rows, visit–enterprise links and tickets (``rollups.services``). A key with
nothing to count has no row. Which day a figure belongs to:

- visit figures: the visit's date;
- ``enterprises_first_met``: the date of the first visit of the (campaign, team,
  unit) that met the enterprise, so the days' sum up to a date is the number
  of distinct enterprises met by then;
- ``tickets_opened`` / ``tickets_opened_closed``: the local day the ticket was
  received (and, of those, the ones now closed);
- ``tickets_closed`` / ``tickets_closed_solved``: the local day it was closed;
- ``response_due`` / ``responded_on_time``: the local day of the response deadline;
- ``resolution_due`` / ``resolution_missed`` / ``resolution_open``: the local day of
  the resolution deadline (missed: closed after it, or still open; open: not closed);
- ``callbacks_in_window`` / ``satisfied_in_window``: the local day the ticket was
  closed; of the tickets closed that day, those whose satisfaction answer was
  recorded by the end of the callback window (``ISSUE_CALLBACK_WORKDAYS`` working
  days after the closing day), and of those the 满意 / 基本满意 ones. The window
  depends on the working-day calendar: a calendar change recomputes these two
  figures for the closing days it can reach (``services.refresh_callbacks``).

``FirstMeeting`` keeps, per (campaign, team, unit, enterprise), the day of the first
visit that met the enterprise: ``enterprises_first_met`` counts its rows per day,
and "has a team met this enterprise by then" (the key enterprises) is one probe.

With these, the three rates of a period (``rollups.rates``) add up days instead
of reading every ticket of it.

The ticket's current campaign, team and unit decide its key (a transfer or a
unit merge moves its figures).
"""

from django.db import models
from django.db.models import Q

from campaigns import scoping
from campaigns.models import Campaign, Enterprise, UnionUnit, WorkerGroup, WorkTeam

COUNTS = (
    "visits",
    "workers_reached",
    "enterprises_first_met",
    "recruited",
    "tickets_opened",
    "tickets_opened_closed",
    "tickets_closed",
    "tickets_closed_solved",
    "response_due",
    "responded_on_time",
    "resolution_due",
    "resolution_missed",
    "resolution_open",
    "callbacks_in_window",
    "satisfied_in_window",
)


def _non_negative(prefix, names):
    return [models.CheckConstraint(condition=Q(**{f"{n}__gte": 0}), name=f"{prefix}_{n}_not_negative") for n in names]


class DayRollup(models.Model):
    # CASCADE: a summary row has no life of its own (campaigns, teams and units with
    # visits or tickets are protected by those rows anyway).
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点单位")
    day = models.DateField("日期")
    visits = models.IntegerField("走访次数", default=0)
    workers_reached = models.IntegerField("覆盖职工人数", default=0)
    enterprises_first_met = models.IntegerField("首次走访企业数", default=0)
    recruited = models.IntegerField("入会人数", default=0)
    tickets_opened = models.IntegerField("受理工单", default=0)
    tickets_opened_closed = models.IntegerField("受理工单中已办结", default=0)
    tickets_closed = models.IntegerField("办结工单", default=0)
    tickets_closed_solved = models.IntegerField("办结且已解决", default=0)
    response_due = models.IntegerField("响应时限到期", default=0)
    responded_on_time = models.IntegerField("按时响应", default=0)
    resolution_due = models.IntegerField("办结时限到期", default=0)
    resolution_missed = models.IntegerField("超过办结时限", default=0)
    resolution_open = models.IntegerField("未办结（按办结时限日）", default=0)
    callbacks_in_window = models.IntegerField("回访期内回访", default=0)
    satisfied_in_window = models.IntegerField("回访期内满意", default=0)

    visibility = scoping.ByTeam("team")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "每日汇总"
        verbose_name_plural = "每日汇总"
        constraints = [
            # The unique key is also the index every reader and the recompute use.
            models.UniqueConstraint(fields=["campaign", "team", "unit", "day"], name="dayrollup_one_row_per_key"),
            *_non_negative("dayrollup", COUNTS),
            models.CheckConstraint(
                condition=Q(tickets_opened_closed__lte=models.F("tickets_opened")),
                name="dayrollup_opened_closed_within_opened",
            ),
            models.CheckConstraint(
                condition=Q(resolution_open__lte=models.F("resolution_missed")),
                name="dayrollup_open_within_missed",
            ),
            models.CheckConstraint(
                condition=Q(satisfied_in_window__lte=models.F("callbacks_in_window"))
                & Q(callbacks_in_window__lte=models.F("tickets_closed")),
                name="dayrollup_callbacks_within_closed",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "day"], name="dayrollup_campaign_day_idx")]

    def __str__(self):
        return f"{self.day} {self.team_id}/{self.unit_id}"


class GroupRollup(models.Model):
    """Workers recruited per (campaign, team, unit, day, worker group)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点单位")
    day = models.DateField("日期")
    group = models.ForeignKey(WorkerGroup, on_delete=models.CASCADE, related_name="+", verbose_name="群体")
    recruited = models.IntegerField("入会人数")

    visibility = scoping.ByTeam("team")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "每日入会汇总"
        verbose_name_plural = "每日入会汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "unit", "day", "group"], name="grouprollup_one_row_per_key"
            ),
            models.CheckConstraint(condition=Q(recruited__gt=0), name="grouprollup_recruited_positive"),
        ]

    def __str__(self):
        return f"{self.day} {self.team_id}/{self.unit_id} {self.group_id}: {self.recruited}"


class TicketMixRollup(models.Model):
    """Tickets received per (campaign, team, unit, local day), by their current status, step, category and source.

    What the dashboard's ticket breakdown counts (``dashboard.issue_metrics.issue_figures``):
    a ticket's row moves when its status or step changes, which its writer refreshes.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点单位")
    day = models.DateField("受理日期")
    status = models.CharField("状态", max_length=12)
    escalation_step = models.PositiveSmallIntegerField("层级")
    category = models.CharField("类别", max_length=14)
    source = models.CharField("来源", max_length=10)
    tickets = models.IntegerField("工单数")

    visibility = scoping.ByTeam("team")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "每日工单构成汇总"
        verbose_name_plural = "每日工单构成汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "unit", "day", "status", "escalation_step", "category", "source"],
                name="ticketmixrollup_one_row_per_key",
            ),
            models.CheckConstraint(condition=Q(tickets__gt=0), name="ticketmixrollup_tickets_positive"),
        ]

    def __str__(self):
        return f"{self.day} {self.team_id}/{self.unit_id} {self.status}: {self.tickets}"


class TicketMixTotal(models.Model):
    """``TicketMixRollup`` summed over the days: tickets per (campaign, team, unit) by status, step, category, source.

    What the dashboard's ticket breakdown reads when no period narrows it (a campaign's
    daily breakdown has a row per ticket and a half; this one a few thousand rows).
    Recomputed from the daily rows of the (campaign, team, unit)s a refresh touches.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点单位")
    status = models.CharField("状态", max_length=12)
    escalation_step = models.PositiveSmallIntegerField("层级")
    category = models.CharField("类别", max_length=14)
    source = models.CharField("来源", max_length=10)
    tickets = models.IntegerField("工单数")

    visibility = scoping.ByTeam("team")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "工单构成合计"
        verbose_name_plural = "工单构成合计"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "unit", "status", "escalation_step", "category", "source"],
                name="ticketmixtotal_one_row_per_key",
            ),
            models.CheckConstraint(condition=Q(tickets__gt=0), name="ticketmixtotal_tickets_positive"),
        ]

    def __str__(self):
        return f"{self.team_id}/{self.unit_id} {self.status}: {self.tickets}"


class FirstMeeting(models.Model):
    """The first visit of a (campaign, team, unit) that met an enterprise: its day.

    ``DayRollup.enterprises_first_met`` is the number of these rows on a day; the
    key enterprises' "first visit" is the earliest of them over the teams shown
    (``outreach.metrics.key_enterprises``). Kept by the same refresh as the daily
    rows, from the same query.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.CASCADE, related_name="+", verbose_name="蹲点单位")
    # CASCADE: an enterprise deleted has no visits to have met it by (its links go with it).
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+", verbose_name="企业")
    day = models.DateField("首次走访日期")

    visibility = scoping.ByTeam("team")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "企业首次走访"
        verbose_name_plural = "企业首次走访"
        constraints = [
            # Leading with (campaign, enterprise): the key enterprises' probe is this index.
            models.UniqueConstraint(
                fields=["campaign", "enterprise", "team", "unit"], name="firstmeeting_one_row_per_enterprise"
            ),
        ]
        # The refresh of one (campaign, team, unit) reads and rewrites its rows.
        indexes = [models.Index(fields=["campaign", "team", "unit"], name="firstmeeting_triple_idx")]

    def __str__(self):
        return f"{self.day} {self.team_id}/{self.unit_id} {self.enterprise_id}"
