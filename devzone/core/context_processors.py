from django.utils.functional import SimpleLazyObject

from .navigation import menu_for
from .selectors import unread_notification_count, user_zones


def shell(request):
    """What the page frame needs: menu, unread count, the zone switcher."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_menu": SimpleLazyObject(lambda: menu_for(request)),
        "unread_count": SimpleLazyObject(lambda: unread_notification_count(user)),
        "switchable_zones": SimpleLazyObject(lambda: list(user_zones(user))),
        "current_zone_id": getattr(request, "current_zone_id", None),
    }
