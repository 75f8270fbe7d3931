import pytest
from django.contrib.auth import get_user_model

from tests.browser import test_sweep_every_page as sweep
from tests.browser.journeys import seed_demo
from tests.browser.pages import pages_of

MINE = ("outreach:", "visits:create", "visits:detail", "visits:edit", "dashboard:index", "campaigns:enterprise_detail")


@pytest.mark.parametrize("username", ["cadre1", "staff", "leader"])
def test_outreach_pages(page, url, sign_in, viewport_name, username):
    seed_demo()
    user = get_user_model().objects.get(username=username)
    paths = [(n, p) for n, p in pages_of(user) if n.startswith(MINE)]
    sign_in(user)
    problems = []
    for name, path in paths:
        page.goto(url(path))
        page.wait_for_load_state("load")
        found = sweep._axe_violations(page)
        if viewport_name == "phone":
            found += page.evaluate(sweep.ERGONOMICS)
            found.append(sweep._primary_action_problem(page, name))
        problems += [f"{name} {path}: {p}" for p in found if p]
    print(username, viewport_name, [n for n, _ in paths])
    assert not problems, "\n".join(problems)
