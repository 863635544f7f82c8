from django.urls import path

from devzone.core.resources import get_resource

from . import views
from .tables import (  # noqa: F401  (registers them)
    ApplicationResource,
    DisbursementResource,
    FinancingCaseResource,
    PolicyResource,
)

app_name = "incentives"

urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("policies/<int:pk>/eligible/", views.eligible, name="policy_eligible"),
    path(
        "policies/<int:pk>/eligible/<int:enterprise_pk>/apply/",
        views.offer,
        name="policy_offer",
    ),
    path("applications/<int:pk>/review/", views.review, name="application_review"),
]
for _name in ("policies", "applications", "disbursements", "financing"):
    urlpatterns += get_resource(_name).urls()
