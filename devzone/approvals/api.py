"""The approvals app over REST, with the same scoping as the pages."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
