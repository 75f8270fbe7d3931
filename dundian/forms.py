"""Chinese prompts in every select: Django's "---------" placeholder tells a cadre nothing.

Forms mix in ``ChinesePromptsMixin`` (or call ``chinese_prompts(form)``): each single-choice
field whose empty choice is Django's dashes says "请选择<label>" instead. A prompt a form sets
itself (e.g. "全部小组" on a filter) is kept.
"""

from django import forms

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
