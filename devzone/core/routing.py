"""The root URLconf's parts, found by convention in every installed DevZone app,
so that adding an app never means editing devzone/urls.py:

- ``urls.py``: the app's pages, mounted at its ``url_prefix`` (default
  ``"<app label>/"``; core's is ``""``);
- ``public_urls.py``: pages for the public, mounted at its ``url_prefix``
  (required: a public address is chosen, not derived);
- ``api.py``: ``router`` and optional ``api_urlpatterns`` (endpoints beside
  the viewsets), mounted under ``api/v1/`` at its ``api_prefix`` (default
  ``"<app label>/"``; core's is ``""``).

Two URLconfs claiming one prefix stop start-up, naming both.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import include, path
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Mount:
    prefix: str
    urls: Any  # a URLconf module or a list of patterns, as include() takes
    origin: str


def devzone_apps() -> list[AppConfig]:
    """The project's own apps, in INSTALLED_APPS order (as load_demo and
    run_benchmarks take them)."""
    return [c for c in apps.get_app_configs() if c.name.startswith("devzone.")]


def _submodule(config: AppConfig, name: str) -> ModuleType | None:
    if not module_has_submodule(config.module, name):
        return None
    return import_module(f"{config.name}.{name}")


def _unique(mounts: list[Mount], kind: str) -> list[Mount]:
    seen: dict[str, Mount] = {}
    for mount in mounts:
        if mount.prefix in seen:
            raise ImproperlyConfigured(
                f"{kind} prefix {mount.prefix!r} is claimed by both "
                f"{seen[mount.prefix].origin} and {mount.origin}"
            )
        seen[mount.prefix] = mount
    return mounts


def page_mounts(configs: list[AppConfig] | None = None) -> list[Mount]:
    """Each app's page URLconf, then its public one, in INSTALLED_APPS order;
    URLconfs mounted at the root come last, so their patterns never shadow
    another app's prefix."""
    mounts = []
    for config in devzone_apps() if configs is None else configs:
        for name, default in (("urls", f"{config.label}/"), ("public_urls", None)):
            module = _submodule(config, name)
            if module is None:
                continue
            prefix = getattr(module, "url_prefix", default)
            if prefix is None:
                raise ImproperlyConfigured(f"{module.__name__} declares no url_prefix")
            mounts.append(Mount(prefix, module, module.__name__))
    mounts.sort(key=lambda m: m.prefix == "")
    return _unique(mounts, "URL")


def api_mounts(configs: list[AppConfig] | None = None) -> list[Mount]:
    """Each app's API in INSTALLED_APPS order: its extra endpoints, then its
    router's."""
    mounts = []
    for config in devzone_apps() if configs is None else configs:
        module = _submodule(config, "api")
        if module is None:
            continue
        patterns = list(getattr(module, "api_urlpatterns", []))
        if hasattr(module, "router"):
            patterns.append(path("", include(module.router.urls)))
        if patterns:
            prefix = getattr(module, "api_prefix", f"{config.label}/")
            mounts.append(Mount(prefix, patterns, module.__name__))
    return _unique(mounts, "API")


def included(mounts: list[Mount]) -> list:
    return [path(m.prefix, include(m.urls)) for m in mounts]
