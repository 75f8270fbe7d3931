from django import template

from ..rates import format_rate

register = template.Library()


@register.filter
def rate(value):
    """A rate as "66.7%", or "—" when there was nothing to count."""
    return format_rate(value)


@register.filter
def score(value):
    return "—" if value is None else f"{value}"
