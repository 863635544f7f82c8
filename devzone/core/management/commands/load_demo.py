from django.core.management.base import BaseCommand

from devzone.core.demo import DEMO_PASSWORD, USERS, load_core_demo


class Command(BaseCommand):
    help = "Load the demo data from the seed page (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        counts = load_core_demo()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, *_rest in USERS:
            self.stdout.write(f"  {username:<11} {role.label}  ({full_name})")
