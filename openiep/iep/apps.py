from django.apps import AppConfig


class IEPConfig(AppConfig):
    name = "openiep.iep"
    label = "iep"
    verbose_name = "IEP"
