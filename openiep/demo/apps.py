from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openiep.demo"
    label = "demo"
    verbose_name = "Synthetic demo district"
