from django.urls import path

from ansinh.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plans, name="plans"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/revise/", views.plan_revise_view, name="plan_revise"),
    path("<int:plan_id>/allocate/", views.plan_allocate, name="plan_allocate"),
    path("<int:plan_id>/allocate/sum/", views.plan_allocate_sum, name="plan_allocate_sum"),
]
