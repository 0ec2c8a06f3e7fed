"""The employer portal's pages of this package, included in the `portal` namespace (ansinh.portal.urls)."""

from django.urls import path

from ansinh.portal.unit import views

urlpatterns = [
    path("unit/declarations/", views.declarations, name="unit_declarations"),
    path("unit/declarations/template.xlsx", views.declaration_template, name="unit_declaration_template"),
    path("unit/declarations/<int:submission_id>/", views.declaration, name="unit_declaration"),
    path("unit/money/", views.money, name="unit_money"),
    path("unit/users/", views.users, name="unit_users"),
    path("unit/activate/<str:key>/", views.activate, name="unit_activate"),
]
