from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "ansinh.contributions"
    label = "contributions"
    verbose_name = "Contributions, collection and the ledger"
