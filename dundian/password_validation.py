"""Password rules with Chinese messages.

Django 5.2's zh_Hans catalogue has no translation for the new wording of
MinimumLengthValidator, so users would read English. Same rule, our words.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "密码长度太短，至少需要 %(min_length)d 个字符。",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
