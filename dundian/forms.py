"""Chinese prompts in every select: Django's "---------" placeholder tells a cadre nothing.

Forms mix in ``ChinesePromptsMixin`` (or call ``chinese_prompts(form)``): each single-choice
field whose empty choice is Django's dashes says "请选择<label>" instead. A prompt a form sets
itself (e.g. "全部小组" on a filter) is kept.

``ShortListModelChoiceField``: a select among a short list read once per form, not three times.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

DJANGO_DASHES = "---------"


def chinese_prompts(form) -> None:
    for field in form.fields.values():
        prompt = f"请选择{field.label or ''}"
        if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_DASHES:
                field.empty_label = prompt
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DJANGO_DASHES:
                field.choices = [("", prompt), *choices[1:]]


class ChinesePromptsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chinese_prompts(self)


class _ShortListChoices(ModelChoiceIterator):
    """The options of a :class:`ShortListModelChoiceField`, from the rows it read once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows())


class ShortListModelChoiceField(forms.ModelChoiceField):
    """A choice among a short list (campaigns, teams, units): its rows are read once per form.

    Django's field reads its queryset again each time it is asked: once to
    validate, once for the select's ``required`` attribute, once for its
    options — three queries for one select. This one reads the rows once (or
    takes rows the view already read, :meth:`use_rows`) and validates and
    renders from them. Not for long lists (enterprises, tickets): every row is
    read to check one value.
    """

    iterator = _ShortListChoices

    def _set_queryset(self, queryset):
        self._rows = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def use_rows(self, rows) -> None:
        """Choose among ``rows``, already read from this field's queryset (no query of its own)."""
        self._rows = list(rows)

    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(self.queryset)
        return self._rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        model = self.queryset.model
        if isinstance(value, model):
            value = getattr(value, key)
        try:
            wanted = (model._meta.pk if key == "pk" else model._meta.get_field(key)).to_python(value)
        except (ValueError, TypeError, ValidationError):
            wanted = object()  # not a value of this field: matches no row
        for obj in self.rows():
            if getattr(obj, key) == wanted:
                return obj
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
