from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "ansinh.procedures"
    label = "procedures"
    verbose_name = "Administrative procedures"
