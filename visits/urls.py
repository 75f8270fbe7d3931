from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("visits/", views.visit_list, name="list"),
    path("visits/new/", views.visit_create, name="create"),
    path("visits/form-fields/", views.form_fields, name="form_fields"),
    path("visits/<int:pk>/", views.visit_detail, name="detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="edit"),
    path("visits/photos/<int:pk>/", views.photo, name="photo"),
    path("visits/<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
    path("visits/sync/", views.sync, name="sync"),
    path("visits/outbox/", views.outbox, name="outbox"),
    path("visits/offline/pages/", views.offline_pages, name="offline_pages"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/done/", views.plan_done, name="plan_done"),
    path("plans/<int:pk>/cancel/", views.plan_cancel, name="plan_cancel"),
]
