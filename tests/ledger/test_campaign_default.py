"""The campaign selectors default to the campaign running today, not the newest one (issue 11)."""

import datetime as dt

from campaigns.models import Campaign
from ledger.forms import ExportForm, TicketImportForm
from tests.factories import AssignmentFactory, CampaignFactory, WorkTeamFactory


def _next_year_prepared(world):
    nxt = CampaignFactory(name="2027年蹲点活动", start_date=dt.date(2027, 7, 15), end_date=dt.date(2027, 12, 31))
    AssignmentFactory(campaign=nxt, team=WorkTeamFactory(campaign=nxt, name="第一蹲点小组"), unit=world.unit_a)
    return nxt


def test_current_is_the_running_campaign_even_with_next_years_prepared(world):
    _next_year_prepared(world)
    assert Campaign.objects.current() == world.campaign


def test_export_form_defaults_to_the_running_campaign(world):
    _next_year_prepared(world)
    form = ExportForm(user=world.office_staff)
    assert form.initial["campaign"] == world.campaign
    assert set(form.fields["teams"].queryset) == {world.team_a, world.team_b}


def test_ticket_import_form_defaults_to_the_running_campaign(world):
    _next_year_prepared(world)
    assert TicketImportForm().initial["campaign"] == world.campaign
