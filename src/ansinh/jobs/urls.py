from django.urls import path

from ansinh.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/<str:kind>/", views.job_new, name="new"),
    path("<int:run_id>/", views.job_detail, name="detail"),
]
