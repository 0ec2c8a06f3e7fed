from django.urls import path

from ansinh.healthcare import views

app_name = "healthcare"

urlpatterns = [
    path("", views.claims, name="claims"),
    path("queue/", views.queue, name="queue"),
    path("episodes/<int:episode_id>/", views.episode, name="episode"),
    path("findings/<int:finding_id>/decide/", views.decide, name="decide"),
    path("upload/", views.upload, name="upload"),
    path("checks/", views.checks, name="checks"),
    path("settlement/", views.settlement, name="settlement"),
    path("settlement/post/", views.settlement_post, name="settlement_post"),
    path("warnings/", views.warnings, name="warnings"),
    path("reference/", views.reference_data, name="reference"),
    path("registrations/", views.registrations, name="registrations"),
    path("findings/<int:finding_id>/answer/", views.answer, name="answer"),
    path("funds/", views.funds, name="funds"),
    path("report/", views.report, name="report"),
]
