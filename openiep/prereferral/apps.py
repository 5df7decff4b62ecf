from django.apps import AppConfig


class PrereferralConfig(AppConfig):
    name = "openiep.prereferral"
    label = "prereferral"
    verbose_name = "Pre-referral interventions (MTSS/RTI)"
