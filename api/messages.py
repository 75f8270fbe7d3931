"""Chinese messages for the REST framework's field errors.

``rest_framework`` is deliberately not in INSTALLED_APPS (its catalog would
replace Django's Chinese form messages on every page), so its own messages
would be English: every API serializer sets these instead.
"""

from rest_framework import serializers

COMMON = {
    "required": "必填。",
    "null": "不能为 null。",
    "blank": "不能为空。",
    "max_length": "不能超过 {max_length} 个字符。",
    "min_length": "不能少于 {min_length} 个字符。",
    "max_value": "不能大于 {max_value}。",
    "min_value": "不能小于 {min_value}。",
    "max_string_length": "数字太大。",
    "surrogate_characters_not_allowed": "含有无效字符。",
}
BY_TYPE = [
    (
        serializers.DateTimeField,
        {
            "invalid": "时间格式不正确，应为 ISO 8601，如 2026-08-03T09:30:00+08:00。",
            "date": "应为时间（含时、分），不是日期。",
            "make_aware": "时区 {timezone} 无效。",
            "overflow": "时间超出范围。",
        },
    ),
    (serializers.DateField, {"invalid": "日期格式不正确，应为 YYYY-MM-DD。", "datetime": "应为日期，不是时间。"}),
    (serializers.IntegerField, {"invalid": "应为整数。"}),
    (serializers.ChoiceField, {"invalid_choice": "“{input}”不是可选的值。"}),
    (serializers.CharField, {"invalid": "应为字符串。"}),
]


def zh(field_class, **kwargs):
    """``field_class(**kwargs)`` with Chinese error messages (set at construction: the length and
    range validators copy their message then). Messages passed in ``error_messages`` win."""
    chinese = dict(COMMON)
    for kind, messages in BY_TYPE:
        if issubclass(field_class, kind):
            chinese.update(messages)
            break
    kwargs["error_messages"] = {**chinese, **kwargs.get("error_messages", {})}
    return field_class(**kwargs)
