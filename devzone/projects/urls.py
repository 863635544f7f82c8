from devzone.core.resources import get_resource

from .tables import (  # noqa: F401  (registers them)
    ProblemFollowUpResource,
    ProblemResource,
    ProjectInvestmentResource,
    ProjectResource,
)

app_name = "projects"

urlpatterns = []
for _name in ("projects", "investments", "problems", "follow-ups"):
    urlpatterns += get_resource(_name).urls()
