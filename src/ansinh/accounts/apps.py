from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansinh.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self) -> None:
        from ansinh.accounts import signals  # noqa: F401  (sign-in events in the audit)
        from ansinh.config import production  # noqa: F401  (the deploy checks)
