from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from devzone.approvals.api import router as approvals_router
from devzone.core import health, observability
from devzone.core import views as core_views
from devzone.core.api_urls import router as core_router
from devzone.desk.api import router as desk_router
from devzone.incentives.api import router as incentives_router
from devzone.projects import api as projects_api
from devzone.projects.api import router as projects_router
from devzone.stats.api import urls as stats_api_urls

api_patterns = [
    path("", include(core_router.urls)),
    path("stats/", include(stats_api_urls)),
    path("projects/", include(projects_router.urls)),
    path(
        "projects/notice/<str:code>/",
        projects_api.NoticeBoardView.as_view(),
        name="api-notice-board",
    ),
    path("approvals/", include(approvals_router.urls)),
    path("desk/", include(desk_router.urls)),
    path("incentives/", include(incentives_router.urls)),
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
    path("stats/", include("devzone.stats.urls")),
    path("projects/", include("devzone.projects.urls")),
    path("notice/", include("devzone.projects.public_urls")),
    path("approvals/", include("devzone.approvals.urls")),
    path("desk/", include("devzone.desk.urls")),
    path("service/", include("devzone.desk.public_urls")),
    path("incentives/", include("devzone.incentives.urls")),
    path("", include("devzone.core.urls")),
]
