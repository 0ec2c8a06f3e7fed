from django.urls import path

from ansinh.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/new/", views.person_new, name="person_new"),
    path("persons/export.csv", views.person_export, name="person_export"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("households/", views.household_search, name="household_search"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path("employers/", views.employer_search, name="employer_search"),
    path("employers/new/", views.employer_new, name="employer_new"),
    path("employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:employer_id>/edit/", views.employer_edit, name="employer_edit"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/<str:object_type>/<int:object_id>/", views.audit, name="audit"),
]
