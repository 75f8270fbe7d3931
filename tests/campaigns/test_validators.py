import pytest
from django.core.exceptions import ValidationError

from campaigns.validators import validate_credit_code, validate_id_number, validate_phone


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", "91110000802100433b"])
def test_real_credit_codes_are_accepted(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验位不正确"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M00010OY43", "不允许的字符"),
        ("91ABCDEFM000100Y43", "行政区划码"),
    ],
)
def test_bad_credit_codes_are_refused_with_a_chinese_reason(code, message):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert message in exc.value.messages[0]


def test_id_number_check_digit():
    validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError, match="校验位"):
        validate_id_number("110105194912310021")


@pytest.mark.parametrize("phone", ["13812345678", "010-61234567", "01061234567"])
def test_phone_formats_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["1381234567", "12812345678", "abc"])
def test_phone_formats_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
