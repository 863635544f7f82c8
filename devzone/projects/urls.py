from django.urls import path

from devzone.core.resources import get_resource

from . import views
from .tables import (  # noqa: F401  (registers them)
    LeadFollowUpResource,
    LeadResource,
    NoticeFeedbackResource,
    ProblemFollowUpResource,
    ProblemResource,
    ProjectInvestmentResource,
    ProjectResource,
    ScheduleTaskResource,
    TaskDependencyResource,
)

app_name = "projects"

urlpatterns = [
    path("wall-chart/", views.wall_chart, name="wall_chart"),
    path("projects/<int:pk>/baseline/", views.save_baseline, name="save_baseline"),
    path("leads/<int:pk>/convert/", views.convert_lead, name="convert_lead"),
    path("leads/funnel/", views.lead_funnel, name="lead_funnel"),
]
for _name in (
    "projects",
    "investments",
    "problems",
    "follow-ups",
    "tasks",
    "dependencies",
    "feedback",
    "leads",
    "lead-follow-ups",
):
    urlpatterns += get_resource(_name).urls()
