from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openiep.documents"
    label = "documents"
    verbose_name = "Documents"
