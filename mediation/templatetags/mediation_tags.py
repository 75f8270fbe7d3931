"""The mediation part of other apps' pages: the panel on a ticket (the dashboard's section: dashboard.sections)."""

from django import template

from .. import services
from ..models import YanheCase

register = template.Library()


@register.inclusion_tag("mediation/_ticket_panel.html", takes_context=True)
def mediation_panel(context, issue):
    """言和 case and referrals of a ticket the user already sees, with the actions the user may take."""
    user = context["request"].user
    case = YanheCase.objects.filter(issue=issue).select_related("body").first()
    may_act = services.can_hand_over(issue, user)
    return {
        "issue": issue,
        "case": case,
        "referrals": list(issue.referrals.order_by("referred_on", "id")),
        "can_hand_over": case is None and may_act and services.handover_refusal(issue) is None,
        "can_record_outcome": case is not None and services.can_record_outcome(issue, user),
        "can_refer": may_act,
    }
