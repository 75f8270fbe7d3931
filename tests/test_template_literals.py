"""Templates never compare a field to a raw status or kind literal ("closed", 'escalate' …).

What a status means lives on the model (``issue.is_closed``, ``action.is_escalation``,
``job.is_failed``): a renamed or added choice then changes one place, not a template
that silently stops matching.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

OUR_APPS = ("campaigns", "visits", "issues", "dashboard", "ledger", "notifications", "workdays", "outreach")
STRING = r"""(['"])([^'"]*)\1"""
COMPARISONS = (
    re.compile(rf"(?:==|!=|\bin)\s*{STRING}"),  # x == "closed", x in "new processing"
    re.compile(rf"{STRING}\s*(?:==|!=|\bin\b)"),  # "closed" == x
)


def choice_values() -> set[str]:
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value:
                    values.add(value)
    return values


def template_files():
    root = Path(settings.BASE_DIR)
    yield from (root / "templates").rglob("*.html")
    for app in OUR_APPS:
        yield from (root / app / "templates").rglob("*.html")


def literal_comparisons(text: str, values: set[str]):
    for tag in re.findall(r"{%\s*(?:if|elif)\b(.*?)%}", text):
        for pattern in COMPARISONS:
            for match in pattern.finditer(tag):
                literal = match.group(2)
                if literal in values or any(word in values for word in literal.split()):
                    yield tag.strip()


def test_choice_values_are_found():
    values = choice_values()
    assert {"closed", "escalate", "failed", "none", "enterprises"} <= values


def test_the_check_catches_a_raw_literal():
    values = choice_values()
    assert list(literal_comparisons("{% if issue.status == 'closed' %}", values))
    assert list(literal_comparisons('{% elif "escalate" == a.kind %}', values))
    assert not list(literal_comparisons("{% if issue.is_closed %}", values))
    assert not list(literal_comparisons("{% if message.tags == 'error' %}", values))


def test_no_template_compares_to_a_status_or_kind_literal():
    values = choice_values()
    root = Path(settings.BASE_DIR)
    found = {
        str(path.relative_to(root)): hits
        for path in template_files()
        if (hits := sorted(set(literal_comparisons(path.read_text(encoding="utf-8"), values))))
    }
    assert found == {}
