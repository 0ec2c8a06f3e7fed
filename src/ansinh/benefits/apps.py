from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "ansinh.benefits"
    label = "benefits"
    verbose_name = "Benefits"
