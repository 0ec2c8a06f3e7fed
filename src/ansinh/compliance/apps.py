from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "ansinh.compliance"
    label = "compliance"
    verbose_name = "Compliance"
