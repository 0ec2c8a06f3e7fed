from django.urls import include, path

from ansinh.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("contributions/", include("ansinh.contributions.urls_arrears")),
    path("", include("ansinh.web.urls")),
]
