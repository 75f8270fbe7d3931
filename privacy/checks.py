"""Deploy checks: production must not run on the development keys of personal data."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core import checks

DEV_ENCRYPTION_KEY = "2O5GcbUoju2RKPxqqKrIoiRPTD-TXH6r4yxy-eHDsmk="
DEV_HASH_KEY = "dev-only-field-hash-key-change-me-in-production"


@checks.register(checks.Tags.security)
def check_field_keys(app_configs, **kwargs):
    errors = []
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        errors.append(checks.Error("FIELD_ENCRYPTION_KEYS 未配置：职工电话和身份证号无法加密存储。", id="privacy.E010"))
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    "FIELD_ENCRYPTION_KEYS 中有无效的密钥（应为 Fernet.generate_key() 生成的 44 字符）。",
                    id="privacy.E011",
                )
            )
    if not getattr(settings, "FIELD_HASH_KEY", ""):
        errors.append(checks.Error("FIELD_HASH_KEY 未配置。", id="privacy.E012"))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_field_keys_not_dev(app_configs, **kwargs):
    errors = []
    if DEV_ENCRYPTION_KEY in (settings.FIELD_ENCRYPTION_KEYS or []):
        errors.append(
            checks.Error("生产环境不能使用开发用的 FIELD_ENCRYPTION_KEYS，请配置自己的密钥。", id="privacy.E013")
        )
    if settings.FIELD_HASH_KEY == DEV_HASH_KEY or len(settings.FIELD_HASH_KEY or "") < 32:
        errors.append(checks.Error("生产环境的 FIELD_HASH_KEY 须为至少 32 个字符的随机串。", id="privacy.E014"))
    return errors
