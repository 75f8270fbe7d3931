"""Accounts kept by office staff outside the admin: deactivate someone who leaves, reset a password.

The one writer of these account changes (the people pages call it). A person
who leaves gets ``is_active = False`` (never deleted: their visits and tickets
keep their author) and every open membership ended, their open tickets handed
to the team leader (``campaigns.memberships.end_all``).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns import memberships, roles

# No 0/O, 1/l/I: a temporary password is read out over the phone.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMP_PASSWORD_LENGTH = 12


def temporary_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(TEMP_PASSWORD_LENGTH))


@transaction.atomic
def deactivate(user, *, by, on=None) -> list:
    """Someone leaves: end their memberships (open tickets handed over) and switch the account off."""
    if user.pk == by.pk:
        raise ValidationError("不能停用自己的账号。")
    if not user.is_active:
        raise ValidationError(f"{user.get_full_name() or user.username}的账号已停用。")
    ended = memberships.end_all(user, on=on or timezone.localdate(), by=by, reason="离开蹲点工作")
    user.is_active = False
    user.save(update_fields=["is_active"])
    roles.forget(user)
    return ended


def reset_password(user) -> str:
    """Give ``user`` a one-time temporary password (returned once, to be shown once; stored hashed)."""
    if not user.is_active:
        raise ValidationError("账号已停用，不能重置密码。")
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password
