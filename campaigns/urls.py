from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/status/", views.enterprise_status, name="enterprise_status"),
    path("units/", views.unit_list, name="unit_list"),
]
