from django.apps import AppConfig


class HealthcareConfig(AppConfig):
    name = "ansinh.healthcare"
    label = "healthcare"
    verbose_name = "Health insurance claims"
