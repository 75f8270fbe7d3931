"""Re-encrypt every encrypted column under the primary key and recompute the keyed hashes.

Generic over the models: every ``EncryptedTextField`` of every installed model
(the history tables of django-simple-history included) is rewritten, and every
``KeyedHashField`` of those models recomputed from its source.
"""

from django.apps import apps
from django.db import transaction

from . import crypto
from .fields import EncryptedTextField, KeyedHashField

CHUNK = 500


def encrypted_models():
    """[(model, [encrypted field names], [hash fields])] of every installed model that has any."""
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        encrypted = [f.name for f in fields if isinstance(f, EncryptedTextField)]
        if encrypted:
            found.append((model, encrypted, [f for f in fields if isinstance(f, KeyedHashField)]))
    return found


def rotate_model(model, encrypted, hashes) -> int:
    """Rewrite one model's rows (in chunks, one transaction each); returns the rows rewritten."""
    pk = model._meta.pk.attname
    keys = list(model._default_manager.order_by(pk).values_list(pk, flat=True))
    done = 0
    for start in range(0, len(keys), CHUNK):
        with transaction.atomic():
            rows = model._default_manager.filter(**{f"{pk}__in": keys[start : start + CHUNK]})
            for key, *values in rows.values_list(pk, *encrypted):
                plain = dict(zip(encrypted, values, strict=True))
                update = {name: crypto.encrypt(value or "") for name, value in plain.items()}
                for field in hashes:
                    if field.source in plain:
                        update[field.name] = crypto.keyed_hash(plain[field.source] or "")
                model._default_manager.filter(**{pk: key}).update(**update)
                done += 1
    return done


def rotate_all() -> dict:
    """{model label: rows rewritten} for every model with encrypted fields."""
    return {model._meta.label: rotate_model(model, enc, hashes) for model, enc, hashes in encrypted_models()}
