"""The menu, by module. Each app registers its group in ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from .access import link
from .scoping import scope_of


@dataclass
class MenuItem:
    """A link shown to whoever may open its page: the rule its view declares
    (``core.access``), so the menu never leads to a refusal. ``show`` narrows
    it further to the roles the item is useful to (the agents' worklist)."""

    label: str | Promise
    url_name: str
    show: Callable | None = None


@dataclass
class MenuGroup:
    key: str
    label: str | Promise
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
            if item.show is not None and not item.show(scope):
                continue
            found = link(item.url_name)
            if found is not None and found[1](scope):
                url = found[0]
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

    label: str | Promise
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


# --- The public home page ----------------------------------------------------------------


@dataclass
class PublicLink:
    label: str | Promise
    url: str
    note: str = ""


_public_sources: dict[str, tuple[int, str | Promise, Callable]] = {}


def register_public(key: str, title: str | Promise, source: Callable, *, order: int = 100) -> None:
    """A section of the home page the public (not logged in) sees: ``source(request)
    -> list[PublicLink]``, pages open without login. Sections without links are left out."""
    _public_sources[key] = (order, title, source)


def public_sections(request) -> list[dict]:
    sections = []
    for _order, title, source in sorted(_public_sources.values(), key=lambda s: s[0]):
        links = source(request)
        if links:
            sections.append({"title": title, "links": links})
    return sections


# --- Home-page panels ------------------------------------------------------------------------


@dataclass
class Panel:
    """A part of a signed-in user's home page an app fills: a template and
    what it needs (headline figures, a region's summary, a company's own
    applications)."""

    template: str
    context: dict


_panel_sources: dict[str, tuple[int, Callable]] = {}


def register_panel(key: str, source: Callable, *, order: int = 100) -> None:
    """``source(request) -> Panel | None``: None where the panel has nothing
    for this user (each source decides by the user's role and reach)."""
    _panel_sources[key] = (order, source)


def panels_for(request) -> list[Panel]:
    panels = []
    for _order, source in sorted(_panel_sources.values(), key=lambda s: s[0]):
        panel = source(request)
        if panel is not None:
            panels.append(panel)
    return panels
