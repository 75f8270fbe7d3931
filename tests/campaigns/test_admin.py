"""The Django admin keeps the enterprise rules and is searchable for every campaigns model."""

import pytest
from django.contrib import admin
from django.urls import reverse

from campaigns.models import Enterprise, UnionStatus
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS_MODELS = [m for m in admin.site._registry if m._meta.app_label == "campaigns"]


@pytest.mark.parametrize("model", CAMPAIGNS_MODELS, ids=lambda m: m.__name__)
def test_every_campaigns_model_is_searchable_in_admin(client, world, model):
    assert admin.site._registry[model].search_fields
    client.force_login(world.admin)
    url = reverse(f"admin:campaigns_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "兴丰"}).status_code == 200


def _admin_data(enterprise, **overrides):
    data = {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "unit": enterprise.unit_id,
        "headcount": "50",
        "union_members": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_refuses_mechanisms_without_a_union(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:campaigns_enterprise_change", args=[enterprise.pk]),
        _admin_data(enterprise, has_hardship_aid="on"),
    )
    assert response.status_code == 200
    assert "尚未建会的企业不能勾选工会工作机制" in response.content.decode()
    assert not Enterprise.objects.get(pk=enterprise.pk).has_hardship_aid


def test_admin_does_not_change_the_union_status(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.admin)
    client.post(
        reverse("admin:campaigns_enterprise_change", args=[enterprise.pk]),
        _admin_data(enterprise, union_status=UnionStatus.ESTABLISHED, headcount="60"),
    )
    enterprise.refresh_from_db()
    assert enterprise.headcount == 60
    assert enterprise.union_status == UnionStatus.NONE
