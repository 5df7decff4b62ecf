from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "openiep.access"
    label = "access"
    verbose_name = "Access policy"
