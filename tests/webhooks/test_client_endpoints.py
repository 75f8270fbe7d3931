"""An API client's webhook subscription receives the events of the tickets that client may read."""

import pytest

from api.models import ApiClient
from api.services import save_client
from issues.models import Source
from webhooks.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _client(name, **fields):
    return save_client(ApiClient(name=name, **fields))


def _endpoint(name, **fields):
    return WebhookEndpoint.objects.create(name=name, url=f"http://127.0.0.1:9/{name}", **fields)


def _receivers(ticket):
    return set(Delivery.objects.filter(event__ticket=ticket).values_list("endpoint__name", flat=True))


def test_a_clients_endpoint_receives_only_its_sources_tickets(world, open_ticket):
    _endpoint("12345", client=_client("12345平台", source=Source.HOTLINE_12345, can_read_status=True))
    _endpoint("12351", client=_client("12351热线", source=Source.HOTLINE_12351, can_read_status=True))

    ticket_12345 = open_ticket(source=Source.HOTLINE_12345)
    ticket_12351 = open_ticket(source=Source.HOTLINE_12351)

    assert _receivers(ticket_12345) == {"12345"}
    assert _receivers(ticket_12351) == {"12351"}


def test_a_client_of_all_sources_receives_every_ticket(world, open_ticket):
    _endpoint("BI", client=_client("区数据分析系统", all_sources=True, can_read_status=True))

    assert _receivers(open_ticket(source=Source.HOTLINE_12351)) == {"BI"}
    assert _receivers(open_ticket(source=Source.FIELD, hotline_number="")) == {"BI"}


def test_the_clients_rule_wins_over_the_endpoints_sources(world, open_ticket):
    client = _client("12345平台", source=Source.HOTLINE_12345, can_read_status=True)
    _endpoint("12345", client=client, sources=[Source.HOTLINE_12351])

    assert _receivers(open_ticket(source=Source.HOTLINE_12345)) == {"12345"}
    assert _receivers(open_ticket(source=Source.HOTLINE_12351)) == set()


def test_a_client_without_a_source_or_all_sources_receives_nothing(world, open_ticket):
    _endpoint("无来源", client=_client("无来源系统", can_read_aggregates=True))

    assert _receivers(open_ticket(source=Source.HOTLINE_12345)) == set()


def test_a_disabled_clients_endpoint_receives_nothing(world, open_ticket):
    _endpoint("停用", client=_client("停用系统", source=Source.HOTLINE_12345, active=False))

    assert _receivers(open_ticket(source=Source.HOTLINE_12345)) == set()


def test_endpoints_without_a_client_keep_their_sources_rule(world, open_ticket):
    _endpoint("只要12351", sources=[Source.HOTLINE_12351])
    _endpoint("全部")

    assert _receivers(open_ticket(source=Source.HOTLINE_12345)) == {"全部"}
    assert _receivers(open_ticket(source=Source.HOTLINE_12351)) == {"只要12351", "全部"}


def test_deleting_the_client_deletes_its_subscriptions(world):
    client = _client("12345平台", source=Source.HOTLINE_12345)
    _endpoint("12345", client=client)

    client.delete()

    assert not WebhookEndpoint.objects.exists()


def test_the_admin_refuses_sources_on_a_clients_endpoint(world):
    from webhooks.admin import EndpointForm

    client = _client("12345平台", source=Source.HOTLINE_12345)
    form = EndpointForm(
        data={"name": "x", "client": client.pk, "url": "http://127.0.0.1:9/x", "active": "on", "sources": ["12351"]}
    )

    assert not form.is_valid()
    assert form.errors["sources"] == ["接入系统的订阅按该系统可查看的来源推送，请不要另选工单来源。"]
