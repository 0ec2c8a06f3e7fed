"""The citizen self-service pages, included in portal/urls.py (names in the `portal` namespace)."""

from django.urls import path

from ansinh.portal.citizen import views_account, views_inbox, views_requests

urlpatterns = [
    path("activate/", views_account.activate, name="activate"),
    path("reset/", views_account.reset, name="reset"),
    path("activate/code/", views_account.code, name="account_code"),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/read/", views_inbox.inbox_read, name="inbox_read"),
    path("requests/", views_requests.requests_home, name="requests"),
    path("requests/new/<slug:kind>/", views_requests.request_form, name="request_form"),
    path("requests/<int:pk>/", views_requests.dossier_page, name="dossier"),
    path("requests/<int:pk>/new-code/", views_requests.renew_reference, name="renew_reference"),
]
