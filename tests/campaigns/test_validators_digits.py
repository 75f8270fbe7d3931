"""Issue 12 finding 5: digits of other scripts are refused with a clear message; ID numbers must be real."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.validators import validate_credit_code, validate_id_number, validate_phone
from issues import demo_tickets
from issues.models import WorkerIssue
from tests.issues.pages import form_data

VALID_ID = "11010519491231002X"


@pytest.mark.parametrize(
    "phone",
    ["１３８１２３４５６７８", "١٣٨١٢٣٤٥٦٧٨", "1381234567８", "138１2345678", "010-６１２３４５６７"],
)
def test_a_phone_with_full_width_or_arabic_indic_digits_is_refused_not_converted(phone):
    with pytest.raises(ValidationError) as exc:
        validate_phone(phone)
    assert "非半角数字" in exc.value.messages[0]


@pytest.mark.parametrize(
    "number",
    ["１１０１０５１９４９１２３１００２X", "11010519491231002²", "1101051949123100①X", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"],
)
def test_an_id_number_with_other_digits_is_refused_with_a_clear_message(number):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert "非半角数字" in exc.value.messages[0]


def test_a_credit_code_with_full_width_digits_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("９1350100M000100Y43")
    assert "非半角数字" in exc.value.messages[0]


def _with_check(first17):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (_with_check("11010519490231002"), "不是有效的出生日期"),  # 1949-02-31
        (_with_check("11010519491331002"), "不是有效的出生日期"),  # month 13
        (_with_check("11010521000101002"), "不可能"),  # born in 2100
        (_with_check("11010518000101002"), "不可能"),  # born in 1800
        (_with_check("99010519491231002"), "省级行政区划代码"),  # no province 99
        (_with_check("00010519491231002"), "省级行政区划代码"),
    ],
)
def test_an_id_number_with_a_correct_check_character_but_impossible_content_is_refused(number, reason):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert reason in exc.value.messages[0]


def test_a_real_id_number_is_accepted():
    validate_id_number(VALID_ID)
    validate_id_number(_with_check("44030420000229123"))  # born on a leap day


@pytest.mark.parametrize("number", ["11010519491231002²", "1101051949123100①X"])
def test_the_new_ticket_page_answers_a_superscript_id_with_a_message_not_a_500(client, world, number):
    client.force_login(world.cadre_a)
    response = client.post(reverse("issues:create"), form_data(world, worker_id_number=number))
    assert response.status_code == 200
    assert "非半角数字" in response.content.decode()
    assert WorkerIssue.objects.count() == 0


def test_full_width_phone_on_the_new_ticket_page_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cadre_a)
    response = client.post(reverse("issues:create"), form_data(world, worker_phone="１３９００００１１１１"))
    assert response.status_code == 200
    assert "非半角数字" in response.content.decode()
    assert WorkerIssue.objects.count() == 0


def test_every_demo_id_number_passes_the_check():
    numbers = re.findall(r'"([0-9]{17}[0-9X])"', Path(demo_tickets.__file__).read_text())
    assert len(numbers) >= 2
    for number in numbers:
        validate_id_number(number)
