from django.urls import path

from ansinh.portal import views
from ansinh.portal.citizen import urls as citizen_urls
from ansinh.portal.unit.urls import urlpatterns as unit_urls

app_name = "portal"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("contributions/", views.contributions, name="contributions"),
    path("contributions.pdf", views.contributions_pdf, name="contributions_pdf"),
    path("card/", views.card, name="card"),
    path("benefits/", views.benefits, name="benefits"),
    *citizen_urls.urlpatterns,
    path("unit/", views.unit_home, name="unit_home"),
    path("unit/employees/", views.unit_employees, name="unit_employees"),
    path("unit/notice/", views.unit_notice, name="unit_notice"),
    *unit_urls,
]
