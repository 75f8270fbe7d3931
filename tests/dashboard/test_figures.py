"""Every figure on the dashboard equals the hand count of tests/dashboard/conftest.py."""

import json

from campaigns.models import UnionUnit

from .conftest import PERIOD
from .helpers import by_testid, cell, get_page, one, text


def _leadership_page(client, dataset, **extra):
    return get_page(client, dataset.leadership, **PERIOD, **extra)


def test_coverage_tiles_coloured_by_days_since_last_visit(client, dataset):
    doc = _leadership_page(client, dataset)
    bands = {t.get("data-unit"): t.get("data-band") for t in by_testid(doc, "coverage-tiles").xpath("./li")}
    assert bands["高米店街道"] == "fresh"  # 09-08, 2 days before 09-10
    assert bands["旧宫镇"] == "due"  # 08-31, 10 days
    assert bands["兴丰街道"] == "stale"  # 08-20, 21 days
    assert bands["瀛海镇"] == "never"


def test_every_active_unit_has_a_tile_and_unassigned_ones_say_so(client, dataset):
    doc = _leadership_page(client, dataset)
    tiles = by_testid(doc, "coverage-tiles").xpath("./li")
    assert len(tiles) == UnionUnit.objects.filter(is_active=True).count()
    unassigned = [t for t in tiles if t.get("data-band") == "unassigned"]
    assert len(unassigned) == len(tiles) - 4
    assert "未分工" in text(unassigned[0])
    assert "的士职工之家" in {t.get("data-unit") for t in tiles}


def test_tile_shows_team_visits_and_tickets(client, dataset):
    doc = _leadership_page(client, dataset)
    tile = one(doc, '//li[@data-unit="高米店街道"]')
    assert "第一蹲点小组" in text(tile)
    assert "走访 2 次" in text(tile)  # the 09-15 visit is after the period
    assert "诉求 2 件" in text(tile)  # T1, T2 (T6 after the period)
    assert "未办结 1" in text(tile)


def test_never_visited_units_called_out(client, dataset):
    doc = _leadership_page(client, dataset)
    assert "瀛海镇（2026年第二蹲点小组）" in text(by_testid(doc, "never-visited"))
    assert "高米店街道" not in text(by_testid(doc, "never-visited"))


def test_legend_counts(client, dataset):
    legend = text(by_testid(_leadership_page(client, dataset), "coverage-legend"))
    for label in ("从未走访： 1", "超过14天未走访： 1", "7–14天未走访： 1", "7天内走访过： 1"):
        assert label in legend


def test_per_team_numbers(client, dataset):
    doc = _leadership_page(client, dataset)
    a = one(doc, '//tr[@data-team="第一蹲点小组"]')
    b = one(doc, '//tr[@data-team="第二蹲点小组"]')
    assert [
        cell(a, c) for c in ("visits", "plans", "units", "workers", "issues", "closed", "overdue", "recruited")
    ] == [
        "3",
        "1 / 2 (50%)",
        "2 / 2",
        "18",
        "3",
        "1",
        "2",
        "6",
    ]
    assert [
        cell(b, c) for c in ("visits", "plans", "units", "workers", "issues", "closed", "overdue", "recruited")
    ] == [
        "1",
        "0 / 0",
        "1 / 2",
        "8",
        "2",
        "1",
        "1",
        "3",
    ]


def test_team_behind_is_named(client, dataset):
    assert "第二蹲点小组" in text(by_testid(_leadership_page(client, dataset), "team-behind"))


def test_team_scores(client, dataset):
    doc = _leadership_page(client, dataset)
    # A: response 2/3 = 66.7, resolution 1/3 = 33.3, satisfaction 1/1 = 100 → (66.7×30 + 33.3×35 + 100×35)/100
    assert cell(one(doc, '//tr[@data-team="第一蹲点小组"]'), "score") == "66.7"
    # B: response 1/2 = 50, resolution 0/2 = 0, satisfaction 0/1 = 0 → 50×30/100
    assert cell(one(doc, '//tr[@data-team="第二蹲点小组"]'), "score") == "15.0"


def test_summary_cards(client, dataset):
    doc = _leadership_page(client, dataset)
    assert text(by_testid(doc, "sum-visits")) == "4"
    assert text(by_testid(doc, "sum-units")) == "3 / 4"
    assert text(by_testid(doc, "sum-issues")) == "5"
    assert text(by_testid(doc, "sum-overdue")) == "3"
    assert text(by_testid(doc, "sum-promised")) == "3"
    assert text(by_testid(doc, "sum-recruited")) == "9"


def test_rates_with_formula(client, dataset):
    doc = _leadership_page(client, dataset)
    rows = {r.get("data-rate"): r for r in by_testid(doc, "rates-table").xpath(".//tr[@data-rate]")}
    # Response: T1, T2, T4 in time of T1–T5 → 3/5; resolution: T1 solved of T1, T5 closed + T2, T3, T4 past due → 1/5;
    # satisfaction: T1 满意 of T1, T5 answered → 1/2; score (60×30 + 20×35 + 50×35)/100 = 42.5.
    assert "60.0%" in text(rows["响应率"]) and "3/5" in text(rows["响应率"])
    assert "20.0%" in text(rows["解决率"]) and "1/5" in text(rows["解决率"])
    assert "50.0%" in text(rows["满意率"]) and "1/2" in text(rows["满意率"])
    assert "42.5" in text(rows["综合得分"])
    assert "响应率 =" in text(rows["响应率"])
    assert "综合得分 = 响应率×30%" in text(rows["综合得分"])


def test_callback_rate_beside_satisfaction_and_score_formula_beside_every_score(client, dataset):
    doc = _leadership_page(client, dataset)
    rows = {r.get("data-rate"): r for r in by_testid(doc, "rates-table").xpath(".//tr[@data-rate]")}
    # T1 and T5 closed in the period, both called back within 3 working days → 2/2.
    assert "100.0%" in text(rows["回访率"]) and "2/2" in text(rows["回访率"])
    assert "回访率 = 回访期内已回访的工单数" in text(rows["回访率"])
    assert "期内未回访的按不满意计" in text(rows["满意率"])
    assert "= 响应率×30% + 解决率×35% + 满意率×35%" in text(by_testid(doc, "sum-score-formula"))
    assert "综合得分 = 响应率×30%" in text(by_testid(doc, "team-score-formula"))


def test_open_tickets_by_status_and_step(client, dataset):
    doc = _leadership_page(client, dataset)
    status = {r.get("data-status"): text(r) for r in by_testid(doc, "open-by-status").xpath(".//tr")}
    assert status == {"new": "待受理 1", "processing": "办理中 2", "open": "未办结合计 3"}
    steps = {r.get("data-step"): r.xpath("./td") for r in by_testid(doc, "open-by-step").xpath(".//tbody/tr")}
    assert {k: [text(td) for td in v] for k, v in steps.items()} == {
        "1": ["1", "0", "1"],
        "2": ["0", "1", "1"],
        "3": ["0", "1", "1"],
        "4": ["0", "0", "0"],
    }


def test_tickets_by_category_and_source(client, dataset):
    doc = _leadership_page(client, dataset)
    categories = [text(r) for r in by_testid(doc, "by-category").xpath(".//tr")]
    assert "工资报酬 2" in categories and "社会保险 1" in categories and "劳动争议 1" in categories
    assert "困难救助 1" in categories and "其他 0" in categories
    sources = [text(r) for r in by_testid(doc, "by-source").xpath(".//tr")]
    assert "蹲点发现 2" in sources and "12345接诉即办 2" in sources and "12351职工热线 1" in sources


def test_overdue_list_oldest_first(client, dataset):
    doc = _leadership_page(client, dataset)
    codes = [r.get("data-code") for r in by_testid(doc, "overdue-list").xpath(".//tbody/tr")]
    assert codes == ["T3", "T2", "T4"]  # overdue since 08-13, 08-20, 08-25


def test_weekly_trend(client, dataset):
    rows = [text(r) for r in by_testid(_leadership_page(client, dataset), "trend-table").xpath(".//tbody/tr")]
    # Week of 08-03: T1, T4, T5 new, T1 closed; week of 08-10: T2, T3 new, T5 closed (08-15).
    # Then quiet weeks up to 09-07: the recruitment chart's last week (one period for both charts).
    assert rows == ["2026-08-03 3 1", "2026-08-10 2 1"] + [
        f"2026-{d} 0 0" for d in ("08-17", "08-24", "08-31", "09-07")
    ]


def test_union_funnel_counts_and_conversion(client, dataset):
    doc = _leadership_page(client, dataset)

    def stages(key):
        table = by_testid(doc, f"funnel-{key}")
        return [
            (cell(r, "count"), cell(r, "reached"), cell(r, "conversion")) for r in table.xpath(".//tr[@data-stage]")
        ]

    assert stages("all") == [
        ("1", "6", "—"),
        ("1", "5", "83%"),
        ("2", "4", "80%"),
        ("1", "2", "50%"),
        ("1", "1", "50%"),
    ]
    assert stages("new_form") == [
        ("0", "3", "—"),
        ("1", "3", "100%"),
        ("1", "2", "67%"),
        ("0", "1", "50%"),
        ("1", "1", "100%"),
    ]
    assert stages("eight") == [
        ("0", "1", "—"),
        ("0", "1", "100%"),
        ("1", "1", "100%"),
        ("0", "0", "0%"),
        ("0", "0", "—"),
    ]


def test_promised_enterprises_longest_waiting_first(client, dataset):
    doc = _leadership_page(client, dataset)
    names = [r.get("data-enterprise") for r in by_testid(doc, "promised-list").xpath(".//tbody/tr")]
    assert names == ["戊公司", "丙公司", "丁公司"]  # promised 07-20, 08-01, 08-15


def test_recruitment_by_group_and_week(client, dataset):
    table = by_testid(_leadership_page(client, dataset), "recruitment-table")
    heads = [text(th) for th in table.xpath(".//thead//th")]
    # From the ticket chart's first week (08-03) on: one period for both charts; quiet weeks shown as 0.
    assert heads == ["群体", "08-03周", "08-10周", "08-17周", "08-24周", "08-31周", "09-07周", "合计"]
    assert text(one(table, './/tr[@data-group="快递员"]')) == "快递员 0 0 3 0 0 4 7"
    assert text(one(table, './/tr[@data-group="保安员"]')) == "保安员 0 0 0 0 0 2 2"
    assert text(by_testid(table, "recruitment-total")) == "9"


def test_team_filter_narrows_every_section(client, dataset):
    doc = _leadership_page(client, dataset, team=dataset.team_b.pk)
    assert [t.get("data-unit") for t in by_testid(doc, "coverage-tiles").xpath("./li")] == ["瀛海镇", "兴丰街道"]
    assert text(by_testid(doc, "sum-issues")) == "2"
    assert [r.get("data-code") for r in by_testid(doc, "overdue-list").xpath(".//tbody/tr")] == ["T4"]
    # Team B's units hold 丙 (promised) and 戊 (preparing).
    assert [r.get("data-enterprise") for r in by_testid(doc, "promised-list").xpath(".//tbody/tr")] == [
        "戊公司",
        "丙公司",
    ]


def test_date_from_narrows_the_period(client, dataset):
    doc = get_page(client, dataset.leadership, date_from="2026-09-01", date_to="2026-09-10")
    assert text(by_testid(doc, "sum-visits")) == "1"  # only 高米店 09-08
    assert text(by_testid(doc, "sum-issues")) == "0"


def test_bad_dates_explained_and_ignored(client, dataset):
    doc = get_page(client, dataset.leadership, date_from="2026-09-10", date_to="2026-09-01")
    assert "截止日期不能早于起始日期" in doc.text_content()
    doc = get_page(client, dataset.leadership, date_from="not-a-date")
    assert "请输入正确的日期" in doc.text_content()


def test_trend_shows_quiet_weeks_as_zero(client, dataset):
    doc = get_page(client, dataset.leadership)  # whole campaign: T6 (09-20) adds the week of 09-14
    rows = [text(r) for r in by_testid(doc, "trend-table").xpath(".//tbody/tr")]
    assert rows[0] == "2026-08-03 3 1"
    assert rows[-1] == "2026-09-14 1 0"
    assert len(rows) == 7  # 08-03 … 09-14, every Monday


def test_escalated_count(client, dataset):
    # T2 (step 2), T4 (step 3) and T5 (step 4, closed) climbed above step 1.
    assert text(by_testid(_leadership_page(client, dataset), "escalated")).endswith("3 件")


def test_the_weekly_charts_share_one_period(client, dataset):
    doc = _leadership_page(client, dataset)
    charts = json.loads(doc.get_element_by_id("dashboard-chart-data").text)
    assert charts["trend"]["labels"] == charts["recruitment"]["labels"]
    assert charts["trend"]["labels"][0] == "08-03" and charts["trend"]["labels"][-1] == "09-07"
