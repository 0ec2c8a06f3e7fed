from django.urls import path

from ansinh.contributions import views_arrears, views_lists

app_name = "contributions"

urlpatterns = [
    path("bank-lines/", views_lists.bank_lines, name="bank_lines"),
    path("employers/<int:employer_id>/account/", views_lists.employer_account, name="employer_account"),
    path("debts/", views_arrears.debt_list, name="debts"),
    path("employers/<int:employer_id>/notice/<str:period>/", views_arrears.notice, name="notice"),
    path("employers/<int:employer_id>/notice/<str:period>/pdf/", views_arrears.notice_pdf_view, name="notice_pdf"),
]
