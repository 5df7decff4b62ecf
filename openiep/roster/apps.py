from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "openiep.roster"
    label = "roster"
    verbose_name = "Roster import from the student information system"
