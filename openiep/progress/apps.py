from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "openiep.progress"
    label = "progress"
    verbose_name = "Progress on IEP goals"
