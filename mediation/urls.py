from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/outcome/", views.case_outcome, name="case_outcome"),
    path("tickets/<int:pk>/handover/", views.handover, name="handover"),
    path("tickets/<int:pk>/referral/", views.referral_create, name="referral_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/result/", views.referral_result, name="referral_result"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/status/", views.body_status, name="body_status"),
    path("targets/", views.targets, name="targets"),
]
