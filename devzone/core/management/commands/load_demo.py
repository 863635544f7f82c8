from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from devzone.core.demo import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Load the demo data from the seed page (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # Each DevZone app may have a ``demo`` module with a ``load()``; core comes first.
        for config in apps.get_app_configs():
            if not config.name.startswith("devzone.") or find_spec(f"{config.name}.demo") is None:
                continue
            counts = import_module(f"{config.name}.demo").load()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{config.verbose_name}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
                )
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, *_rest in USERS:
            self.stdout.write(f"  {username:<11} {role.label}  ({full_name})")
