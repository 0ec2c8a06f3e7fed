from django.urls import include, path

from ansinh.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("contributions/", include("ansinh.contributions.urls_arrears")),
    path("contributions/", include("ansinh.contributions.urls")),
    path("contributions/unit-lists/", include("ansinh.portal.unit.urls_staff")),
    path("coverage/", include("ansinh.coverage.urls")),
    path("reports/", include("ansinh.reports.urls")),
    path("planning/", include("ansinh.planning.urls")),
    path("benefits/", include("ansinh.benefits.urls")),
    path("compliance/", include("ansinh.compliance.urls")),
    path("jobs/", include("ansinh.jobs.urls")),
    path("portal/", include("ansinh.portal.urls")),
    path("agent/", include("ansinh.agents.urls")),
    path("healthcare/", include("ansinh.healthcare.urls")),
    path("procedures/", include("ansinh.procedures.urls")),
    path("", include("ansinh.web.urls")),
]
