from django.urls import path

from ansinh.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("steering/", views.steering_page, name="steering"),
    path("steering.pdf", views.steering_pdf, name="steering_pdf"),
    path("steering.xlsx", views.steering_xlsx, name="steering_xlsx"),
    path("lists/debt/", views.debt_list, name="debt_list"),
    path("lists/behind/", views.behind_list, name="behind_list"),
    path("lists/lapsed/", views.lapsed_list, name="lapsed_list"),
]
