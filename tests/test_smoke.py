import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_reference_data_has_the_22_federations_and_the_special_unit():
    from campaigns.models import UnionUnit, WorkerGroup

    assert UnionUnit.objects.exclude(kind="special").count() == 22
    assert UnionUnit.objects.filter(name="的士职工之家", kind="special").exists()
    assert WorkerGroup.objects.filter(is_eight_group=True).count() == 8
    assert WorkerGroup.objects.count() == 11  # with 农民工, 出租车司机, 环卫工人


def test_healthz_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "down"}


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert "登录蹲点工作平台" in response.content.decode()
