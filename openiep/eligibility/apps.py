from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "openiep.eligibility"
    label = "eligibility"
    verbose_name = "Eligibility"
