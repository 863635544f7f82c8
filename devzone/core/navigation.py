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


# --- To-do counts on the home page -------------------------------------------------------


@dataclass
class Todo:
    """A count on the home page of what needs doing, linking to the list that
    shows those rows."""

    label: str
    count: int
    url: str
    urgent: bool = False


_todo_sources: dict[str, tuple[int, Callable]] = {}


def register_todos(key: str, source: Callable, *, order: int = 100) -> None:
    """``source(request) -> list[Todo]``: an app's counts, each in few queries."""
    _todo_sources[key] = (order, source)


def todos_for(request) -> list[Todo]:
    """What needs doing in the zones the user works in (the zone switcher
    narrows it), only the counts above zero. Viewers and the platform admin,
    whose reach is national, act through the lists instead."""
    if not scope_of(request.user).is_zone_member:
        return []
    todos = []
    for _order, source in sorted(_todo_sources.values(), key=lambda s: s[0]):
        todos += [todo for todo in source(request) if todo.count]
    return todos
