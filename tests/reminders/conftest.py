import datetime as dt

import pytest
import time_machine
from django.utils import timezone


def local(y, m, d, h=10, minute=0):
    """An aware Asia/Shanghai datetime."""
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


# Wednesday 2 December 2026, 10:00: an ordinary working morning.
WEDNESDAY_10 = local(2026, 12, 2, 10)


@pytest.fixture
def at():
    """Freeze the clock: ``at(moment)``; travels can be repeated within a test."""
    travellers = []

    def travel(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield travel
    for traveller in travellers:
        traveller.stop()


def recipients(kind=None, **filters):
    """Usernames that received notices (of ``kind``), sorted."""
    from notifications.models import Notification

    qs = Notification.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.filter(**filters).values_list("recipient__username", flat=True))
