"""Journey (issue 13): a cadre hands a wage dispute to 言和, staff import the platform's list marking it
调解成功, leadership sees the settled share rise."""

import re

import openpyxl
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Campaign, UnionUnit, WorkTeam
from issues.services import open_issue
from mediation.imports import COLUMNS
from mediation.models import YanheCase
from tests.browser.journeys import no_horizontal_scroll, seed_demo

CASE_NUMBER = "YH-2026-2001"


def _share(page, url) -> float:
    page.goto(url("/dashboard/"))
    section = page.get_by_test_id("mediation-section")
    expect(section.get_by_role("heading", name="基层服务·调解")).to_be_visible()
    shown = page.get_by_test_id("med-share").inner_text().strip()
    return float(shown.rstrip("%"))


def _wage_dispute(cadre):
    campaign = Campaign.objects.current()
    team = WorkTeam.objects.get(campaign=campaign, name="第一蹲点小组")
    return open_issue(
        created_by=cadre,
        source="field",
        category="wages",
        team=team,
        unit=UnionUnit.objects.get(name="高米店街道"),
        campaign=campaign,
        title="快递员反映十月加班费未发放",
        description="站点快递员反映十月加班费未发放，企业拒绝协商。",
        worker_name="王小军",
        handler=cadre,
    )


def _platform_list(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    today = timezone.localdate().isoformat()
    ws.append([CASE_NUMBER, None, None, "调解成功", today, "8600"])
    wb.save(path)
    return str(path)


def test_cadre_hands_a_wage_dispute_to_yanhe_staff_import_settled_leadership_sees_the_share_rise(
    page, url, sign_in, screenshot, tmp_path
):
    seed_demo()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["cadre1", "staff", "leader"])}
    issue = _wage_dispute(users["cadre1"])

    # Leadership before: the demo's cases, none of them this one.
    sign_in(users["leader"])
    before = _share(page, url)

    # 1. cadre1 opens the ticket and hands it to 言和.
    sign_in(users["cadre1"])
    page.goto(url(f"/issues/{issue.pk}/"))
    page.get_by_test_id("yanhe-handover").click()
    expect(page.get_by_role("heading", name=re.compile("移交言和调解"))).to_be_visible()
    page.get_by_label("言和案件编号").fill(CASE_NUMBER)
    page.get_by_role("button", name="移交言和").click()
    expect(page.get_by_text(f"已移交言和调解，案件编号 {CASE_NUMBER}。")).to_be_visible()
    expect(page.get_by_test_id("yanhe-outcome")).to_contain_text("调解中")
    expect(page.locator('[data-kind="yanhe_handover"]')).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "journey-yanhe-handover")

    sign_in(users["leader"])
    handed = _share(page, url)
    assert handed <= before  # one more case, not settled yet

    # 2. staff import the platform's list: the case is 调解成功.
    sign_in(users["staff"])
    page.goto(url("/mediation/cases/"))
    page.get_by_test_id("yanhe-import").click()
    page.locator("input[type=file]").set_input_files(_platform_list(tmp_path / "言和案件清单.xlsx"))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text(re.compile(r"导入完成：新增 0 条，更新 1 条"))).to_be_visible()
    case = YanheCase.objects.get(case_number=CASE_NUMBER)
    assert case.outcome == "settled"

    # 3. Leadership sees the settled share rise, and the case in the list behind the figure.
    sign_in(users["leader"])
    after = _share(page, url)
    assert after > handed
    page.get_by_test_id("med-settled").get_by_role("link").click()
    expect(page.get_by_role("cell", name=CASE_NUMBER)).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "journey-yanhe-dashboard")
