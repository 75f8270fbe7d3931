from django.urls import path

from . import compare, sections, views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.home, name="home"),
    path("compare/", compare.compare, name="compare"),
    path("mediation/", sections.mediation_section, name="mediation_section"),
    path("outreach/", sections.outreach_section, name="outreach_section"),
]
