from django.urls import path

from devzone.core.generic import resource_urls

from . import views

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
urlpatterns += resource_urls("incentives")
