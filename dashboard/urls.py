from django.urls import path

from . import compare, views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.home, name="home"),
    path("compare/", compare.compare, name="compare"),
]
