from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openiep.api"
    label = "api"
    verbose_name = "Integration API"
