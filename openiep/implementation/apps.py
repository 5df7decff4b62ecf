from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "openiep.implementation"
    label = "implementation"
    verbose_name = "Services delivered"
