"""Encryption at rest and keyed hashes of workers' personal data (个人信息保护法).

Keys come from the environment (settings):

- ``FIELD_ENCRYPTION_KEYS``: Fernet keys, newest first. The first encrypts; all
  decrypt (``MultiFernet``), so a new key is put in front, ``manage.py
  rotate_field_keys`` re-encrypts every row with it, then the old key is dropped.
- ``FIELD_HASH_KEY``: the HMAC key of the search / duplicate-check columns. A
  dump without it cannot test guesses against the hashes. ``rotate_field_keys``
  recomputes the hashes too, so this key can be changed the same way.

Development and tests use fixed keys from settings; production settings have no
default and the deploy check refuses the development keys.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# Fernet tokens are URL-safe base64 of a version byte 0x80 and a timestamp: they start so.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 -- a format marker, not a secret


class DecryptionError(RuntimeError):
    """A stored token none of the configured keys opens (a key was dropped too early)."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple) -> MultiFernet:
    if not keys:
        raise DecryptionError("FIELD_ENCRYPTION_KEYS 未配置。")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def encrypt(value: str) -> str:
    """The Fernet token of ``value`` under the primary key; "" stays "" (nothing to hide)."""
    if not value:
        return value
    return fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    """The plaintext of a token. Not a token (a row written before encryption): returned as it is."""
    if not is_token(value):
        return value
    try:
        return fernet().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("无法解密已加密的个人信息：FIELD_ENCRYPTION_KEYS 缺少加密它的密钥。") from exc


def rotate(value: str) -> str:
    """The token re-encrypted under the primary key (plaintext of old rows: encrypted)."""
    if not value:
        return value
    if not is_token(value):
        return encrypt(value)
    try:
        return fernet().rotate(value.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("无法解密已加密的个人信息：FIELD_ENCRYPTION_KEYS 缺少加密它的密钥。") from exc


def encrypt_bytes(data: bytes) -> bytes:
    """A whole file under the primary key (an uploaded workbook kept for a later step)."""
    return fernet().encrypt(data)


def decrypt_bytes(data: bytes) -> bytes:
    try:
        return fernet().decrypt(data)
    except InvalidToken as exc:
        raise DecryptionError("无法解密暂存文件：密钥已更换或文件已损坏。") from exc


def normalise(value: str) -> str:
    """What two spellings of one phone or ID number share: no spaces or dashes, upper case."""
    return "".join(ch for ch in (value or "") if ch not in " -").upper()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of the normalised value, hex; "" for an empty value (matches nothing)."""
    value = normalise(value)
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
