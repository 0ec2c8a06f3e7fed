from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "ansinh.notify"
    label = "notify"
    verbose_name = "Notifications"
