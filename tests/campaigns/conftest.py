import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The world fixture makes eight users; PBKDF2 would cost seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
