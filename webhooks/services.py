"""Registering a subscription for an API client (the ``add_webhook_endpoint`` command; the admin does the same by hand)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from api.models import ApiClient

from .models import WebhookEndpoint


class EndpointError(Exception):
    """A refused registration; ``message`` is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@transaction.atomic
def register_endpoint(*, client_name: str, url: str, name: str = "") -> WebhookEndpoint:
    """A new active subscription of the API client named ``client_name``, pushing to ``url``.

    It receives the events of the tickets that client may read (``webhooks.outbox.receives``),
    from now on. ``name`` defaults to the client's name. The secret is generated
    (read it from the returned endpoint to hand to the receiver).
    """
    client = ApiClient.objects.filter(name=client_name.strip()).first()
    if client is None:
        raise EndpointError(f"没有名为“{client_name}”的接口客户端。")
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise EndpointError(f"推送地址“{url}”无效：须为以 http:// 或 https:// 开头的地址。") from error
    if len(url) > 500:
        raise EndpointError("推送地址不能超过500个字符。")
    name = (name or client.name).strip()[:60]
    if WebhookEndpoint.objects.filter(name=name).exists():
        raise EndpointError(f"已有名为“{name}”的 Webhook 订阅；请用 --name 另取一个名称。")
    endpoint = WebhookEndpoint.objects.create(name=name, url=url, client=client, active=True)
    return WebhookEndpoint.objects.select_related("client").get(pk=endpoint.pk)  # the secret as stored and read back
