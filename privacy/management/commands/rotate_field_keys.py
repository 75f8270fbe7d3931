"""Re-encrypt workers' personal data under the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first (FIELD_ENCRYPTION_KEYS=new,old), deploy, run this
command, then drop the old key. The keyed hashes are recomputed too, so a new
FIELD_HASH_KEY takes effect the same way.
"""

from django.core.management.base import BaseCommand

from privacy.rotation import rotate_all


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEYS 的第一个密钥重新加密所有职工电话和身份证号，并重算查找散列。"

    def handle(self, *args, **options):
        for label, rows in rotate_all().items():
            self.stdout.write(f"{label}: {rows} 行已重新加密")
