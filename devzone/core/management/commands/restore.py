"""``manage.py restore DIRECTORY``: a backup into an empty database and media
directory, checked against its manifest (devzone.core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from devzone.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, then check every table and file."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--database-url",
            help="restore into this database (default: DATABASE_URL); it must be empty",
        )
        parser.add_argument("--media-root", help="restore the files here (default: MEDIA_ROOT)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop what the database and the media directory hold first",
        )

    def handle(self, *args, directory, database_url=None, media_root=None, replace=False, **kw):
        try:
            manifest = restore(
                directory, database_url=database_url, media_root=media_root, replace=replace
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(count for count, _digest in manifest["tables"].values())
        self.stdout.write(
            f"restored {directory} ({manifest['created']}): {len(manifest['tables'])} tables, "
            f"{rows} rows and {len(manifest['media'])} files, each as backed up"
        )
