"""Every select of every page says in Chinese what to choose: no Django "---------" placeholder."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.browser.pages import pages_of

DASHES = "---------"


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("username", ["staff", "team1", "cadre1", "leader"])
def test_no_page_shows_the_dashes_placeholder(demo, client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    paths = pages_of(user)
    assert len(paths) > 10
    with_dashes = [path for _, path in paths if DASHES in client.get(path).content.decode()]
    assert not with_dashes, f"pages with a {DASHES} choice: {with_dashes}"
