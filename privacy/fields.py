"""Model fields for personal data: encrypted text and its keyed hash.

``EncryptedTextField`` stores a Fernet token (see ``privacy.crypto``); Python
code sees the plaintext. Tokens differ on every save, so equality lookups do
not work on it: search and duplicate checks use a ``KeyedHashField`` next to it,
which ``pre_save`` fills from the source field on every save (``QuerySet.update``
bypasses it: set both, as the retention and rotation commands do).
Serialisation (``dumpdata``) writes the token, not the plaintext; ``loaddata``
reads it back.
"""

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact

from . import crypto


class EncryptedTextField(models.TextField):
    description = "加密文本"

    def __init__(self, *args, plain_max_length=None, **kwargs):
        # The length a person may type (forms and validation); the column holds the longer token.
        self.plain_max_length = plain_max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["plain_max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return value if value is None else crypto.decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and crypto.is_token(value):
            return crypto.decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or crypto.is_token(value):
            return value
        return crypto.encrypt(value)

    def value_to_string(self, obj):
        return crypto.encrypt(self.value_from_object(obj) or "")

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"max_length": self.plain_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)

    def get_lookup(self, lookup_name):
        # A token differs on every save: only emptiness can be asked of the column. Anything else
        # would silently match nothing, so it is an error (search the KeyedHashField instead).
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None


class EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if not hasattr(self.rhs, "resolve_expression") and self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} 已加密，只能按空值查询；请查询它的散列列。")
        return super().get_prep_lookup()


class KeyedHashField(models.CharField):
    """HMAC of another field of the same model, recomputed on every save."""

    description = "加密字段的查找散列"

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("default", "")):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not self.source:
            errors.append(checks.Error("KeyedHashField needs source=", obj=self, id="privacy.E001"))
        return errors

    def pre_save(self, model_instance, add):
        value = crypto.keyed_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
