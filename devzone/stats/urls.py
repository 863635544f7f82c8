from django.urls import path

from devzone.core.generic import resource_urls

from . import entry_views, views, views_audit

app_name = "stats"

urlpatterns = [
    path("entry/", entry_views.entry_index, name="entry_index"),
    path("entry/<int:zone_id>/<str:period>/", entry_views.entry, name="entry"),
    path(
        "entry/<int:zone_id>/<str:period>/<str:action>/",
        entry_views.entry_action,
        name="entry_action",
    ),
    path("ranking/", views.ranking, name="ranking"),
    path("dashboards/", views.dashboard_index, name="dashboard_index"),
    path("dashboards/<int:zone_id>/", views.dashboard, name="dashboard"),
    path("compare/", views.compare, name="compare"),
    path("reports/<int:pk>/workflow/<str:action>/", views.report_action, name="report_action"),
    path("province-template/", views.exchange_page, name="exchange"),
    path("province-template/download/", views.exchange_download, name="exchange_download"),
    path("audit/", views_audit.audit_breaks, name="audit_breaks"),
]
urlpatterns += resource_urls("stats")
