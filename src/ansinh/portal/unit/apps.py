from django.apps import AppConfig


class PortalUnitConfig(AppConfig):
    name = "ansinh.portal.unit"
    label = "portal_unit"
    verbose_name = "Employer portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ansinh.contributions.models import DeclarationLine
        from ansinh.core.presentation import register_names
        from ansinh.portal.unit import refusals  # noqa: F401  (registers the refusal sentences)
        from ansinh.procedures.models import Status

        register_names("declaration_action", lambda: dict(DeclarationLine.Action.choices))
        register_names("dossier_status", lambda: dict(Status.choices))
