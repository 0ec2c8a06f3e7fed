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
        from ansinh.core.presentation import register_step_labels

        # the contribution calculators' steps as the agent screen shows them (rules.contributions)
        labels = {
            "first member per month": ("Số tiền của người thứ nhất mỗi tháng", "First member per month"),
            "income floor": ("Mức thu nhập thấp nhất được chọn", "Lowest income that may be chosen"),
            "income ceiling": ("Mức thu nhập cao nhất được chọn", "Highest income that may be chosen"),
            "contribution per month": ("Số phải đóng mỗi tháng", "Contribution per month"),
            "State support per month": ("Nhà nước hỗ trợ mỗi tháng", "State support per month"),
            "payable per month": ("Người tham gia đóng mỗi tháng", "The participant pays per month"),
            "payable": ("Số tiền người tham gia nộp", "The participant pays"),
            "payable (lump sum)": ("Số tiền nộp một lần", "Paid at once"),
            "discount (−) / interest (+)": ("Giảm trừ (−) / lãi (+) khi đóng trước hoặc đóng bù",
                                            "Discount (−) / interest (+) for paying ahead or late"),
            "monthly fund rate r": ("Lãi suất đầu tư quỹ bình quân tháng", "Monthly return of the SI fund"),
        }
        labels.update({f"member {k}": (f"Người thứ {k}", f"Member {k}") for k in range(1, 31)})
        register_step_labels(labels)
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
