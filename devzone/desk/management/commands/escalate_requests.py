from datetime import date

from django.core.management.base import BaseCommand, CommandError

from devzone.desk.services import escalate_overdue


class Command(BaseCommand):
    help = (
        "Scan every open service request: warn of deadlines within one working day, and "
        "escalate missed ones to the department head, then to the zone admins. Running it "
        "again escalates nothing new. Celery beat runs it every 15 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Scan as of this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        counts = escalate_overdue(today=day)
        self.stdout.write(
            f"{counts['warned']} deadline(s) near, {counts['department']} escalated to a "
            f"department head, {counts['zone_admin']} to the zone admins."
        )
