from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "openiep.review"
    label = "review"
    verbose_name = "Reviews, reevaluations, transfers, exits and discipline"
