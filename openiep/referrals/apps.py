from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "openiep.referrals"
    label = "referrals"
    verbose_name = "Referral, consent and prior written notice"
