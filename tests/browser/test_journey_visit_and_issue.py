"""Journeys 1 and 2: a cadre logs a visit and the issue found there; the ticket climbs and closes."""

import re

from playwright.sync_api import expect

from issues.models import WorkerIssue
from tests.browser.journeys import camera_photo, log_in, no_horizontal_scroll, seed_demo
from visits.models import Visit


def _a_recent_campaign_day():
    """Yesterday, kept inside the demo campaign (a visit date must lie in it and not in the future)."""
    import datetime as dt

    from django.utils import timezone

    from campaigns.models import Campaign

    campaign = Campaign.objects.current()
    day = timezone.localdate() - dt.timedelta(days=1)
    return max(campaign.start_date, min(day, campaign.end_date))


def test_cadre_logs_a_visit_with_two_photos_and_recruitment_then_records_an_issue_found_there(
    page, url, screenshot, tmp_path
):
    seed_demo()
    photos = [camera_photo(tmp_path, "a.jpg", "orange"), camera_photo(tmp_path, "b.jpg", "teal", size=(1200, 1600))]

    # 1. cadre1 signs in on the login page.
    page.goto(url("/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in(page, url, "cadre1")

    # 2. The visit: unit, enterprise met, what was done, recruitment, two photos.
    page.goto(url("/visits/new/"))
    expect(page.get_by_role("heading", name="填报走访记录")).to_be_visible()
    page.get_by_label("蹲点单位").select_option(label="高米店街道")
    page.get_by_label("京南迅捷快递服务有限公司").check()  # appears once the unit is chosen (htmx)
    page.get_by_label("走访日期").fill(_a_recent_campaign_day().isoformat())
    page.get_by_label("形式").select_option(label="实地走访")
    page.get_by_label("地点").fill("京南迅捷快递高米店站点")
    page.get_by_label("覆盖职工人数").fill("35")
    page.get_by_label("工作内容").fill("走访快递站点，宣传入会政策，听取快递员意见")
    page.locator("select[name=recruit-0-group]").select_option(label="快递员")
    page.locator("input[name=recruit-0-count]").fill("12")
    page.locator("input[name=photos]").set_input_files(photos)
    expect(page.locator("#photo-status")).to_contain_text("2 张")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("走访记录已保存。")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/visits/\d+/$"))
    expect(page.locator("img.photo-thumb")).to_have_count(2)
    expect(page.get_by_role("heading", name="入会情况（共 12 人）")).to_be_visible()
    expect(page.get_by_role("cell", name="快递员")).to_be_visible()
    page.evaluate("Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))")
    assert no_horizontal_scroll(page)
    screenshot(page, "journey1-visit")
    visit = Visit.objects.get(place="京南迅捷快递高米店站点")
    assert visit.photos.count() == 2
    assert visit.recruitments.get().count == 12

    # 3. The issue found there, filed from the visit page (team, unit and visit carried over).
    page.get_by_role("link", name="记录职工诉求").click()
    expect(page.get_by_text("来自走访记录")).to_be_visible()
    page.locator("select[name=category]").select_option(label="工资报酬")
    page.locator("input[name=worker_name]").fill("王小军")
    page.locator("input[name=worker_phone]").fill("13912345678")
    page.locator("input[name=title]").fill("快递员反映加班费未足额发放")
    page.locator("textarea[name=description]").fill("站点快递员反映十月加班费未足额发放，希望工会协调。")
    page.get_by_role("button", name="登记").click()

    expect(page.get_by_text(re.compile(r"诉求已登记，工单编号"))).to_be_visible()
    issue = WorkerIssue.objects.get(title="快递员反映加班费未足额发放")
    assert issue.visit_id == visit.pk
    assert issue.team_id == visit.team_id
    assert no_horizontal_scroll(page)
    screenshot(page, "journey1-issue")


def _act(page, kind: str, note: str = "", **selects):
    """Open one action of the ticket's 办理 panel, fill it and submit it."""
    item = page.locator(f"[data-action={kind}]")
    item.locator(".accordion-button").click()
    form = item.locator("form")
    expect(form).to_be_visible()
    for name, label in selects.items():
        form.locator(f"select[name={name}]").select_option(label=label)
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()


def test_team_leader_escalates_the_issue_and_staff_resolve_it_with_satisfaction_all_on_the_timeline(
    page, url, screenshot
):
    from django.contrib.auth import get_user_model

    from issues.services import open_issue
    from visits.models import Visit

    seed_demo()
    cadre1 = get_user_model().objects.get(username="cadre1")
    visit = Visit.objects.filter(team__memberships__user=cadre1).first()
    issue = open_issue(
        created_by=cadre1,
        source="field",
        category="wages",
        team=visit.team,
        unit=visit.unit,
        campaign=visit.campaign,
        title="快递员反映加班费未足额发放",
        description="站点快递员反映十月加班费未足额发放，希望工会协调。",
        worker_name="王小军",
        worker_phone="13912345678",
        visit=visit,
    )

    # team1 (the team's leader) finds it in the list, accepts it and escalates it with a reason.
    log_in(page, url, "team1")
    page.goto(url("/issues/"))
    page.locator("tr", has_text="快递员反映加班费未足额发放").get_by_role("link", name=issue.code).click()
    expect(page).to_have_url(url(f"/issues/{issue.pk}/"))
    _act(page, "accept", "已受理，联系站点负责人")
    expect(page.get_by_text("已完成「受理」。")).to_be_visible()
    _act(page, "escalate", "企业拒绝补发，需属地政府协调")
    expect(page.get_by_text("已完成「上报」。")).to_be_visible()

    # staff resolve it and record the worker's satisfaction.
    page.context.clear_cookies()
    log_in(page, url, "staff")
    page.goto(url(f"/issues/{issue.pk}/"))
    _act(page, "resolve", "经属地协调，企业已补发加班费")
    expect(page.get_by_text("已完成「办结（解决）」。")).to_be_visible()
    _act(page, "satisfaction", "电话回访，职工表示满意", satisfaction="满意")
    expect(page.get_by_text("已完成「回访满意度」。")).to_be_visible()

    timeline = page.get_by_test_id("timeline")
    kinds = timeline.locator("li").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds == ["create", "accept", "escalate", "resolve", "satisfaction"]
    escalation = timeline.locator("li[data-kind=escalate]")
    expect(escalation).to_contain_text("第1级 → 第2级")
    expect(escalation).to_contain_text("企业拒绝补发，需属地政府协调")
    expect(escalation).to_contain_text("赵建国")  # team1, who took the step
    expect(timeline.locator("li[data-kind=resolve]")).to_contain_text("王晓梅")  # staff
    issue.refresh_from_db()
    assert (issue.status, issue.escalation_step, issue.satisfaction) == ("closed", 2, "satisfied")
    assert no_horizontal_scroll(page)
    screenshot(page, "journey2-timeline")
