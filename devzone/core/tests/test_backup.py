"""manage.py backup and restore: a round trip into an empty database gives back
every table's rows and every media file (issue 19, item 5). Runs on the
engine of the test run: SQLite (the online backup API) or PostgreSQL
(pg_dump / pg_restore)."""

import json
import sqlite3

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from devzone.core.models import BackgroundJob, Enterprise

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the test run's engine, and its rows by table."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def rows():
            conn = sqlite3.connect(path)
            try:
                return _rows(conn.cursor(), _sqlite_tables(conn.cursor()))
            finally:
                conn.close()

        yield f"sqlite:///{path}", rows
        return
    import psycopg

    config = connection.settings_dict
    name = f"{config['NAME']}_restore"
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    def rows():
        with psycopg.connect(dbname=name, **params) as conn, conn.cursor() as cursor:
            return _rows(cursor, _pg_tables(cursor))

    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    yield f"postgres://{auth}@{config['HOST']}:{config['PORT'] or 5432}/{name}", rows
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_tables(cursor):
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return sorted(name for (name,) in cursor.fetchall())


def _pg_tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(name for (name,) in cursor.fetchall())


def _rows(cursor, tables):
    result = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the schema)
        result[table] = sorted(cursor.fetchall(), key=repr)
    return result


def source_rows():
    if connection.vendor == "sqlite":
        # A plain connection (Django's converts types) to the same shared database.
        conn = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
        try:
            return _rows(conn.cursor(), _sqlite_tables(conn.cursor()))
        finally:
            conn.close()
    import psycopg

    # A plain connection too: Django's loads JSON and time zones its own way.
    config = connection.settings_dict
    with (
        psycopg.connect(
            dbname=config["NAME"],
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
        ) as conn,
        conn.cursor() as cursor,
    ):
        return _rows(cursor, _pg_tables(cursor))


def files_under(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_gives_back_every_row_and_file(world, settings, tmp_path, empty_target):
    url, restored_rows = empty_target
    job = BackgroundJob(user=world.users["zone_staff"], kind="export", resource="core.enterprise")
    job.file.save("企业-导出.csv", ContentFile("名称\n甲企业\n".encode()), save=False)
    job.filename = "企业-导出.csv"
    job.save()
    before_rows, before_files = source_rows(), files_under(settings.MEDIA_ROOT)
    assert before_rows["core_enterprise"] and len(before_files) == 1

    call_command("backup", str(tmp_path / "backup"))
    # What happens after the backup is not in it.
    Enterprise.objects.filter(pk=world.ent_b.pk).update(name="备份之后改的名")

    call_command(
        "restore",
        str(tmp_path / "backup"),
        database_url=url,
        media_root=str(tmp_path / "restored-media"),
    )
    after = restored_rows()
    assert set(after) == set(before_rows)
    for table, rows in before_rows.items():
        assert after[table] == rows, table
    assert files_under(tmp_path / "restored-media") == before_files

    # A second restore into the now full database is refused, not merged.
    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "restore", str(tmp_path / "backup"), database_url=url, media_root=str(tmp_path / "m2")
        )


def test_a_damaged_backup_is_refused(world, tmp_path, empty_target):
    url, _rows_of = empty_target
    call_command("backup", str(tmp_path / "backup"))
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["core_zone"][0] += 1
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="differ from the backup: core_zone"):
        call_command(
            "restore", str(tmp_path / "backup"), database_url=url, media_root=str(tmp_path / "m")
        )
    with pytest.raises(CommandError, match="not a DevZone backup"):
        call_command("restore", str(tmp_path), database_url=url, media_root=str(tmp_path / "m3"))
