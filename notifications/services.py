"""Sending notifications: once per (kind, object, recipient, day), e-mail after commit.

``notify`` is the one way in. The unique constraint on Notification decides who
sends: a second call for the same event, recipient and day (a retried task, a
beat that fires twice, two workers at once) inserts nothing and returns None.
The e-mail goes out after the row is committed, and a conditional UPDATE on
``emailed_at`` lets exactly one sender claim it.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)

SITE_NAME = "大兴区总工会蹲点工作平台"


def notify(recipient, *, kind, object_key, title, body="", url="", day=None) -> Notification | None:
    """Create the in-app notice (and e-mail it after commit); None when already sent."""
    day = day or timezone.localdate()
    try:
        # A savepoint: the failed INSERT must not break the caller's transaction.
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                object_key=object_key,
                day=day,
                title=title[:200],
                body=body,
                url=url[:300],
            )
    except IntegrityError:
        if Notification.objects.filter(kind=kind, object_key=object_key, recipient=recipient, day=day).exists():
            return None  # sent before: the constraint said no
        raise  # some other integrity problem (a deleted user): not ours to hide
    if recipient.email:
        transaction.on_commit(lambda: send_notification_email(notification.pk))
    return notification


def already_notified(kind: str, day: dt.date, object_keys) -> set[tuple[str, int]]:
    """{(object_key, recipient_id)} already sent today for these keys: one query.

    Sweeps use it to skip known events cheaply; ``notify`` stays the judge.
    """
    keys = list(object_keys)
    if not keys:
        return set()
    return set(
        Notification.objects.filter(kind=kind, day=day, object_key__in=keys).values_list("object_key", "recipient_id")
    )


def already_notified_any_day(kind: str, object_keys) -> set[tuple[str, int, dt.date]]:
    """{(object_key, recipient_id, day)} of notices of ``kind`` for these keys: one query."""
    keys = list(object_keys)
    if not keys:
        return set()
    return set(
        Notification.objects.filter(kind=kind, object_key__in=keys).values_list("object_key", "recipient_id", "day")
    )


def email_subject(notification: Notification) -> str:
    return f"【蹲点工作平台】{notification.title}"


def email_text(notification: Notification) -> str:
    user = notification.recipient
    name = user.get_full_name() or user.username
    lines = [f"{name}，您好：", "", notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.url:
        lines += ["", f"查看详情：{settings.SITE_URL.rstrip('/')}{notification.url}"]
    lines += ["", f"—— {SITE_NAME}", "（本邮件由系统自动发送，请勿直接回复。）"]
    return "\n".join(lines)


def send_notification_email(notification_id: int) -> bool:
    """E-mail one notice, at most once; True when this call sent it.

    The conditional UPDATE claims the notice: of two senders only one sees
    one updated row. A failed send gives the claim back for the next sweep.
    """
    claimed_at = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .update(emailed_at=claimed_at)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        send_mail(
            email_subject(notification),
            email_text(notification),
            None,
            [notification.recipient.email],
        )
    except (smtplib.SMTPException, OSError):
        log.exception("e-mail for notification %s failed; will retry on the next sweep", notification_id)
        Notification.objects.filter(pk=notification_id, emailed_at=claimed_at).update(emailed_at=None)
        return False
    return True


def send_pending_emails(day: dt.date | None = None) -> int:
    """Catch up on today's e-mails that failed or were never sent; returns how many went out."""
    day = day or timezone.localdate()
    pending = (
        Notification.objects.filter(day=day, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    return sum(send_notification_email(pk) for pk in list(pending))


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


def link(name: str, *args, fallback: str = "") -> str:
    """The path of a named page, or ``fallback`` when the page does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback
