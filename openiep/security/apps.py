from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "openiep.security"
    label = "security"
    verbose_name = "Sign-in and session security"

    def ready(self) -> None:
        from openiep.security import signals  # noqa: F401
