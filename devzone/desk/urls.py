from django.urls import path

from devzone.core.resources import get_resource

from . import views
from .tables import (  # noqa: F401  (registers them)
    CategoryResource,
    DepartmentResource,
    EscalationResource,
    FollowUpResource,
    ServiceRequestResource,
)

app_name = "desk"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "requests/<int:pk>/do/<slug:action>/",
        views.request_action,
        name="request_action",
    ),
]
for _name in ("requests", "follow-ups", "categories", "departments", "escalations"):
    urlpatterns += get_resource(_name).urls()
