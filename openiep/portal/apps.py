from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "openiep.portal"
    label = "portal"
    verbose_name = "Family portal: invitations, electronic signatures, parent requests"
