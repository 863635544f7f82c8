"""The root URLconf is built from the installed apps by convention: every URL
the hand-written URLconf had is still there, at the same path, by the same
name in the same namespace."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

SNAPSHOT = Path(__file__).with_name("url_snapshot.txt")


def url_table(patterns=None, prefix: str = "", namespace: str = "") -> list[str]:
    """Every URL pattern as ``route<TAB>namespace:name``, in resolution order."""
    rows = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            rows += url_table(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            rows.append(f"{route}\t{namespace}{entry.name or ''}")
    return rows


def test_every_url_keeps_its_path_name_and_namespace():
    # Taken from the hand-written URLconf before the apps' URLconfs were found
    # by convention. Sorted: the order within one app's API changed (its
    # extra endpoints now come before its router's), and no two of its routes
    # can match the same path, so the order never decides which view answers.
    before = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert sorted(url_table()) == sorted(before)
