from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "ansinh.agents"
    label = "agents"
    verbose_name = "Collection agent screen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.agents.refusals import register
        from ansinh.core.presentation import register_names

        register()
        register_names("vsi_mode", {
            "monthly": _("Every month"), "3_months": _("Every 3 months"), "6_months": _("Every 6 months"),
            "12_months": _("Every 12 months"), "advance": _("Several years in advance"),
        })
        register_names("vsi_group", {
            "other": _("Other participants"), "poor": _("Poor household"), "near_poor": _("Near-poor household"),
            "ethnic_minority": _("Ethnic minority"), "island": _("Living on an island commune"),
            "none": _("No State support"),
        })
        register_names("receipt_scheme", {"vsi": _("Voluntary SI"), "hi_household": _("Household HI")})
        register_names("relationship", lambda: dict(__import__("ansinh.registry.models", fromlist=["Relationship"])
                                                    .Relationship.choices))
