"""Bounded dates and numbers: the one place that decides how far a well-formed value may go.

A date like 0001-01-01 or 9999-12-31 and a number like 99999999999999999999 are
well formed, so parsers accept them, and then the database, the time-zone
arithmetic or SQLite's 64-bit integers fail with a 500. Every date and number
a user sends is checked here where it is parsed — form fields, list filters,
imports — with a Chinese message:

- ``bounded_date`` / ``DateRangeValidator``: a day between ``EARLIEST_DATE`` and
  ``LATEST_DATE`` (or a narrower range the caller gives, e.g. "not in the future");
- ``bounded_int`` / ``IntegerRangeValidator``: a whole number between 0 and
  ``INT_MAX`` (what every integer column of every supported database holds);
- ``bounded_id``: a record id (1 … ``ID_MAX``), anything else is "no such record";
- ``bound_form_fields(form)``: puts the two validators on every date, time and
  integer field of a form (and id checks on its multi-selects) that has none.
"""

import datetime as dt
import unicodedata

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# The campaigns, tickets and visits of a district federation: nothing before 2000, nothing past 2099.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
INT_MAX = 2_147_483_647  # a 32-bit signed integer: fits every integer column on SQLite and PostgreSQL
ID_MAX = 9_223_372_036_854_775_807  # a 64-bit BigAutoField


def _day(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_range_message(earliest, latest):
    return f"日期超出范围：请填写 {earliest:%Y-%m-%d} 至 {latest:%Y-%m-%d} 之间的日期。"


def bounded_date(value, *, earliest=None, latest=None, label="日期"):
    """``value`` (a date or datetime) if its day lies in [earliest, latest]; else a ValidationError."""
    earliest = earliest or EARLIEST_DATE
    latest = latest or LATEST_DATE
    day = _day(value)
    if day < earliest:
        raise ValidationError(
            f"{label}不能早于 {earliest:%Y-%m-%d}。" if label != "日期" else date_range_message(earliest, latest),
            code="date_too_early",
        )
    if day > latest:
        raise ValidationError(
            f"{label}不能晚于 {latest:%Y-%m-%d}。" if label != "日期" else date_range_message(earliest, latest),
            code="date_too_late",
        )
    return value


def bounded_int(value, *, minimum=0, maximum=INT_MAX, label="数值"):
    """``value`` as an int in [minimum, maximum]; a ValidationError (never an OverflowError) otherwise."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}应为整数。", code="not_int")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValidationError(f"{label}应为整数。", code="not_int")
        if abs(value) > 2**63:
            raise ValidationError(f"{label}不能大于 {maximum}。", code="too_big")
        value = int(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        digits = text.lstrip("+-")
        if not digits or not ascii_digits(digits):
            raise ValidationError(f"{label}应为整数（只用半角数字 0-9）。", code="not_int")
        if len(digits) > 19:
            raise ValidationError(f"{label}不能大于 {maximum}。", code="too_big")
        value = int(text)
    elif not isinstance(value, int):
        raise ValidationError(f"{label}应为整数。", code="not_int")
    if value < minimum:
        raise ValidationError(
            f"{label}不能为负数。" if minimum == 0 else f"{label}不能小于 {minimum}。", code="too_small"
        )
    if value > maximum:
        raise ValidationError(f"{label}不能大于 {maximum}。", code="too_big")
    return value


def bounded_id(value):
    """A record id from user input, or None when it cannot be one (never raises)."""
    try:
        return bounded_int(value, minimum=1, maximum=ID_MAX)
    except ValidationError:
        return None


def ascii_digits(text: str) -> bool:
    """Only the ASCII digits 0-9 (``str.isdigit`` also accepts ０-９, ٣, ² and ①)."""
    return bool(text) and text.isascii() and text.isdigit()


def non_ascii_digits(text: str) -> str:
    """The characters of ``text`` that are digits of another script or style (full-width, ², ① …)."""
    return "".join(
        dict.fromkeys(
            ch
            for ch in text or ""
            if not ch.isascii() and (ch.isdigit() or ch.isnumeric() or unicodedata.category(ch) == "Nd")
        )
    )


def control_characters(text: str) -> str:
    """Control characters (NUL, bell …) other than tab and line breaks: refused in stored text."""
    return "".join(dict.fromkeys(ch for ch in text or "" if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"))


@deconstructible
class DateRangeValidator:
    def __init__(self, earliest=None, latest=None):
        self.earliest, self.latest = earliest, latest

    def __call__(self, value):
        if value is not None:
            bounded_date(value, earliest=self.earliest, latest=self.latest)

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and (self.earliest, self.latest) == (
            other.earliest,
            other.latest,
        )


@deconstructible
class IntegerRangeValidator:
    def __init__(self, minimum=0, maximum=INT_MAX, label=None):
        self.minimum, self.maximum, self.label = minimum, maximum, label

    def __call__(self, value):
        if value is not None and not (self.minimum <= value <= self.maximum):
            bounded_int(value, minimum=self.minimum, maximum=self.maximum, label=str(self.label or "数值"))

    def __eq__(self, other):
        return isinstance(other, IntegerRangeValidator) and (self.minimum, self.maximum) == (
            other.minimum,
            other.maximum,
        )


def _bound_multi_select(field):
    """Ids of a multi-select checked before the ``pk__in`` query (SQLite overflows on a 20-digit id)."""
    original = field._check_values

    def check_values(value, _original=original, _field=field):
        for pk in value or []:
            if bounded_id(pk) is None:
                raise ValidationError(
                    _field.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return _original(value)

    field._check_values = check_values


def bound_form_fields(form):
    """Every date/datetime field of ``form`` limited to the supported years, every integer field to
    ``INT_MAX`` and every multi-select's ids checked; fields that already carry a range keep theirs."""
    for field in form.fields.values():
        kinds = {type(v) for v in field.validators}
        if isinstance(field, forms.DateField | forms.DateTimeField) and DateRangeValidator not in kinds:
            field.validators.append(DateRangeValidator())
        elif isinstance(field, forms.IntegerField) and IntegerRangeValidator not in kinds:
            # The field's own min_value (if any) already reports a too-small value in its words.
            field.validators.append(IntegerRangeValidator(minimum=-INT_MAX - 1, maximum=INT_MAX, label=field.label))
            field.max_value = min(field.max_value or INT_MAX, INT_MAX)
            field.widget.attrs.setdefault("max", field.max_value)
        elif isinstance(field, forms.ModelMultipleChoiceField) and not getattr(field, "_ids_bounded", False):
            _bound_multi_select(field)
            field._ids_bounded = True
    return form


class BoundedFieldsMixin:
    """A form whose dates and numbers are bounded (``bound_form_fields``) as soon as it is built,
    and again just before it validates, so fields a subclass adds after ``__init__`` (one per team
    of a campaign copy, say) are bounded too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_form_fields(self)

    def full_clean(self):
        bound_form_fields(self)
        super().full_clean()


class BoundedFilterSet(django_filters.FilterSet):
    """A django-filter set whose form is bounded like every other form: an out-of-range value is
    reported at its field and that filter is left out, never a 500."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_bounded", False):
            bound_form_fields(form)
            form._bounded = True
        return form
