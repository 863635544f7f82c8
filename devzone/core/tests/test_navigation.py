"""No dead ends: every link a role is shown in the menu, on the home page and
among a menu page's buttons opens for that role; a page's refusal and its
menu item come from the same rule (``core.access``)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.core import access, navigation
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db

_LINK = re.compile(r'href="(/[^"#]*)"')
_MENU = re.compile(r'<div class="dropdown-menu">(.*?)</div>', re.S)
_BUTTONS = re.compile(r'<div class="btn-list">(.*?)</div>', re.S)
_SKIP = ("/static/", "/logout/", "/i18n/", "/media/")


def _links(html: str, pattern=None) -> set[str]:
    parts = pattern.findall(html) if pattern else [html]
    return {
        link.replace("&amp;", "&")
        for part in parts
        for link in _LINK.findall(part)
        if not link.startswith(_SKIP) and "/export/" not in link
    }


def _status(client, url: str) -> int:
    return client.get(url, follow=True).status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_link_in_the_menu_on_home_and_among_buttons_opens(world, role):
    client = world.client(role)
    home = client.get(reverse("home")).content.decode()
    menu = _links(home, _MENU)
    assert bool(menu) == (role != "anonymous")
    dead = {url: s for url in sorted(_links(home)) if (s := _status(client, url)) != 200}
    # The buttons at the top of each page of the menu (a list's dashboard, …).
    for page in sorted(menu):
        html = client.get(page, follow=True).content.decode()
        for url in sorted(_links(html, _BUTTONS)):
            if (status := _status(client, url)) != 200:
                dead[f"{page} → {url}"] = status
    assert dead == {}


def test_the_enterprise_sees_none_of_the_committees_tools(world):
    client = world.client("enterprise")
    home = client.get(reverse("home")).content.decode()
    menu = _links(home, _MENU)
    for name in (
        "projects:wall_chart",
        "projects:lead_list",
        "projects:lead_funnel",
        "projects:feedback_list",
        "desk:dashboard",
        "desk:escalation_list",
        "desk:department_list",
    ):
        assert reverse(name) not in menu, name
        assert client.get(reverse(name)).status_code == 403, name
    assert reverse("desk:request_list") in menu
    page = client.get(reverse("desk:request_list")).content.decode()
    assert reverse("desk:dashboard") not in page
    # Zone staff keep them all.
    staff_menu = _links(world.client("zone_staff").get(reverse("home")).content.decode(), _MENU)
    assert {reverse("projects:wall_chart"), reverse("desk:dashboard")} <= staff_menu


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_a_menu_item_is_hidden_only_when_its_view_refuses_the_role(world, role):
    """Shown items open (the test above); an item its view refuses is hidden,
    and the view answers 403: both read the one rule the view declares."""
    user = world.users[role]
    client = world.client(role)
    for group in navigation._groups.values():
        for item in group.items:
            if access.may_open(user, item.url_name):
                continue
            assert client.get(reverse(item.url_name)).status_code == 403, item.url_name


def test_the_public_home_leads_to_the_form_tracking_hotlines_and_boards(world):
    from devzone.projects.models import Project

    world.zone_a.hotline = "0352-12345"
    world.zone_a.save()
    board = Project.objects.create(zone=world.zone_a, name="公示项目", planned_investment=0)
    Project.objects.create(
        zone=world.zone_a, name="未公示项目", planned_investment=0, notice_board=False
    )
    html = world.client("anonymous").get(reverse("home")).content.decode()
    for url in (
        reverse("service:form"),
        reverse("service:track"),
        reverse("notice:board", args=[board.notice_code]),
        "tel:0352-12345",
        reverse("login"),
    ):
        assert f'href="{url}"' in html, url
    assert "未公示项目" not in html
