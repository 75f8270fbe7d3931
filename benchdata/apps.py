from django.apps import AppConfig


class BenchdataConfig(AppConfig):
    """Synthetic city-scale data for benchmarks (``manage.py generate_data``); no models of its own."""

    name = "benchdata"
    verbose_name = "基准测试数据"
