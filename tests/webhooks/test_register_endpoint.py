"""manage.py add_webhook_endpoint / webhooks.services.register_endpoint: a subscription for an API client."""

import io

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiClient
from api.services import save_client
from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def _add(*args):
    out = io.StringIO()
    call_command("add_webhook_endpoint", *args, stdout=out)
    return out.getvalue()


def test_the_command_registers_an_active_subscription_of_the_client_and_prints_its_secret(world):
    client = save_client(ApiClient(name="12345接诉即办平台", source="12345"))

    printed = _add("--client", "12345接诉即办平台", "--url", "https://12345.example.org/hooks")

    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.name, endpoint.client, endpoint.url, endpoint.active) == (
        "12345接诉即办平台",
        client,
        "https://12345.example.org/hooks",
        True,
    )
    assert f"签名密钥：{endpoint.secret}" in printed
    assert endpoint.secret.startswith("whsec_")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--client", "无此系统", "--url", "https://a.example.org/"), "没有名为“无此系统”的接口客户端。"),
        (("--client", "12345平台", "--url", "ftp://a.example.org/"), "须为以 http:// 或 https:// 开头的地址"),
        (("--client", "12345平台", "--url", "not a url"), "须为以 http:// 或 https:// 开头的地址"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(world, args, message):
    save_client(ApiClient(name="12345平台", source="12345"))

    with pytest.raises(CommandError, match=message):
        _add(*args)

    assert not WebhookEndpoint.objects.exists()


def test_a_second_subscription_needs_its_own_name(world):
    save_client(ApiClient(name="12345平台", source="12345"))
    _add("--client", "12345平台", "--url", "https://a.example.org/")

    with pytest.raises(CommandError, match="请用 --name 另取一个名称"):
        _add("--client", "12345平台", "--url", "https://b.example.org/")
    _add("--client", "12345平台", "--url", "https://b.example.org/", "--name", "12345平台（备用）")

    assert WebhookEndpoint.objects.filter(client__name="12345平台").count() == 2
