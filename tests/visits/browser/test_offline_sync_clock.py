"""The offline copy's age is told by the phone's own clock, not by the server's time.

A phone whose clock is wrong (an hour ahead, a day behind: common on old phones) compared the
server's "synced at" with its own time: ahead, the copy looked stale on every page and was fetched
again and again over the cadre's data plan; behind, it looked fresh forever and never refreshed.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone


@pytest.fixture(params=["phone"])
def viewport_name(request):
    return request.param


@pytest.mark.parametrize("skew", [dt.timedelta(hours=1), dt.timedelta(days=-1)], ids=["ahead", "behind"])
def test_a_phone_with_a_wrong_clock_keeps_its_copy_for_a_quarter_of_an_hour_of_its_own_time(
    page, context, url, sign_in, world, skew
):
    lists = reverse("visits:offline_pages")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith(lists) else None)
    page.clock.install(time=timezone.now() + skew)
    sign_in(world.cadre_a)

    page.goto(url("/visits/"))
    page.wait_for_function("document.documentElement.dataset.offlineSynced")
    assert len(fetched) == 1

    page.clock.fast_forward("05:00")  # five minutes of the phone's time: still fresh
    page.goto(url("/plans/"))
    page.wait_for_function("document.documentElement.dataset.offlineSynced")
    assert len(fetched) == 1

    page.clock.fast_forward("15:00")  # twenty minutes after the sync: stale, fetched again
    page.goto(url("/visits/"))
    page.wait_for_function("document.documentElement.dataset.offlineSynced")
    assert len(fetched) == 2
