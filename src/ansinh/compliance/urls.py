from django.urls import path

from ansinh.compliance import views

app_name = "compliance"

urlpatterns = [
    path("", views.home, name="home"),
    path("detect/", views.run_detection, name="detect"),
    path("lists/", views.lists, name="lists"),
    path("lists/<int:list_id>/", views.list_detail, name="list_detail"),
    path("review/", views.review, name="review"),
    path("review/<int:entry_id>/", views.review_entry, name="review_entry"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:finding_id>/", views.finding_status, name="finding_status"),
    path("students/", views.students, name="students"),
    path("schools/", views.schools, name="schools"),
    path("schools/<str:code>/", views.school_detail, name="school_detail"),
    path("reminders/", views.reminders, name="reminders"),
    path("checks/", views.checks, name="checks"),
    path("checks/<int:case_id>/", views.check_detail, name="check_detail"),
    path("report/", views.report, name="report"),
]
