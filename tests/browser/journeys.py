"""Shared steps of the browser journeys: demo data, signing in through the form, photos."""

from pathlib import Path

from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

DEMO_PASSWORD = "dundian-demo"  # the published demo password (README)


def seed_demo():
    """The demo world of `make run`: users cadre1, team1, staff, leader …, teams, units, tickets."""
    call_command("seed_demo", verbosity=0)


def log_in(page, url, username):
    page.goto(url("/accounts/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(url("/accounts/login/"))
    # The first page after signing in starts keeping the offline copy: dozens of pages fetched
    # one by one. The test server answers one request at a time, so a journey's next form post
    # waited behind them (on a loaded CI box past any timeout); let the copy finish first.
    page.wait_for_function("document.documentElement.dataset.offlineSynced", timeout=60_000)


def camera_photo(folder: Path, name: str, color: str, size=(1600, 1200)) -> str:
    path = folder / name
    Image.new("RGB", size, color).save(path, quality=90)
    return str(path)


def no_horizontal_scroll(page) -> bool:
    """Nothing is cut off at the side: the page is not wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
