from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ops.metrics import metrics_view

from . import views

admin.site.site_header = "大兴区总工会蹲点工作平台 · 管理后台"
admin.site.site_title = "蹲点工作平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("metrics", metrics_view, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include("outreach.urls")),
    path("", include("campaigns.urls")),
    path("", include("visits.urls")),
    path("issues/", include("issues.urls")),
    path("units/changes/", include("issues.unit_change_urls")),
    path("dashboard/", include("dashboard.urls")),
    path("ledger/", include("ledger.urls")),
    path("mediation/", include("mediation.urls")),
    path("notifications/", include("notifications.urls")),
    path("privacy/", include("privacy.urls")),
    path("api/", include("api.urls")),
]
