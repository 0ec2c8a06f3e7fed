from django.urls import path

from ansinh.procedures import views, views_report

app_name = "procedures"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("handlers/", views.handler_queue, name="handler"),
    path("receive/", views.receive, name="receive"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("report/", views_report.report, name="report"),
    path("report.xlsx", views_report.report_xlsx, name="report_xlsx"),
    path("dossiers/<int:dossier_id>/", views.detail, name="detail"),
    path("dossiers/<int:dossier_id>/<str:kind>.pdf", views.pdf, name="pdf"),
    path("dossiers/<int:dossier_id>/<str:kind>-<int:number>.pdf", views.pdf, name="pdf_n"),
    path("dossiers/<int:dossier_id>/files/<int:file_id>/", views.scan, name="scan"),
    path("dossiers/<int:dossier_id>/<str:action>/", views.action, name="action"),
]
