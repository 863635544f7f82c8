"""Exports of any resource's list as CSV or .xlsx (XlsxWriter), inline or as a
background job for large lists."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import xlsxwriter
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import BackgroundJob
from .responses import file_response
from .tasks import background, enqueue

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROGRESS_EVERY = 500


def background_threshold() -> int:
    return settings.BACKGROUND_ROWS_THRESHOLD


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return str(value)


def sample_headers(model) -> set[str]:
    """The headers of the columns every export adds to say what is invented
    for the demo: an import reads past them (nothing in them is imported)."""
    if not hasattr(model, "sample_fields"):
        return set()
    return {
        str(model._meta.get_field("is_sample").verbose_name),
        str(model._meta.get_field("sample_fields").verbose_name),
    }


def _sample_details(model):
    def details(obj) -> str:
        names = [] if obj.is_sample else (obj.sample_fields or [])
        return "、".join(
            str(model._meta.get_field(n).verbose_name)
            for n in names
            if n in {f.name for f in model._meta.get_fields()}
        )

    return details


def export_columns(resource) -> list:
    """The resource's export columns, and what the 示例 mark says on a page:
    whether the record is a sample, and which details of a stated record are."""
    from .resources import Column

    columns = resource.export_columns()
    model = resource.model
    if not hasattr(model, "sample_fields"):
        return columns
    names = {c.name for c in columns}
    if "is_sample" not in names:
        columns = [*columns, Column("is_sample")]
    return [*columns, Column("sample_fields", accessor=_sample_details(model))]


def table_rows(resource, qs, user, on_progress=None):
    columns = export_columns(resource)
    iterable = qs.iterator(chunk_size=2000) if not resource.prefetch_related else qs
    for i, obj in enumerate(iterable, start=1):
        yield [_cell(c.value(obj, user)) for c in columns]
        if on_progress and i % PROGRESS_EVERY == 0:
            on_progress(i)


# A spreadsheet program runs a CSV cell that begins with one of these as a
# formula (CSV injection); OWASP's remedy is a leading single quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_safe(value):
    """A text cell that a spreadsheet would run as a formula, with a quote in
    front. Numbers stay numbers (-3.2 is written as -3.2). A text that already
    begins with a quote before such a character gets one more, so that
    ``csv_restore`` gives every value back exactly."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_START and not _NUMBER_RE.match(value):
        return "'" + value
    if value[0] == "'" and len(value) > 1 and value[1] in (*FORMULA_START, "'"):
        return "'" + value
    return value


def csv_restore(text: str) -> str:
    """The value ``csv_safe`` neutralised: a re-imported export changes nothing."""
    if len(text) > 1 and text[0] == "'" and text[1] in (*FORMULA_START, "'"):
        return text[1:]
    return text


def write_csv(headers: list[str], rows) -> bytes:
    buffer = io.StringIO()
    # A byte-order mark lets Excel open the UTF-8 file with Chinese intact.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(h) for h in headers])
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_xlsx(headers: list[str], rows, sheet_name: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
        },
    )
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7"})
    sheet.write_row(0, 0, headers, bold)
    widths = [max(8, len(h) * 2) for h in headers]
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    for c, w in enumerate(widths):
        sheet.set_column(c, c, min(w, 40))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def export_bytes(resource, qs, user, fmt: str, on_progress=None) -> bytes:
    headers = [c.header(resource.model) for c in export_columns(resource)]
    rows = table_rows(resource, qs, user, on_progress)
    if fmt == "csv":
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, str(resource.model._meta.verbose_name_plural))


def export_filename(resource, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{resource.model._meta.verbose_name_plural}-{stamp}.{fmt}"


def export_response(resource, qs, user, fmt: str):
    return file_response(
        export_bytes(resource, qs, user, fmt), export_filename(resource, fmt), FORMATS[fmt]
    )


def export_start(
    *, resource, user, fmt: str, params: str, current_zone_id, total: int
) -> BackgroundJob:
    job = BackgroundJob.objects.create(
        user=user,
        kind=BackgroundJob.Kind.EXPORT,
        resource=resource.key,
        total=total,
        params={
            "format": fmt,
            "query": params,
            "current_zone_id": current_zone_id,
            "language": _current_language(),
        },
    )
    enqueue("export", job.pk)
    return job


def _current_language() -> str:
    from django.utils.translation import get_language

    return get_language() or settings.LANGUAGE_CODE


@background("export")
def export_run(job_id: int) -> None:
    from .resources import get_resource

    job = BackgroundJob.objects.select_related("user").get(pk=job_id)
    resource = get_resource(job.resource)
    job.status = BackgroundJob.Status.RUNNING
    job.save(update_fields=["status"])
    request = SimpleNamespace(
        user=job.user,
        GET=QueryDict(job.params.get("query", "")),
        current_zone_id=job.params.get("current_zone_id"),
    )
    fmt = job.params.get("format", "xlsx")

    def progress(n: int) -> None:
        BackgroundJob.objects.filter(pk=job.pk).update(processed=n)

    try:
        with override(job.params.get("language") or settings.LANGUAGE_CODE):
            _filterset, qs, _sort = resource.filtered(request, request.GET)
            content = export_bytes(resource, qs, job.user, fmt, progress)
            filename = export_filename(resource, fmt)
    except Exception as exc:  # the job page reports any failure to its user
        job.status = BackgroundJob.Status.FAILED
        job.report = {"error": str(exc)}
        job.finished_at = timezone.now()
        job.save()
        raise
    try:
        store_job_file(job, filename, content, language=job.params.get("language"))
    except OSError:
        return
    job.filename = filename
    job.processed = job.total
    job.status = BackgroundJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()


def store_job_file(job: BackgroundJob, filename: str, content: bytes, *, language=None) -> None:
    """Save a finished job's file; if the storage fails (a full disk, an object
    store that refuses), remove what was written, mark the job failed with the
    reason, and raise: a partial file is never offered."""
    storage = job.file.storage
    name = storage.get_available_name(job.file.field.generate_filename(job, filename))
    try:
        job.file.name = storage.save(name, ContentFile(content))
    except OSError as exc:
        if storage.exists(name):
            storage.delete(name)
        job.file = ""
        with override(language or settings.LANGUAGE_CODE):
            error = _(
                "The file could not be stored (%(reason)s). Nothing was kept; try again later"
                " or tell the administrator."
            ) % {"reason": exc.strerror or type(exc).__name__}
        job.status = BackgroundJob.Status.FAILED
        job.report = {"error": error}
        job.finished_at = timezone.now()
        job.save()
        raise
