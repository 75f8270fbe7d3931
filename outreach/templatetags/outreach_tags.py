"""The dashboard's 基层服务·阵地与办实事 section as one tag, so the dashboard view stays as it is."""

from django import template

from ..metrics import dashboard_section

register = template.Library()


@register.inclusion_tag("outreach/_dashboard_section.html")
def outreach_section(scope):
    return {"scope": scope, "outreach": dashboard_section(scope)}
