from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "ansinh.benefits"
    label = "benefits"
    verbose_name = "Benefits"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.presentation import register_names

        register_names("period_kind", {"employer": _("Employer-set pay"), "state": _("State pay scale"),
                                       "voluntary": _("Voluntary SI")})
        register_names("period_scheme", {"si_ui": _("SI and UI"), "si": _("SI only"), "ui": _("UI only")})
        register_names("check_level", {"ok": _("fine"), "warning": _("check"), "error": _("blocks")})
