"""Small display helpers of the dashboard: "—" for no data, rates, linked figures."""

from django import template
from django.utils.html import format_html

from issues.rates import format_rate, format_score

register = template.Library()


@register.filter
def dash(value):
    """None (no data) shows as "—"; 0 stays 0."""
    return "—" if value is None or value == "" else value


@register.filter
def rate(value):
    """A percentage from ``issues.rates`` as "66.7%", or "—" without a denominator."""
    return format_rate(value)


@register.filter
def score(value):
    """A score from ``issues.rates`` as "66.3", or "—" when a rate of it had nothing to count."""
    return format_score(value)


@register.filter
def percent(value):
    """A whole or fractional share (0–1) as "40%", or "—"."""
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.simple_tag
def figure(value, url=None, label=""):
    """A number linked to the list behind it (plain when that list does not exist)."""
    shown = dash(value)
    if not url:
        return format_html('<span class="dash-figure">{}</span>', shown)
    if label:
        return format_html(
            '<a class="dash-figure" href="{}" aria-label="{}：{}，查看列表">{}</a>', url, label, shown, shown
        )
    return format_html('<a class="dash-figure" href="{}">{}</a>', url, shown)


@register.filter
def get(mapping, key):
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if mapping else None
