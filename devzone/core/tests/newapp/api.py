from django.urls import path
from rest_framework.routers import DefaultRouter

from devzone.core.api import RegionViewSet

from . import views

# The schema's name of a choice set of the app (found by convention).
ENUM_NAME_OVERRIDES = {"NewappPlaceLevelEnum": "devzone.core.models.Region.Level"}

router = DefaultRouter()
router.register("places", RegionViewSet, basename="newapp-place")

api_urlpatterns = [path("overview/", views.overview, name="newapp-overview")]
