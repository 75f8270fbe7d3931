from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "接口（对接系统）"
    default_auto_field = "django.db.models.BigAutoField"
