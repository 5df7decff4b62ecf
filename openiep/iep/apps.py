from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_banks(sender, using="default", **kwargs) -> None:
    """Reference data, like content types: the goal and accommodation banks are brought up to date after
    every migrate (idempotent, a few queries)."""
    if sender.name != "openiep.iep":
        return
    from openiep.iep.services import banks_sync

    banks_sync()


class IEPConfig(AppConfig):
    name = "openiep.iep"
    label = "iep"
    verbose_name = "IEP"

    def ready(self) -> None:
        post_migrate.connect(_load_banks, dispatch_uid="openiep.iep.banks")
