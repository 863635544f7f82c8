"""``manage.py backup [DIRECTORY]``: the database and the media files, with a
manifest to check a restore against (devzone.core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from devzone.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's online backup) and the media files."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="a new directory for the backup (default: BACKUP_ROOT/<date-time>)",
        )

    def handle(self, *args, directory=None, **options):
        target = Path(directory or settings.BACKUP_ROOT / timezone.now().strftime("%Y%m%d-%H%M%S"))
        try:
            manifest = backup(target)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(count for count, _digest in manifest["tables"].values())
        self.stdout.write(
            f"{target}: {manifest['engine']} database {manifest['database']}, "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} files"
        )
