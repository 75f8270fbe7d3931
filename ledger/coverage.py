"""The 覆盖情况汇总 sheet's columns and rows: the dashboard's coverage rows for the ledger's filters.

Read through ``dashboard.coverage.coverage_rows`` (one query layer), so the
sheet, its 合计 row and the dashboard's tiles always agree.
"""

from dashboard.coverage import coverage_rows

from .scope import LedgerScope
from .xlsx import Column

COVERAGE_COLUMNS = [
    Column("序号", "int"),
    Column("蹲点单位"),
    Column("小组"),
    Column("走访次数", "int"),
    Column("最近走访日期", "date", 11),
    Column("走访企业数", "int"),
    Column("诉求（办理中）", "int"),
    Column("诉求（已办结）", "int"),
    Column("覆盖职工人数", "int"),
    Column("入会人数", "int"),
]


def scope_coverage(scope: LedgerScope) -> list:
    """The dashboard's coverage rows for the same filters: one query layer, so the totals agree."""
    return list(
        coverage_rows(
            scope.campaign, teams=scope.team_ids, units=scope.unit_ids, start=scope.date_from, end=scope.date_to
        )
    )


def coverage_values(n, row) -> list:
    return [
        n,
        row.unit.name,
        row.team.name,
        row.visits,
        row.last_visit_date,
        row.enterprises_met,
        row.issues_open,
        row.issues_closed,
        row.workers_reached,
        row.recruited,
    ]


def coverage_total(rows) -> list:
    """The 合计 row: column sums and the latest visit date."""

    def total(name):
        return sum(getattr(r, name) for r in rows)

    lasts = [r.last_visit_date for r in rows if r.last_visit_date]
    return [
        None,
        "合计",
        f"{len(rows)}个单位",
        total("visits"),
        max(lasts) if lasts else None,
        total("enterprises_met"),
        total("issues_open"),
        total("issues_closed"),
        total("workers_reached"),
        total("recruited"),
    ]
