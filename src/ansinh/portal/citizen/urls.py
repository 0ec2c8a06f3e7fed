"""The citizen self-service pages, included in portal/urls.py (names in the `portal` namespace)."""

from django.urls import path

from ansinh.portal.citizen import views_account

urlpatterns = [
    path("activate/", views_account.activate, name="activate"),
    path("reset/", views_account.reset, name="reset"),
    path("activate/code/", views_account.code, name="account_code"),
]
