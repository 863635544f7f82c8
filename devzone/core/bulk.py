"""Fast bulk writes that keep the history: used where thousands of records
arrive at once (national statistics imports, generated benchmark data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone


def complete_columns(model, columns: Sequence[str]) -> tuple[list[str], list]:
    """The columns a raw insert must add to ``columns`` and the value each
    takes, derived from the model, so that a field added later cannot break a
    bulk writer silently: a field with a default (or an empty string, or
    ``auto_now``) takes it; a nullable one is left to NULL; a required one
    with no default raises, naming it. A column the model lacks raises too."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
    now = timezone.now()
    added: list[str] = []
    values: list = []
    missing: list[str] = []
    for column, field in fields.items():
        if column in columns or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default() or (field.empty_strings_allowed and not field.null):
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            continue
        else:
            missing.append(column)
            continue
        added.append(column)
        values.append(value)
    if missing:
        raise ValueError(
            f"{model.__name__}: the rows leave out required column(s) {', '.join(missing)}, "
            "which have no default"
        )
    return added, values


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert rows: COPY on PostgreSQL, batched executemany elsewhere. Table and
    column names come from the model, never from input. Columns the rows leave
    out take their model defaults (``complete_columns``)."""
    table = model._meta.db_table
    added, defaults = complete_columns(model, columns)
    if added:
        tail = tuple(defaults)
        rows = (tuple(row) + tail for row in rows)
    column_list = ", ".join([*columns, *added])
    count = len(columns) + len(added)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * count)
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


def _default(field):
    """A field's default as a raw insert takes it: a JSON one (a list) as the
    database's JSON value, others as they are."""
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return field.get_db_prep_save(value, connection)
    return value


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
        f.attname: (now if f.attname in ("created_at", "updated_at") else _default(f))
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
