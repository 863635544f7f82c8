from django.conf import settings
from django.http import HttpRequest

from .scoping import scope_of


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header: nothing loads from outside the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class ZoneRequest(HttpRequest):
    """A request's type once CurrentZoneMiddleware has seen it (for annotations)."""

    current_zone_id: int | None


class CurrentZoneMiddleware:
    """``request.current_zone_id``: the zone a user with several zones works in
    now (None means all of the user's zones)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_id = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            scope = scope_of(user)
            stored = request.session.get("current_zone_id")
            if stored is not None and (scope.is_platform_admin or stored in scope.zone_ids):
                zone_id = stored
        request.current_zone_id = zone_id
        return self.get_response(request)
