"""python manage.py seed_demo: idempotent demo data, one seeder per app.

Runs ``import_string(path)(stdout)`` for each path in ``settings.DEMO_SEEDERS``
in order, all inside one transaction, so a failing seeder leaves nothing
half-written. A seeder whose module does not exist (yet) is skipped with a note;
any other import error is a real bug and is raised.
"""

import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


def _module_exists(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except ModuleNotFoundError:  # the parent package itself is missing
        return False


def row_counts() -> dict[str, int]:
    """Rows per model of every installed app: what "idempotent" is checked against."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class Command(BaseCommand):
    help = "写入演示数据（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            for path in settings.DEMO_SEEDERS:
                module_path, _, _name = path.rpartition(".")
                if not _module_exists(module_path):
                    self.stdout.write(f"跳过 {path}：模块 {module_path} 尚不存在。")
                    continue
                self.stdout.write(f"运行 {path} …")
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号密码均为 dundian-demo。"))
