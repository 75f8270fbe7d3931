"""Clients and tokens: the one writer of ``ApiClient`` accounts and ``ApiToken`` rows.

A token is ``dd_`` followed by 40 URL-safe random characters. Only its
SHA-256 digest is stored: the token has 240 bits of entropy, so a fast hash is
enough (nothing to brute-force) and lets the lookup be one indexed query.

Rotation without downtime: ``issue_token`` gives the client a new token and
lets its other valid tokens live on for ``API_TOKEN_ROTATION_GRACE_HOURS``
(unless they expire sooner), so the client can switch at leisure; staff may
revoke the old one earlier.
"""

import datetime as dt
import hashlib
import ipaddress
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import ApiCall, ApiClient, ApiToken

TOKEN_PREFIX = "dd_"  # noqa: S105 - the visible start of every token, not a secret


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_account(name: str):
    """The user a client acts as: named after it, never able to sign in."""
    user = get_user_model()(username=f"api-{uuid.uuid4().hex[:12]}", first_name=name[:150])
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def save_client(client: ApiClient) -> ApiClient:
    """Create or update a client; a new one gets its account first."""
    if client.account_id is None:
        client.account = new_account(client.name)
    elif client.account.first_name != client.name[:150]:
        client.account.first_name = client.name[:150]
        client.account.save(update_fields=["first_name"])
    client.full_clean(exclude=["account"])
    client.save()
    return client


@transaction.atomic
def issue_token(client: ApiClient, *, expires_at=None, grace=None, now=None) -> tuple[ApiToken, str]:
    """A new token for ``client`` and its plain text (shown once, never stored).

    The client's other valid tokens stay valid for the grace period (default
    ``API_TOKEN_ROTATION_GRACE_HOURS``), then expire: two valid tokens during a change.
    """
    now = now or timezone.now()
    if grace is None:
        grace = dt.timedelta(hours=settings.API_TOKEN_ROTATION_GRACE_HOURS)
    cutoff = now + grace
    # Never before a token's own creation (the table's check), e.g. with no grace at all.
    ApiToken.objects.filter(client=client, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=cutoff)
    ).update(expires_at=Greatest(Value(cutoff), F("created_at") + dt.timedelta(microseconds=1)))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        client=client, prefix=plain[:10], digest=token_digest(plain), created_at=now, expires_at=expires_at
    )
    return token, plain


def revoke_token(token: ApiToken, *, now=None) -> bool:
    """Revoke ``token`` now; False if it already was."""
    now = now or timezone.now()
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now))


def touch_token(token: ApiToken, *, now) -> None:
    """Remember when a token was last used (staff see which one a client still sends)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def find_token(plain: str, *, now=None) -> ApiToken | None:
    """The token row for ``plain`` (valid or not), with its client; None if unknown."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    return ApiToken.objects.select_related("client__account").filter(digest=token_digest(plain)).first()


def ip_allowed(client: ApiClient, address: str | None) -> bool:
    """Whether ``address`` is in the client's allow-list (an empty list allows any address)."""
    entries = [line.strip() for line in client.allowed_ips.splitlines() if line.strip()]
    if not entries:
        return True
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    for entry in entries:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a malformed line allows nothing (the admin form refuses them)
    return False


def validate_allowed_ips(text: str) -> list[str]:
    """The lines of an allow-list that are not an address or network (for the admin form)."""
    bad = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry:
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            bad.append(entry)
    return bad


def record_call(*, client_id, endpoint, method, status, duration_ms, at=None) -> ApiCall:
    """One line of the call log. Only the route template is kept: no ticket data, no worker data."""
    return ApiCall.objects.create(
        client_id=client_id,
        endpoint=endpoint[:100],
        method=method[:10],
        status=status if 100 <= status < 600 else 500,
        duration_ms=max(int(duration_ms), 0),
        at=at or timezone.now(),
    )
