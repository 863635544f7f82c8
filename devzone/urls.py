from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from devzone.core import health, observability, routing
from devzone.core import views as core_views

# Every installed DevZone app's API and pages are found by convention
# (devzone/core/routing.py): adding an app never edits this file.
api_patterns = [
    *routing.included(routing.api_mounts()),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

handler500 = "devzone.core.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    *routing.included(routing.page_mounts()),
]
