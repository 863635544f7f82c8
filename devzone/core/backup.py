"""Backup and restore: the database with its engine's own tools, and the
media files (uploaded imports, finished exports).

A backup is a directory:

- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3``
  (SQLite's online backup API: a consistent copy while DevZone runs);
- ``media.tar``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: the engine, each table's row count and digest and each
  file's SHA-256, taken from the same snapshot as the dump, so that a restore
  checks what it wrote against what was saved.

A restore goes into an empty database and an empty media directory unless
told to replace them, and fails (leaving the PostgreSQL database as it was:
one transaction) if anything differs from the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import environ
from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar"


class BackupError(Exception):
    pass


# --- Digests: what a restore must give back ------------------------------------------------


def _sqlite_digests(conn: sqlite3.Connection) -> dict[str, list]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    digests = {}
    for table in tables:
        count, total = 0, 0
        for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 (names from the schema)
            # Order does not matter: the sum of each row's hash.
            total += int.from_bytes(hashlib.sha256(repr(row).encode()).digest()[:8], "big")
            count += 1
        digests[table] = [count, str(total)]
    return digests


def _pg_digests(cursor) -> dict[str, list]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    digests = {}
    for (table,) in cursor.fetchall():
        # Each row's text hashed in the server and summed: no order, no
        # table-sized string, the same on the restored copy.
        cursor.execute(
            f'SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text FROM "{table}" t'  # noqa: S608, E501 (names from the schema)
        )
        count, total = cursor.fetchone()
        digests[table] = [count, total]
    return digests


def _pg_connect(config: dict, **kwargs):
    import psycopg

    return psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname=config["NAME"],
        **kwargs,
    )


def _pg_environment(config: dict) -> dict:
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if config.get(key):
            environment[variable] = str(config[key])
    return environment


def media_digests(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.is_dir():
        return {}
    digests = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sha = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(partial(fh.read, 1 << 20), b""):
                sha.update(chunk)
        digests[path.relative_to(root).as_posix()] = sha.hexdigest()
    return digests


def database_digests(config: dict) -> dict[str, list]:
    """Each table's row count and digest, for the database a settings dict names."""
    if config["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(config["NAME"])
        try:
            return _sqlite_digests(conn)
        finally:
            conn.close()
    with _pg_connect(config) as conn, conn.cursor() as cursor:
        return _pg_digests(cursor)


# --- Backup --------------------------------------------------------------------------------


def backup(directory: Path, *, alias: str = "default", media_root: Path | None = None) -> dict:
    directory = Path(directory)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory.mkdir(parents=True, exist_ok=False)
    connection = connections[alias]
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        engine = "sqlite"
        connection.ensure_connection()
        copy = sqlite3.connect(directory / SQLITE_COPY)
        try:
            # The online backup API: a consistent copy while others write.
            connection.connection.backup(copy)
            tables = _sqlite_digests(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        engine = "postgresql"
        with _pg_connect(config, autocommit=True) as conn, conn.cursor() as cursor:
            # One snapshot for the dump and the digests: what is saved is what
            # the manifest describes, however busy the database is.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            tables = _pg_digests(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={directory / PG_DUMP}",
                    config["NAME"],
                ],
                _pg_environment(config),
            )
            cursor.execute("ROLLBACK")
    else:
        raise BackupError(f"no backup for the {connection.vendor} engine")
    files = media_digests(media_root)
    with tarfile.open(directory / MEDIA_TAR, "w") as tar:
        for name in files:
            tar.add(media_root / name, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": str(config["NAME"]),
        "tables": tables,
        "media": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603 (our own arguments)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- Restore -------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} holds no {MANIFEST}: not a DevZone backup")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def restore(
    directory: Path,
    *,
    database_url: str | None = None,
    media_root: Path | None = None,
    replace: bool = False,
) -> dict:
    """Restore a backup into the database ``database_url`` names (default:
    this installation's) and ``media_root``; then check both against the
    manifest. Returns the manifest."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    config = (
        environ.Env.db_url_config(database_url)
        if database_url
        else connections["default"].settings_dict
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"
    if engine != manifest["engine"]:
        raise BackupError(f"the backup is of {manifest['engine']}, the target is {engine}")
    if not replace and any(media_root.glob("*")):
        raise BackupError(f"{media_root} is not empty (--replace to overwrite)")
    if not database_url:
        # This installation's own database is replaced under its connections.
        connections.close_all()
    if engine == "sqlite":
        _restore_sqlite(directory / SQLITE_COPY, Path(config["NAME"]), replace)
    else:
        _restore_postgresql(directory / PG_DUMP, config, replace)
    _restore_media(directory / MEDIA_TAR, media_root, replace)

    restored_tables = database_digests(config)
    if restored_tables != manifest["tables"]:
        differing = sorted(
            t
            for t in set(restored_tables) | set(manifest["tables"])
            if restored_tables.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"restored tables differ from the backup: {', '.join(differing)}")
    restored_files = media_digests(media_root)
    missing = {k: v for k, v in manifest["media"].items() if restored_files.get(k) != v}
    if missing:
        raise BackupError(f"restored files differ from the backup: {', '.join(sorted(missing))}")
    return manifest


def _restore_sqlite(source: Path, target: Path, replace: bool) -> None:
    if target.exists() and target.stat().st_size:
        conn = sqlite3.connect(target)
        try:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
        if has_tables and not replace:
            raise BackupError(f"{target} is not empty (--replace to overwrite)")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_postgresql(dump: Path, config: dict, replace: bool) -> None:
    with _pg_connect(config) as conn:
        (tables,) = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
    if tables and not replace:
        raise BackupError(f"database {config['NAME']} is not empty (--replace to overwrite)")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if replace:
        command += ["--clean", "--if-exists"]
    # One transaction: a restore that fails half-way leaves nothing behind.
    command += ["--single-transaction", f"--dbname={config['NAME']}", str(dump)]
    _run(command, _pg_environment(config))


def _restore_media(archive: Path, media_root: Path, replace: bool) -> None:
    if replace and media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, links out of the tree and
        # device files: an archive cannot write outside MEDIA_ROOT.
        tar.extractall(media_root, filter="data")
