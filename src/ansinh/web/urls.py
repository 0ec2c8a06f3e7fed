from django.urls import path

from ansinh.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("households/", views.household_search, name="household_search"),
    path("employers/", views.employer_search, name="employer_search"),
]
