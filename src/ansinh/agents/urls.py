from django.urls import path

from ansinh.agents import views

app_name = "agents"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("code/renew/", views.code_renew, name="code_renew"),
    path("persons/<int:person_id>/", views.person_pay, name="person_pay"),
    path("households/<int:household_id>/", views.household_pay, name="household_pay"),
    path("receipts/<int:receipt_id>/", views.receipt, name="receipt"),
    path("receipts/<int:receipt_id>/send/", views.receipt_send, name="receipt_send"),
    path("receipts/<int:receipt_id>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("day/", views.day, name="day"),
    path("remit/", views.remit, name="remit"),
    path("remittances/<int:remittance_id>/", views.remittance, name="remittance"),
    path("commission/", views.commission, name="commission"),
]
