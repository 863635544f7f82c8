"""Unique resource names (issue 10, item 7's guard): the registry, its URL
names and its URL paths never hold two resources under one name, since the
second would silently replace or shadow the first."""

from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from devzone.core.resources import Resource, _registry, register


def test_keys_url_prefixes_and_paths_are_unique():
    resources = list(_registry.values())
    assert len({r.key for r in resources}) == len(resources)
    prefixes = Counter((r.namespace, r.url_prefix) for r in resources)
    assert [p for p, n in prefixes.items() if n > 1] == []
    names = Counter(f"{r.namespace}:{p.name}" for r in resources for p in r.urls())
    assert [n for n, count in names.items() if count > 1] == []
    lists = Counter(reverse(r.url_name("list")) for r in resources)
    assert [u for u, n in lists.items() if n > 1] == []


def test_a_second_resource_under_the_same_key_stops_start_up():
    existing = _registry["core:enterprises"]

    class Impostor(Resource):
        # No ``name`` in the class body: not registered on declaration.
        model = existing.model
        url_prefix = "impostor"
        columns = []

    impostor = Impostor()
    impostor.name = existing.name
    with pytest.raises(ImproperlyConfigured, match="Two resources are named 'core:enterprises'"):
        register(impostor)
    assert _registry["core:enterprises"] is existing
