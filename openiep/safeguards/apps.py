from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    name = "openiep.safeguards"
    label = "safeguards"
    verbose_name = "Procedural safeguards: notices, records requests, IEEs and disputes"
