from devzone.core.resources import get_resource

from .tables import ProjectInvestmentResource, ProjectResource  # noqa: F401  (registers them)

app_name = "projects"

urlpatterns = []
for _name in ("projects", "investments"):
    urlpatterns += get_resource(_name).urls()
