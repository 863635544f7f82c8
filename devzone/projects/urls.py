from django.urls import path

from devzone.core.generic import resource_urls

from . import views

app_name = "projects"

urlpatterns = [
    path("wall-chart/", views.wall_chart, name="wall_chart"),
    path("projects/<int:pk>/baseline/", views.save_baseline, name="save_baseline"),
    path("leads/<int:pk>/convert/", views.convert_lead, name="convert_lead"),
    path("leads/funnel/", views.lead_funnel, name="lead_funnel"),
]
urlpatterns += resource_urls("projects")
