"""The menu, by module. Each app registers its group in ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from .scoping import scope_of


@dataclass
class MenuItem:
    label: str
    url_name: str
    allowed: Callable = lambda scope: scope.authenticated


@dataclass
class MenuGroup:
    key: str
    label: str
    items: list[MenuItem] = field(default_factory=list)
    order: int = 100


_groups: dict[str, MenuGroup] = {}


def register(group: MenuGroup) -> None:
    _groups[group.key] = group


def menu_for(request) -> list[dict]:
    scope = scope_of(request.user)
    path = request.path
    menu = []
    for group in sorted(_groups.values(), key=lambda g: g.order):
        items = []
        for item in group.items:
            if item.allowed(scope):
                url = reverse(item.url_name)
                items.append({"label": item.label, "url": url, "active": path.startswith(url)})
        if items:
            menu.append(
                {"label": group.label, "items": items, "active": any(i["active"] for i in items)}
            )
    return menu
