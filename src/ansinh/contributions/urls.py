from django.urls import path

from ansinh.contributions import views, views_lists

app_name = "declarations"  # urls_arrears (collection) uses "contributions"

urlpatterns = [
    path("declarations/", views_lists.declaration_list, name="declaration_list"),
    path("employers/<int:employer_id>/declarations/", views.declaration_upload_page, name="declaration_upload"),
    path("declarations/<int:declaration_id>/", views.declaration_detail, name="declaration_detail"),
]
