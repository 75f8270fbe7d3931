"""Every page of the URL configuration, as every role, on a phone (360×740) and a desktop (1280×800).

On each page:
- axe-core (vendored under static/vendor/axe-core/) finds no serious or critical violation,
  colour contrast included, apart from the documented exceptions in ``AXE_EXCEPTIONS``;
- on the phone: no horizontal scroll, every tap target at least 44×44 px, no text column
  narrower than 8 characters (tests/browser/ergonomics.js), and the page's primary action
  (记录走访, a ticket's next action, 导出) inside the first screen without scrolling.

The sweep is long, so it runs once per CI run: it is marked ``sweep`` and skipped when
``DATABASE_URL`` points at PostgreSQL (the SQLite run of ``make test`` has it). With
``DUNDIAN_SCREENSHOTS=1`` it also writes the screenshots of docs/user-guide.md.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.browser.journeys import seed_demo
from tests.browser.pages import pages_of

HERE = Path(__file__).parent
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
ERGONOMICS = (HERE / "ergonomics.js").read_text(encoding="utf-8")

# One demo account per role (README: demo accounts).
ROLES = {"leader": "领导", "staff": "工作人员", "team1": "组长", "cadre1": "组员", "admin": "管理员"}

# axe rules we accept a serious/critical finding of, with the reason. Keep it empty; see
# docs/accessibility.md before adding one.
AXE_EXCEPTIONS: dict[str, str] = {}

# The primary action of a page: on a phone it must be on the first screen (when the role has it).
PRIMARY_ACTIONS = {
    "dashboard:home": "[data-testid=record-visit]",
    "visits:list": "[data-testid=primary-action]",
    "issues:detail": "[data-action] .accordion-button",
    "ledger:index": "[data-testid=primary-action]",
}

# (role, route name, screenshot name): the pages of docs/user-guide.md, shot at both widths.
SCREENSHOTS = {
    ("cadre1", "dashboard:home"): "guide-cadre-today",
    ("cadre1", "visits:create"): "guide-cadre-visit-form",
    ("cadre1", "issues:create"): "guide-cadre-issue-form",
    ("team1", "issues:detail"): "guide-leader-ticket",
    ("team1", "visits:plan_list"): "guide-leader-plans",
    ("leader", "dashboard:index"): "guide-leadership-dashboard",
    ("leader", "issues:list"): "guide-leadership-issues",
    ("staff", "ledger:index"): "guide-staff-ledger",
    ("staff", "campaigns:enterprise_list"): "guide-staff-enterprises",
}


def _axe_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    found = []
    for rule in result:
        if rule["impact"] not in ("serious", "critical") or rule["id"] in AXE_EXCEPTIONS:
            continue
        targets = ", ".join(json.dumps(node["target"], ensure_ascii=False) for node in rule["nodes"][:3])
        found.append(f"axe {rule['id']} ({rule['impact']}, {len(rule['nodes'])}×): {targets}")
    return found


def _primary_action_problem(page, name) -> str | None:
    selector = PRIMARY_ACTIONS.get(name)
    if not selector or page.locator(selector).count() == 0:
        return None
    box = page.locator(selector).first.bounding_box()
    if box is None or box["y"] + box["height"] > page.viewport_size["height"]:
        return f"primary action {selector} is below the first screen ({box and round(box['y'])}px)"
    return None


@pytest.mark.sweep
@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_is_accessible_and_fits_the_screen(page, url, sign_in, viewport_name, screenshot, username):
    seed_demo()
    user = get_user_model().objects.get(username=username)
    paths = pages_of(user)
    assert len(paths) > 10, paths
    sign_in(user)

    problems = []
    for name, path in paths:
        page.goto(url(path))
        page.wait_for_load_state("load")
        found = _axe_violations(page)
        if viewport_name == "phone":
            found += page.evaluate(ERGONOMICS)
            found.append(_primary_action_problem(page, name))
        problems += [f"{name} {path}: {p}" for p in found if p]
        if (username, name) in SCREENSHOTS:
            screenshot(page, SCREENSHOTS[(username, name)])
    print(f"sweep {username} {viewport_name}: {len(paths)} pages")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
