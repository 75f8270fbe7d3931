from django.urls import path

from . import campaign_views, people_views, views

app_name = "campaigns"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/status/", views.enterprise_status, name="enterprise_status"),
    path("units/", views.unit_list, name="unit_list"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/copy/", campaign_views.campaign_copy, name="campaign_copy"),
    path("people/", people_views.people_list, name="people"),
    path("people/<int:pk>/move/", people_views.person_move, name="person_move"),
    path("people/<int:pk>/leave/", people_views.person_leave, name="person_leave"),
    path("people/<int:pk>/password/", people_views.person_password, name="person_password"),
]
