from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "openiep.audit"
    label = "audit"
    verbose_name = "Audit trail and record of access"

    def ready(self) -> None:
        from openiep.audit.append_only import install_append_only_triggers

        # After every migrate, so that a history table added by a later app is covered without
        # anyone remembering to add it.
        post_migrate.connect(install_append_only_triggers, dispatch_uid="openiep.audit.append_only")
