from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "ansinh.places"
    label = "places"
    verbose_name = "Places"
