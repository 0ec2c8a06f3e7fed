from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ansinh.portal"
    label = "portal"
    verbose_name = "Portals"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.presentation import register_names

        register_names("portal_scheme", {
            "si_total": _("Social insurance (all)"),
            "si": _("Compulsory social insurance"),
            "vsi": _("Voluntary social insurance"),
            "ui": _("Unemployment insurance"),
            "hi": _("Health insurance"),
            "hi_household": _("Household health insurance"),
        })
