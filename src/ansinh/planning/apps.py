from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ansinh.planning"
    label = "planning"
    verbose_name = "Targets and plans"
