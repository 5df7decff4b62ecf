from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "openiep.cases"
    label = "cases"
    verbose_name = "Where each student is in the process"
