from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from devzone.core.demo import DEMO_PASSWORD, USERS


def demo_modules() -> list:
    """Each installed DevZone app's ``demo`` module (with a ``load()``), in
    INSTALLED_APPS order, so core comes first, as (app config, module)."""
    return [
        (config, import_module(f"{config.name}.demo"))
        for config in apps.get_app_configs()
        if config.name.startswith("devzone.") and find_spec(f"{config.name}.demo") is not None
    ]


class Command(BaseCommand):
    help = "Load the demo data from the seed page (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # A module's ``finish()``, if it has one, runs after every load(), for
        # figures that depend on what later apps add (e.g. counts of enterprises).
        modules = demo_modules()
        steps = [(c, m.load) for c, m in modules] + [
            (c, m.finish) for c, m in modules if hasattr(m, "finish")
        ]
        for config, step in steps:
            counts = step()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{config.verbose_name}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
                )
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, *_rest in USERS:
            self.stdout.write(f"  {username:<11} {role.label}  ({full_name})")
