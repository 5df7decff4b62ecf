from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "openiep.compliance"
    label = "compliance"
    verbose_name = "Compliance: law profiles, school calendars and deadlines"
