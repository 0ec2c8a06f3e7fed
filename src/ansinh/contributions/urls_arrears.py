from django.urls import path

from ansinh.contributions import views_arrears

app_name = "contributions"

urlpatterns = [
    path("debts/", views_arrears.debt_list, name="debts"),
    path("employers/<int:employer_id>/notice/<str:period>/", views_arrears.notice, name="notice"),
    path("employers/<int:employer_id>/notice/<str:period>/pdf/", views_arrears.notice_pdf_view, name="notice_pdf"),
]
