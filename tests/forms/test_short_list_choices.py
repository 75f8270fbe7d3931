"""A select among a short list reads its rows once per form, and still refuses what is not listed."""

import pytest
from django import forms

from campaigns.models import WorkTeam
from dundian.forms import ShortListModelChoiceField
from tests.factories import CampaignFactory, WorkTeamFactory

pytestmark = pytest.mark.django_db


class TeamForm(forms.Form):
    team = ShortListModelChoiceField(queryset=WorkTeam.objects.none(), label="小组")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


@pytest.fixture
def teams():
    campaign = CampaignFactory()
    return [WorkTeamFactory(campaign=campaign, name=name) for name in ("第一组", "第二组")]


def test_a_listed_row_is_chosen(teams):
    form = TeamForm({"team": str(teams[1].pk)}, teams=WorkTeam.objects.order_by("name"))
    assert form.is_valid()
    assert form.cleaned_data["team"] == teams[1]


def test_validating_and_rendering_read_the_rows_once(teams, django_assert_num_queries):
    form = TeamForm({"team": str(teams[0].pk)}, teams=WorkTeam.objects.order_by("name"))
    with django_assert_num_queries(1):
        form.is_valid()
        html = str(form["team"])
    assert "第一组" in html and "第二组" in html
    assert "selected" in html.split("第一组")[0].rsplit("<option", 1)[1]


def test_rows_the_view_already_read_cost_no_query(teams, django_assert_num_queries):
    form = TeamForm({"team": str(teams[0].pk)}, teams=WorkTeam.objects.all())
    form.fields["team"].use_rows(teams[:1])
    with django_assert_num_queries(0):
        assert form.is_valid()
        assert "第一组" in str(form["team"])


def test_a_row_outside_the_list_is_refused(teams):
    form = TeamForm({"team": str(teams[1].pk)}, teams=WorkTeam.objects.filter(pk=teams[0].pk))
    assert not form.is_valid()
    assert "team" in form.errors


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "9" * 30, "1e3"])
def test_a_value_that_is_no_id_is_refused_not_a_500(teams, value):
    form = TeamForm({"team": value}, teams=WorkTeam.objects.all())
    assert not form.is_valid()
    assert form.errors["team"]
