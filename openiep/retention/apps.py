from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "openiep.retention"
    label = "retention"
    verbose_name = "Record retention (34 CFR 300.624)"
