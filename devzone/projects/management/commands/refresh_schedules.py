from datetime import date

from django.core.management.base import BaseCommand, CommandError

from devzone.projects.services import refresh_all_statuses


class Command(BaseCommand):
    help = (
        "Recompute every unfinished schedule task's status (on track, at risk, late) "
        "and notify leaders and agents of changes. Celery beat runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Evaluate as of this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        changed = refresh_all_statuses(today=day)
        self.stdout.write(f"{changed} task(s) changed status.")
