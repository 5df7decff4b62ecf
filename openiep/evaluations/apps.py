from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "openiep.evaluations"
    label = "evaluations"
    verbose_name = "Evaluation"
