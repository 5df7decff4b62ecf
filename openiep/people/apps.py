from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openiep.people"
    label = "people"
    verbose_name = "People and organisation"
