"""Validators for Chinese identifiers that appear in union records."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from dundian.bounds import non_ascii_digits

NON_ASCII_DIGITS_MESSAGE = (
    "%(what)s含有全角或其他非半角数字：%(chars)s。请用半角数字 0-9 重新输入（可切换输入法为英文）。"
)


def refuse_non_ascii_digits(value: str, what: str) -> None:
    """Full-width (０-９), Arabic-Indic (٣), superscript (²) or circled (①) digits: refused, never converted."""
    chars = non_ascii_digits(value)
    if chars:
        raise ValidationError(NON_ASCII_DIGITS_MESSAGE, code="non_ascii_digits", params={"what": what, "chars": chars})


# GB 32100-2015: 18 characters from this 31-character alphabet (no I O S V Z).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code for its first 17."""
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    refuse_non_ascii_digits(code, "统一社会信用代码")
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为%(n)s位。", code="length", params={"n": len(code)})
    bad = [ch for ch in code if ch not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z）。",
            code="charset",
            params={"chars": "".join(dict.fromkeys(bad))},
        )
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3至8位应为行政区划码（数字）。", code="region")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新输入。", code="checksum")


# Mainland mobile numbers and landlines with an area code.
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$", re.ASCII)


def validate_phone(value: str) -> None:
    refuse_non_ascii_digits(value or "", "电话号码")
    if not PHONE_RE.match((value or "").strip()):
        raise ValidationError("电话号码格式不正确：手机号为11位，座机请带区号（如 010-12345678）。", code="phone")


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


# GB/T 2260: the first two digits name the province (county codes change, so only these are checked);
# 81/82/83 are the residence permits of Hong Kong, Macao and Taiwan residents.
ID_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
ID_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def validate_id_number(value: str) -> None:
    """GB 11643-1999 citizen identity number: province, a real birth date, sequence and check character."""
    code = (value or "").strip().upper()
    refuse_non_ascii_digits(code, "身份证号码")
    if len(code) != 18 or not (code[:17].isascii() and code[:17].isdigit()) or code[17] not in "0123456789X":
        raise ValidationError("身份证号码应为18位（最后一位可为X）。", code="id_format")
    if code[:2] not in ID_PROVINCES:
        raise ValidationError(
            "身份证号码前两位“%(code)s”不是有效的省级行政区划代码，请核对。",
            code="id_region",
            params={"code": code[:2]},
        )
    try:
        birth = dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        raise ValidationError(
            "身份证号码第7至14位“%(birth)s”不是有效的出生日期，请核对。", code="id_birth", params={"birth": code[6:14]}
        ) from None
    if birth > timezone.localdate() or birth < ID_EARLIEST_BIRTH:
        raise ValidationError(
            "身份证号码中的出生日期 %(birth)s 不可能（不能晚于今天或早于1900年），请核对。",
            code="id_birth",
            params={"birth": birth.isoformat()},
        )
    total = sum(int(ch) * w for ch, w in zip(code[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != code[17]:
        raise ValidationError("身份证号码校验位不正确，请核对后重新输入。", code="id_checksum")
