from django import template

from ..rates import format_rate, format_score

register = template.Library()


@register.filter
def rate(value):
    """A rate as "66.7%", or "—" when there was nothing to count."""
    return format_rate(value)


@register.filter
def score(value):
    """A score as "66.3", or "—" when a rate of it had nothing to count."""
    return format_score(value)
