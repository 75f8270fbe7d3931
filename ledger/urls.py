from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("", views.index, name="index"),
    path("exports/<int:pk>/", views.job_detail, name="job_detail"),
    path("exports/<int:pk>/download/", views.job_download, name="job_download"),
    path("exports/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("imports/", views.import_history, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<str:kind>/template.xlsx", views.import_template, name="import_template"),
    path("imports/<str:kind>/", views.import_upload, name="import_upload"),
]
