from django.urls import path

from .views import unit_changes

app_name = "unit_changes"

urlpatterns = [
    path("", unit_changes.change_list, name="list"),
    path("merge/", unit_changes.merge, name="merge"),
    path("split/", unit_changes.split, name="split"),
    path("handover/", unit_changes.handover, name="handover"),
]
