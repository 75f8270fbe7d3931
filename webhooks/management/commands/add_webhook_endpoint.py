"""Register a webhook subscription for an API client from the shell (docs/api.md's round trip)."""

from django.core.management.base import BaseCommand, CommandError

from webhooks.services import EndpointError, register_endpoint


class Command(BaseCommand):
    help = "为接口客户端登记 Webhook 订阅：推送该客户端可查看的工单的状态变化；输出签名密钥（交给接收方）。"

    def add_arguments(self, parser):
        parser.add_argument("--client", required=True, help="接口客户端的名称，如“12345接诉即办平台”")
        parser.add_argument("--url", required=True, help="接收方的 http(s) 地址")
        parser.add_argument("--name", default="", help="订阅名称（默认为客户端名称）")

    def handle(self, *args, **options):
        try:
            endpoint = register_endpoint(client_name=options["client"], url=options["url"], name=options["name"])
        except EndpointError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"已为“{endpoint.client}”登记 Webhook 订阅“{endpoint.name}”，推送至 {endpoint.url}")
        self.stdout.write(f"签名密钥：{endpoint.secret}")
