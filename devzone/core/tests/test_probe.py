"""The probe as a test (issue 12): on the demo, another zone's admin and an
enterprise user try every read and write of rows they may not see, through
every resource's pages (record, edit, history, delete or void), its export,
and every API endpoint that serves that model. Everything answers 404 and
nothing changes; an export carries no row beyond what the user may see.

Generated from the resource registry and the URLconf, so a resource or an
endpoint added later is probed too."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from devzone.core.models import User
from devzone.core.resources import _registry

pytestmark = pytest.mark.django_db

ATTACKERS = ("guangling", "shuntian")  # 广灵's zone admin; 舜天服饰 (an enterprise of 垣曲)


def _api_endpoints(patterns=None, prefix=""):
    """(route, model) of every API detail endpoint: a viewset routed with a pk."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found += _api_endpoints(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            cls = getattr(entry.callback, "cls", None)
            actions = getattr(entry.callback, "actions", None) or {}
            serializer = getattr(cls, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
            route = prefix + str(entry.pattern)
            if (
                model is not None
                and "retrieve" in actions.values()
                and "<pk>" in route
                and "format" not in route
            ):
                found.append((route, model, actions, cls))
    return found


def _api_url(route: str, pk: int) -> str:
    path = re.sub(r"\(\?P<pk>[^)]*\)", str(pk), route).replace("^", "").replace("$", "")
    path = path.replace("<int:pk>", str(pk)).replace("<pk>", str(pk))
    return "/" + path.lstrip("/")


def _hidden_row(model, user):
    return model.objects.exclude(pk__in=model.objects.visible_to(user).values("pk")).first()


def test_no_user_reaches_another_zones_or_companys_rows(demo_database, client):
    probed_pages = probed_api = 0
    for username in ATTACKERS:
        user = User.objects.get(username=username)
        pages = Client()
        pages.force_login(user)
        api = APIClient()
        api.force_authenticate(user)
        for key, resource in sorted(_registry.items()):
            model = resource.model
            if not hasattr(model.objects, "visible_to"):
                continue
            hidden = _hidden_row(model, user)
            # Exports carry no row beyond what the user may see.
            export = pages.get(reverse(resource.url_name("export")) + "?format=csv")
            if export.status_code == 200:
                rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
                assert len(rows) - 1 <= model.objects.visible_to(user).count(), (username, key)
            if hidden is None:
                continue
            before = model.objects.filter(pk=hidden.pk).values().first()
            for action in ("detail", "edit", "history", "delete", "void"):
                try:
                    url = reverse(resource.url_name(action), args=[hidden.pk])
                except NoReverseMatch:
                    continue
                assert pages.get(url).status_code == 404, (username, key, action)
                if action in ("edit", "delete", "void"):
                    answer = pages.post(url, {"version": before.get("version", 1), "reason": "x"})
                    assert answer.status_code == 404, (username, key, action, "POST")
                probed_pages += 1
            assert model.objects.filter(pk=hidden.pk).values().first() == before, (username, key)
        for route, model, actions, cls in _api_endpoints():
            if not hasattr(model.objects, "visible_to"):
                continue
            hidden = _hidden_row(model, user)
            if hidden is None:
                continue
            url = _api_url(route, hidden.pk)
            before = model.objects.filter(pk=hidden.pk).values().first()
            etag = {"HTTP_IF_MATCH": f'"{before.get("version", 1)}"'}
            got = api.get(url)
            assert got.status_code == 404 and got["Content-Type"].startswith("application/json"), (
                username,
                url,
            )
            if "partial_update" in actions.values() and "patch" in cls.http_method_names:
                assert api.patch(url, {}, format="json", **etag).status_code == 404, (username, url)
            if "destroy" in actions.values() and "delete" in cls.http_method_names:
                # A record never deleted refuses DELETE for everyone (405), saying nothing.
                expected = 405 if hasattr(model, "voided_at") else 404
                assert api.delete(url, **etag).status_code == expected, (username, url)
            assert model.objects.filter(pk=hidden.pk).values().first() == before, (username, url)
            probed_api += 1
    print(f"probed {probed_pages} page actions and {probed_api} API endpoints")
    assert probed_pages > 100 and probed_api > 20, (probed_pages, probed_api)
