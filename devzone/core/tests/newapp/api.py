from django.urls import path
from rest_framework.routers import DefaultRouter

from devzone.core.api import RegionViewSet

from . import views

router = DefaultRouter()
router.register("places", RegionViewSet, basename="newapp-place")

api_urlpatterns = [path("overview/", views.overview, name="newapp-overview")]
