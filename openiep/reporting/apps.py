from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "openiep.reporting"
    label = "reporting"
    verbose_name = "Federal reporting"
