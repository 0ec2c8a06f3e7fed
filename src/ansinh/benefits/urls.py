from django.urls import path

from ansinh.benefits import views

app_name = "benefits"

urlpatterns = [
    path("", views.claim_list, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/<str:action>/", views.claim_action, name="claim_action"),
    path("claims/<int:claim_id>/decisions/<int:version>/pdf/", views.decision_pdf_view, name="decision_pdf"),
    path("payroll/", views.payroll_summary, name="payroll"),
    path("payroll/<str:period>/files/<str:name>", views.payroll_file, name="payroll_file"),
    path("entitlements/<int:entitlement_id>/", views.entitlement_detail, name="entitlement_detail"),
    path(
        "entitlements/<int:entitlement_id>/<str:action>/", views.entitlement_action, name="entitlement_action"
    ),
]
