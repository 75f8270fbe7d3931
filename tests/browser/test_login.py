"""Signing in and out in a real browser, on a phone and on a desktop."""

import re

from playwright.sync_api import expect

from tests.factories import UserFactory


def test_user_signs_in_with_the_login_form_and_lands_on_a_page_of_the_app(page, url):
    UserFactory(username="cadre1", password="dundian-test-pw")

    page.goto(url("/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="登录蹲点工作平台")).to_be_visible()
    page.get_by_label("用户名").fill("cadre1")
    page.get_by_label("密码").fill("dundian-test-pw")
    page.get_by_role("button", name="登录").click()

    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("退出")).to_be_attached()


def test_wrong_password_shows_a_chinese_error_and_keeps_the_username(page, url):
    UserFactory(username="cadre1", password="dundian-test-pw")

    page.goto(url("/accounts/login/"))
    page.get_by_label("用户名").fill("cadre1")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_text("请输入一个正确的")).to_be_visible()
    expect(page.get_by_label("用户名")).to_have_value("cadre1")
