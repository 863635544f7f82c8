from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("regions", api.RegionViewSet, basename="region")
router.register("zones", api.ZoneViewSet, basename="zone")
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")
router.register("chains", api.IndustryChainViewSet, basename="chain")
router.register("chain-members", api.ChainMemberViewSet, basename="chainmember")
router.register("notifications", api.NotificationViewSet, basename="notification")
