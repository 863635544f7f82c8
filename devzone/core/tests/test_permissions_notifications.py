"""Exact statuses per role of marking notifications read (the page's
``core:notifications_read`` and the API's ``notification-mark-read``) and of
the page after a password change (``core:password_change_done``): every
signed-in user marks their own notifications only, never another's; the
public is sent to the login page (401 from the API) and changes nothing."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.core.models import Notification
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def _notes(world):
    """One unread notification for every user."""
    return {
        role: Notification.objects.create(user=user, title=f"给{role}的通知")
        for role, user in world.users.items()
    }


def _unread(notes) -> set[str]:
    return {
        role
        for role, note in notes.items()
        if Notification.objects.filter(pk=note.pk, read_at__isnull=True).exists()
    }


@pytest.mark.parametrize("role", ROLES)
def test_notifications_read_page(world, role):
    notes = _notes(world)
    client = world.client(role)
    url = reverse("core:notifications_read")
    # Another user's notification named by id stays unread.
    other = notes["platform_admin" if role != "platform_admin" else "zone_staff"]
    response = client.post(url, {"id": [other.pk]})
    assert response.status_code == 302
    if role == "anonymous":
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
        assert _unread(notes) == set(notes)
        return
    assert response.url == reverse("core:notifications")
    assert _unread(notes) == set(notes)
    assert client.get(url).status_code == 405  # a POST only
    assert client.post(url).status_code == 302
    assert _unread(notes) == set(notes) - {role}


@pytest.mark.parametrize("role", ROLES)
def test_api_mark_read(world, role):
    notes = _notes(world)
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    response = client.post("/api/v1/notifications/mark_read/")
    if role == "anonymous":
        assert response.status_code == 401
        assert _unread(notes) == set(notes)
        return
    assert (response.status_code, response.json()) == (200, {"marked": 1})
    assert _unread(notes) == set(notes) - {role}


@pytest.mark.parametrize("role", ROLES)
def test_password_change_done(world, role):
    response = world.client(role).get(reverse("core:password_change_done"))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(
            resolve_url(settings.LOGIN_URL) + "?next="
        )
    else:
        assert response.status_code == 200
