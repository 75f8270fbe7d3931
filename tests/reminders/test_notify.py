"""notify(): once per (kind, object, recipient, day), e-mail after commit and once."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from notifications.services import notify, send_notification_email, send_pending_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 1)


def _notify(user, **kw):
    args = {"kind": "issue_overdue", "object_key": "issue:1", "title": "工单已超期", "day": DAY} | kw
    return notify(user, **args)


def test_first_call_creates_the_notice(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notice = _notify(user, body="请尽快办理", url="/issues/1/")
    assert notice is not None
    assert Notification.objects.get().title == "工单已超期"


def test_second_call_same_day_sends_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
        again = _notify(user)
    assert again is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_same_event_next_day_is_a_new_notice():
    user = UserFactory()
    _notify(user)
    assert _notify(user, day=DAY + dt.timedelta(days=1)) is not None


def test_duplicate_inside_a_transaction_keeps_the_transaction_usable():
    user = UserFactory()
    _notify(user)
    with transaction.atomic():
        assert _notify(user) is None
        assert _notify(user, object_key="issue:2") is not None
    assert Notification.objects.count() == 2


def test_email_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(email="cadre@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(user, body="请尽快办理", url="/issues/1/")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cadre@example.org"]
    assert message.subject == "【蹲点工作平台】工单已超期"
    assert "请尽快办理" in message.body
    assert "/issues/1/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_no_email_without_address(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_an_email_is_claimed_once():
    user = UserFactory(email="a@example.org")
    notice = _notify(user)
    assert send_notification_email(notice.pk) is True
    assert send_notification_email(notice.pk) is False
    assert len(mail.outbox) == 1


def test_failed_email_is_retried_by_the_next_catch_up(monkeypatch):
    user = UserFactory(email="a@example.org")
    notice = _notify(user)

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("notifications.services.send_mail", broken)
    assert send_notification_email(notice.pk) is False
    notice.refresh_from_db()
    assert notice.emailed_at is None
    monkeypatch.undo()
    assert send_pending_emails(DAY) == 1
    assert send_pending_emails(DAY) == 0
    assert len(mail.outbox) == 1
