from django.urls import path

from .views import key_enterprises, projects, sites

app_name = "outreach"

urlpatterns = [
    path("sites/", sites.site_list, name="site_list"),
    path("sites/new/", sites.site_create, name="site_create"),
    path("sites/<int:pk>/", sites.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", sites.site_edit, name="site_edit"),
    path("enterprises/<int:pk>/convert/", sites.enterprise_convert, name="enterprise_convert"),
    path("enterprises/<int:pk>/key/", sites.enterprise_key, name="enterprise_key"),
    path("enterprises/key/", key_enterprises.key_enterprise_list, name="key_enterprises"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/status/", projects.project_status, name="project_status"),
]
