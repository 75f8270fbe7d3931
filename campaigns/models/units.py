"""Units that merge and split: a dated record with successor links.

A merge (A and B become C) and a split (A becomes B and C) are each one
``UnitChange``: its ``sources`` stop being used on ``on_date`` (is_active off),
its ``successors`` start. ``main_successor`` is where the sources' records are
summed up in reports ("按现单位汇总", ``UnionUnit.current_successor``): the new
unit of a merge, the successor chosen in a split. Old records keep the unit
they were made under. Written only by ``issues.unit_changes.apply_change``.
"""

from django.conf import settings
from django.db import models

from campaigns import scoping

from .organisation import UnionUnit


class UnitChange(models.Model):
    class Kind(models.TextChoices):
        MERGE = "merge", "合并"
        SPLIT = "split", "拆分"

    kind = models.CharField("变更类型", max_length=10, choices=Kind.choices)
    on_date = models.DateField("生效日期")
    sources = models.ManyToManyField(UnionUnit, related_name="changes_out", verbose_name="原单位")
    successors = models.ManyToManyField(UnionUnit, related_name="changes_in", verbose_name="新单位")
    main_successor = models.ForeignKey(
        UnionUnit, on_delete=models.PROTECT, related_name="+", verbose_name="原单位记录归入"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    summary = models.TextField("迁移明细", blank=True, help_text="确认时预览的内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    created_at = models.DateTimeField("操作时间")

    visibility = scoping.EveryoneSignedIn()
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "单位变更"
        verbose_name_plural = "单位变更"
        ordering = ["-on_date", "-id"]

    def __str__(self):
        return f"{self.on_date:%Y-%m-%d} {self.get_kind_display()}"


def successor_map() -> dict[int, UnionUnit]:
    """unit id → the unit its records are summed under today (itself when never changed). One query."""
    links = dict(UnitChange.sources.through.objects.values_list("unionunit_id", "unitchange__main_successor_id"))
    units = {u.pk: u for u in UnionUnit.objects.all()}
    result = {}
    for pk, unit in units.items():
        seen, current = {pk}, pk
        while current in links and links[current] not in seen:
            current = links[current]
            seen.add(current)
        result[pk] = units.get(current, unit)
    return result
