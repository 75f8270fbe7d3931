"""Forms a cadre fills in the field: Chinese prompts, a ticket carrying its visit's findings."""

from django import forms
from django.urls import reverse

from campaigns.models import WorkTeam
from dundian.forms import ChinesePromptsMixin
from issues.models import Source
from tests.factories import VisitFactory
from tests.issues.pages import login


class _Form(ChinesePromptsMixin, forms.Form):
    source = forms.ChoiceField(label="来源", choices=[("", "---------"), ("a", "甲")])
    team = forms.ModelChoiceField(label="小组", queryset=WorkTeam.objects.none())
    kept = forms.ChoiceField(label="状态", choices=[("", "全部状态"), ("a", "甲")])


def test_a_dashes_choice_says_what_to_choose():
    form = _Form()
    assert list(form.fields["source"].choices)[0] == ("", "请选择来源")
    assert form.fields["team"].empty_label == "请选择小组"


def test_a_prompt_the_form_chose_is_kept():
    assert list(_Form().fields["kept"].choices)[0] == ("", "全部状态")


def test_the_ticket_form_has_no_dashes(client, world):
    html = login(client, world.cadre_a).get(reverse("issues:create")).content.decode()
    assert "---------" not in html
    assert "请选择所属单位" in html


def test_a_ticket_from_a_visit_starts_with_the_visits_findings(client, world):
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, hotspot_findings="欠薪三个月，约20人")
    html = login(client, world.cadre_a).get(reverse("issues:create"), {"visit": visit.pk}).content.decode()
    assert "欠薪三个月，约20人</textarea>" in html
    assert f'<option value="{Source.FIELD}" selected>' in html
