from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "openiep.ops"
    label = "ops"
    verbose_name = "Operations: health, backups, logs"
