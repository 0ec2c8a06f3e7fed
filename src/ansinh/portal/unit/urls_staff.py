from django.urls import path

from ansinh.portal.unit import views_staff

app_name = "unit_review"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("<int:submission_id>/", views_staff.detail, name="detail"),
]
