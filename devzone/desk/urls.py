from django.urls import path

from devzone.core.generic import resource_urls

from . import views

app_name = "desk"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "requests/<int:pk>/do/<slug:action>/",
        views.request_action,
        name="request_action",
    ),
]
urlpatterns += resource_urls("desk")
