from django.urls import path

from ansinh.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.home, name="home"),
    path("persons/<int:person_id>/", views.person_coverage, name="person_coverage"),
]
