from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openiep.meetings"
    label = "meetings"
    verbose_name = "IEP meetings"
