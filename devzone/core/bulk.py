"""Fast bulk writes that keep the history: used where thousands of records
arrive at once (national statistics imports, generated benchmark data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert rows: COPY on PostgreSQL, batched executemany elsewhere. Table and
    column names come from the model, never from input."""
    table = model._meta.db_table
    column_list = ", ".join(columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608
    batch: list[Sequence] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for ``count`` new rows, taken before inserting them.
    Call inside the transaction that inserts them."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the IMMEDIATE transaction holds the write lock, so MAX(id) is stable.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def insert_with_history(model, records: list[dict], *, user, reason: str) -> list[int]:
    """Insert new records given as {attname: value} and a "created" history row
    for each, credited to ``user`` with ``reason``. Returns the new ids.

    Fields the records leave out take their defaults; ``created_at``,
    ``updated_at`` and ``version`` are set here."""
    if not records:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    defaults = {
        f.attname: (now if f.attname in ("created_at", "updated_at") else f.get_default())
        for f in fields
    }
    defaults["version"] = 1
    ids = reserve_ids(model, len(records))
    rows = [
        [pk, *[record.get(a, defaults[a]) for a in attnames]]
        for pk, record in zip(ids, records, strict=True)
    ]
    copy_rows(model, ["id", *attnames], rows)
    history = model.history.model
    user_id = getattr(user, "pk", None)
    copy_rows(
        history,
        [
            "id",
            *attnames,
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        ],
        ([*row, now, reason[:100], "+", user_id] for row in rows),
    )
    return ids
