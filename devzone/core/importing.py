"""Imports of .xlsx (python-calamine) and CSV into any resource that declares
an ``ImportSpec``: a template with Chinese headers, validation of every row by
the resource's own form, a report by row and column, a preview, and an
all-or-nothing write."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from .exporting import FORMATS, csv_restore, sample_headers, write_csv, write_xlsx
from .models import BackgroundJob
from .responses import file_response
from .services import EditConflict, after_writes_deferred, record_save
from .spreadsheets import ImportFileError, check_xlsx, read_xlsx
from .tasks import background, enqueue

PREVIEW_ROWS = 50
MAX_ERRORS_KEPT = 500


@dataclass
class ImportColumn:
    field: str  # the form field the column fills
    header: str  # the template's Chinese header
    required: bool = False
    aliases: tuple[str, ...] = ()  # other accepted headers (English…)
    # Turns the cell text into the form value (e.g. a zone's name into its id).
    # Receives (text, lookup tables built once per import).
    resolve: Callable[[str, dict], str | None] | None = None
    # As ``resolve``, for a value that depends on the row's earlier columns
    # (e.g. a task named within its project): receives (text, lookups, row so far).
    resolve_in_row: Callable[[str, dict, dict], str | None] | None = None
    example: str = ""
    help: str | Promise = ""


@dataclass
class ImportSpec:
    columns: list[ImportColumn]
    key: str | tuple[str, ...]  # natural key: a row whose key exists updates that record
    # Builds lookup tables once per import (e.g. zone names → ids), for ``resolve``.
    lookups: Callable[[object], dict] = field(default=lambda user: {})

    def key_fields(self) -> tuple[str, ...]:
        return (self.key,) if isinstance(self.key, str) else tuple(self.key)

    def header_map(self) -> dict[str, ImportColumn]:
        result = {}
        for col in self.columns:
            for name in (col.header, col.field, *col.aliases):
                result[_norm(name)] = col
        return result


def _norm(header: str) -> str:
    return str(header).strip().replace("*", "").replace("（", "(").replace("）", ")").lower()


# --- Reading files -----------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def check_upload(name: str, content: bytes) -> str:
    """Refuse files too large, empty, or of the wrong type; return the suffix."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {
                "size": round(len(content) / 1048576, 1),
                "limit": settings.IMPORT_MAX_BYTES // 1048576,
            }
        )
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx" and not content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This file is not an .xlsx spreadsheet."))
    if suffix == ".csv" and b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is not a CSV text file."))
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError(_("Upload an .xlsx or .csv file."))
    if suffix == ".xlsx":
        # Before the reader allocates anything: its sizes and sheet extents.
        check_xlsx(content)
    return suffix


def read_table(name: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as text) of the first sheet of an .xlsx or a CSV file."""
    suffix = check_upload(name, content)
    if suffix == ".xlsx":
        ((_name, table),) = read_xlsx(content, first_only=True)
        table = [[_text(v) for v in row] for row in table]
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        # An export's neutralised formulas (a leading quote) come back as written.
        table = [[csv_restore(c.strip()) for c in row] for row in csv.reader(io.StringIO(text))]
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise ImportFileError(_("The file is empty."))
    headers, rows = table[0], table[1:]
    if not rows:
        raise ImportFileError(_("The file has headers but no rows."))
    return headers, rows


def _key_text(value) -> str:
    """A key part as text that compares equal however it was typed ("09" = "9")."""
    text = str(value).strip()
    return str(int(text)) if text.isdigit() else text


# --- Validation ---------------------------------------------------------------------------


def _choice_maps(form_class) -> dict[str, dict[str, str]]:
    """For each choice field: every accepted spelling (code, Chinese, English) → code."""
    maps: dict[str, dict[str, str]] = {}
    for lang in ("zh-hans", "en"):
        with override(lang):
            for name, f in form_class.base_fields.items():
                choices = getattr(f, "choices", None)
                # Related records resolve through the spec's lookups instead.
                if choices is None or isinstance(f, forms.ModelChoiceField):
                    continue
                try:
                    flat = list(choices)
                except TypeError:
                    continue
                m = maps.setdefault(name, {})
                for value, label in flat:
                    if value in ("", None):
                        continue
                    label = str(label)
                    m[str(value).lower()] = str(value)
                    m[label.lower()] = str(value)
                    # "Industrial (工业类)" is also accepted as "工业类" or "Industrial".
                    if "(" in label and label.endswith(")"):
                        head, _sep, inner = label[:-1].partition("(")
                        m[head.strip().lower()] = str(value)
                        m[inner.strip().lower()] = str(value)
    return maps


def _choice_labels(form_class) -> dict[str, list[str]]:
    """Each choice field's labels in the user's language, for error messages."""
    labels = {}
    for name, f in form_class.base_fields.items():
        if isinstance(f, forms.ModelChoiceField) or getattr(f, "choices", None) is None:
            continue
        try:
            labels[name] = [str(label) for value, label in f.choices if value not in ("", None)]
        except (TypeError, ValueError):
            continue
    return labels


@dataclass
class RowResult:
    number: int
    action: str  # "new" | "update" | "error" (the row has errors: neither)
    values: list[str]
    form: object = None


_YES_NO = {
    **dict.fromkeys(("是", "yes", "y", "true", "1", "on"), True),
    **dict.fromkeys(("否", "no", "n", "false", "0", "off"), False),
}


def validate_rows(resource, user, headers, rows, on_progress=None):
    """Validate every row; return (row results, errors). Errors name the row and column."""
    spec: ImportSpec = resource.import_spec
    header_map = spec.header_map()
    errors: list[dict] = []
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        col = header_map.get(_norm(header))
        if col is not None and col.field not in positions:
            positions[col.field] = index
        elif (
            header.strip() and col is None and header.strip() not in sample_headers(resource.model)
        ):
            errors.append(
                {"row": 1, "column": header, "message": _("Unknown column; it is ignored.")}
            )
    missing = [c.header for c in spec.columns if c.required and c.field not in positions]
    if missing:
        errors.append(
            {
                "row": 1,
                "column": "、".join(missing),
                "message": _("Required column missing: %(cols)s.") % {"cols": "、".join(missing)},
            }
        )
        return [], errors
    lookups = spec.lookups(user)
    choice_maps = _choice_maps(resource.form_class)
    choice_labels = _choice_labels(resource.form_class)
    booleans = {
        name
        for name, f in resource.form_class.base_fields.items()
        if isinstance(f, forms.BooleanField)
    }
    model = resource.model
    keys = spec.key_fields()
    attnames = [model._meta.get_field(k).attname for k in keys]
    key_header = "、".join(c.header for c in spec.columns if c.field in keys)
    # First pass: each row's values, resolved (names to ids, labels to codes).
    parsed: list[tuple[dict, list[dict]]] = []
    for i, row in enumerate(rows):
        number = i + 2  # spreadsheet row: headers are row 1
        data: dict[str, object] = {}
        row_errors: list[dict] = []
        for col in spec.columns:
            if col.field not in positions:
                continue
            text = row[positions[col.field]] if positions[col.field] < len(row) else ""
            if text and col.field in choice_maps:
                code = choice_maps[col.field].get(text.lower())
                if code is None and col.resolve is None and col.resolve_in_row is None:
                    row_errors.append(
                        {
                            "row": number,
                            "column": col.header,
                            "message": _("“%(value)s” is not one of the choices: %(choices)s.")
                            % {"value": text, "choices": "、".join(choice_labels[col.field])},
                        }
                    )
                    continue
                text = code or text
            if text and (col.resolve or col.resolve_in_row) is not None:
                resolved = (
                    col.resolve(text, lookups)
                    if col.resolve is not None
                    # Not None: the condition above holds one of the two.
                    else col.resolve_in_row(text, lookups, data)  # type: ignore[misc]
                )
                if resolved is None:
                    row_errors.append(
                        {
                            "row": number,
                            "column": col.header,
                            "message": _("“%(value)s” is not known, or not yours to use.")
                            % {"value": text},
                        }
                    )
                    continue
                text = resolved
            if col.field in booleans and text:
                answer = _YES_NO.get(text.strip().lower())
                if answer is None:
                    row_errors.append(
                        {
                            "row": number,
                            "column": col.header,
                            "message": _("Write 是 or 否 (yes or no)."),
                        }
                    )
                    continue
                text = "on" if answer else ""
            data[col.field] = text
        parsed.append((data, row_errors))
    key_values = [
        tuple(_key_text(data.get(k, "")) for k in keys) if all(data.get(k) for k in keys) else None
        for data, _row_errors in parsed
    ]
    first = {k[0] for k in key_values if k}
    existing = {
        tuple(_key_text(getattr(o, a)) for a in attnames): o
        for o in model.objects.filter(**{f"{attnames[0]}__in": list(first)})
    }
    editable = set(
        model.objects.editable_by(user)
        .filter(pk__in=[o.pk for o in existing.values()])
        .values_list("pk", flat=True)
    )
    seen: dict[tuple, int] = {}
    results: list[RowResult] = []
    for i, row in enumerate(rows):
        number = i + 2
        data, row_errors = parsed[i]
        row_errors_before = len(errors)
        errors.extend(row_errors)
        key = key_values[i]
        instance = existing.get(key) if key else None
        if key and key in seen:
            errors.append(
                {
                    "row": number,
                    "column": key_header,
                    "message": _("Duplicate of row %(row)s in this file.") % {"row": seen[key]},
                }
            )
        elif key:
            seen[key] = number
        if instance is not None and instance.pk not in editable:
            errors.append(
                {
                    "row": number,
                    "column": key_header,
                    # Whether it exists in another zone is not this user's to know.
                    "message": _("This %(field)s cannot be used.") % {"field": key_header},
                }
            )
            instance = None
        # Columns absent from the file keep the record's current values, or
        # the defaults of a new one.
        unbound = resource.form_class(user=user, instance=instance)
        merged = {}
        for name in unbound.fields:
            if name == "version":
                continue
            value = unbound[name].value()
            merged[name] = (
                "on" if value is True else "" if value is False or value is None else value
            )
        for name, value in data.items():
            # An empty cell cannot clear a required field: it keeps the
            # record's value or the default (e.g. a request's urgency).
            keep = name in unbound.fields and unbound.fields[name].required
            if value == "" and keep and merged.get(name) not in ("", None):
                continue
            merged[name] = value
        if instance is not None:
            merged["version"] = instance.version  # a row overwrites the record its key names
        data = merged
        form = resource.form_class(user=user, instance=instance, data=data)
        # Every error of the row, in every column: the form's too, except in
        # a column already reported (e.g. a zone not known, then "required").
        if not form.is_valid():
            labels = {c.field: c.header for c in spec.columns}
            reported = {e["column"] for e in errors[row_errors_before:]}
            for field_name, messages in form.errors.items():
                column = labels.get(field_name, field_name)
                if column in reported:
                    continue
                for message in messages:
                    errors.append({"row": number, "column": column, "message": message})
        values = [
            row[positions[c.field]]
            if c.field in positions and positions[c.field] < len(row)
            else ""
            for c in spec.columns
        ]
        action = (
            "error"
            if len(errors) > row_errors_before
            else "update"
            if instance is not None
            else "new"
        )
        results.append(RowResult(number, action, values, form))
        if on_progress and (i + 1) % 200 == 0:
            on_progress(i + 1)
    return results, errors


# --- Jobs ---------------------------------------------------------------------------------


def import_start(*, resource, user, upload) -> BackgroundJob:
    """Store the upload, check it can be read, and validate it (in the
    background when it is large). Raises ImportFileError for unreadable files."""
    content = upload.read(settings.IMPORT_MAX_BYTES + 1)
    headers, rows = read_table(upload.name, content)
    job = BackgroundJob(
        user=user,
        kind=BackgroundJob.Kind.IMPORT,
        resource=resource.key,
        total=len(rows),
        filename=upload.name[:200],
        params={"language": _language()},
    )
    job.file.save(
        f"import-{timezone.now():%Y%m%d%H%M%S}{Path(upload.name).suffix.lower()}",
        ContentFile(content),
        save=False,
    )
    job.save()
    if len(rows) > settings.BACKGROUND_ROWS_THRESHOLD:
        enqueue("import_validation", job.pk)
    else:
        import_validate(job.pk)
        job.refresh_from_db()
    return job


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or settings.LANGUAGE_CODE


def _load(job: BackgroundJob):
    from .resources import get_resource

    resource = get_resource(job.resource)
    with job.file.open("rb") as fh:
        content = fh.read()
    headers, rows = read_table(job.file.name, content)
    return resource, headers, rows


def _progress(job):
    def update(n: int) -> None:
        BackgroundJob.objects.filter(pk=job.pk).update(processed=n)

    return update


@background("import_validation")
def import_validate(job_id: int) -> None:
    job = BackgroundJob.objects.select_related("user").get(pk=job_id)
    job.status = BackgroundJob.Status.RUNNING
    job.save(update_fields=["status"])
    with override(job.params.get("language") or settings.LANGUAGE_CODE):
        resource, headers, rows = _load(job)
        results, errors = validate_rows(resource, job.user, headers, rows, _progress(job))
        blocking = [e for e in errors if e["message"] != _("Unknown column; it is ignored.")]
        job.report = {
            "headers": [c.header for c in resource.import_spec.columns],
            "preview": [
                {"row": r.number, "action": r.action, "values": r.values}
                for r in results[:PREVIEW_ROWS]
            ],
            "new": sum(r.action == "new" for r in results),
            "update": sum(r.action == "update" for r in results),
            "errors": errors[:MAX_ERRORS_KEPT],
            "error_count": len(blocking),
        }
    job.processed = len(rows)
    job.status = BackgroundJob.Status.INVALID if blocking else BackgroundJob.Status.PREVIEW
    job.finished_at = timezone.now()
    job.save()


def import_confirm(*, job: BackgroundJob, user) -> None:
    if (
        job.user_id != user.pk
        or job.kind != BackgroundJob.Kind.IMPORT
        or job.status != BackgroundJob.Status.PREVIEW
    ):
        raise PermissionDenied
    job.status = BackgroundJob.Status.RUNNING
    job.processed = 0
    job.save(update_fields=["status", "processed"])
    if job.total > settings.BACKGROUND_ROWS_THRESHOLD:
        enqueue("import_apply", job.pk)
    else:
        import_apply(job.pk)


class _Rollback(Exception):
    pass


@background("import_apply")
def import_apply(job_id: int) -> None:
    """Validate again (the data may have changed since the preview) and write
    every row in one transaction, or none."""
    job = BackgroundJob.objects.select_related("user").get(pk=job_id)
    with override(job.params.get("language") or settings.LANGUAGE_CODE):
        resource, headers, rows = _load(job)
        reason = _("Import from %(file)s") % {"file": job.filename}
        blocking: list[dict] = []
        try:
            with transaction.atomic(), after_writes_deferred():
                results, errors = validate_rows(resource, job.user, headers, rows)
                blocking = [
                    e for e in errors if e["message"] != _("Unknown column; it is ignored.")
                ]
                if blocking:
                    raise _Rollback
                for i, result in enumerate(results, start=1):
                    obj = result.form.save(commit=False)
                    try:
                        record_save(instance=obj, user=job.user, reason=reason)
                    except (PermissionDenied, EditConflict):
                        blocking.append(
                            {
                                "row": result.number,
                                "column": "",
                                "message": _("You may not write this row."),
                            }
                        )
                        raise _Rollback from None
                    except ValidationError as exc:
                        blocking.append(
                            {"row": result.number, "column": "", "message": " ".join(exc.messages)}
                        )
                        raise _Rollback from None
                    result.form.save_m2m()
                    if i % 200 == 0:
                        _progress(job)(i)
        except ValidationError as exc:
            # Refused once every row was written (e.g. the imported tasks' schedule).
            blocking = [{"row": "", "column": "", "message": " ".join(exc.messages)}]
            job.report = {**job.report, "errors": blocking, "error_count": 1}
            job.status = BackgroundJob.Status.INVALID
        except _Rollback:
            job.report = {
                **job.report,
                "errors": (blocking or errors)[:MAX_ERRORS_KEPT],
                "error_count": len(blocking),
            }
            job.status = BackgroundJob.Status.INVALID
        else:
            job.status = BackgroundJob.Status.DONE
            job.processed = len(results)
    job.finished_at = timezone.now()
    job.save()


def template_response(resource, fmt: str):
    spec: ImportSpec = resource.import_spec
    headers = [f"{c.header}*" if c.required else c.header for c in spec.columns]
    example = [[c.example for c in spec.columns]]
    name = f"{resource.model._meta.verbose_name_plural}-template.{fmt}"
    if fmt == "csv":
        return file_response(write_csv(headers, example), name, FORMATS["csv"])
    return file_response(
        write_xlsx(headers, example, str(resource.model._meta.verbose_name_plural)),
        name,
        FORMATS["xlsx"],
    )
