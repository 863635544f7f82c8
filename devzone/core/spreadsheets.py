"""Checks an uploaded .xlsx before any spreadsheet library opens it.

The reader (python-calamine) allocates a sheet's whole rectangle up front: a
1.6 KB file whose one cell sits at XFD1048576 asks for hundreds of GiB and
aborts the process in native code. So the zip's sizes, each sheet's declared
``<dimension>`` and the extent of its actual cells are read here first, with
the standard library's streaming XML parser and bounded reads, and the file is
refused before anything large is allocated."""

from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, empty, too large…)."""


def _cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of a reference such as ``AB12``."""
    match = _REF_RE.match(ref.strip())
    if match is None:
        return None
    column = 0
    for ch in match.group(1).upper():
        column = column * 26 + ord(ch) - 64
    return int(match.group(2)), column


def _limits() -> dict[str, int]:
    return {
        "rows": settings.IMPORT_XLSX_MAX_ROWS,
        "columns": settings.IMPORT_XLSX_MAX_COLUMNS,
        "cells": settings.IMPORT_XLSX_MAX_CELLS,
        "bytes": settings.IMPORT_XLSX_MAX_UNPACKED_BYTES,
        "member": settings.IMPORT_XLSX_MAX_MEMBER_BYTES,
    }


def _too_large(limits, rows: int, columns: int) -> ImportFileError | None:
    if rows > limits["rows"]:
        return ImportFileError(
            _("A sheet of this file reaches row %(row)s; the limit is %(limit)s rows.")
            % {"row": f"{rows:,}", "limit": f"{limits['rows']:,}"}
        )
    if columns > limits["columns"]:
        return ImportFileError(
            _("A sheet of this file reaches column %(column)s; the limit is %(limit)s columns.")
            % {"column": f"{columns:,}", "limit": f"{limits['columns']:,}"}
        )
    return None


def _too_many_cells(limits, cells: int) -> ImportFileError:
    return ImportFileError(
        _("This file's sheets span %(cells)s cells; the limit is %(limit)s cells.")
        % {"cells": f"{cells:,}", "limit": f"{limits['cells']:,}"}
    )


class _SheetScan:
    """Streams one sheet's XML: its declared dimension, the furthest row and
    column any cell reaches, and how many cells there are. Raises as soon as a
    limit is passed."""

    def __init__(self, limits, cells_before: int):
        self.limits = limits
        self.cells_before = cells_before
        self.row = 0
        self.column = 0
        self.max_row = 0
        self.max_column = 0
        self.cells = 0

    def start(self, name: str, attrs: dict) -> None:
        # By local name in any namespace and in any part, as the reader finds
        # sheets through the workbook's relations, whatever their path or root.
        local = name.rpartition(" ")[2]
        if local == "row":
            position = attrs.get("r")
            self.row = int(position) if position and position.isdigit() else self.row + 1
            self.column = 0
            self.reach(self.row, 1)
        elif local == "c":
            position = _cell_position(attrs["r"]) if attrs.get("r") else None
            if attrs.get("r") and position is None:
                raise ImportFileError(_("This .xlsx file has a malformed cell reference."))
            if position is not None:
                self.row, self.column = position
            else:  # cells may leave their reference out: they follow the previous one
                self.column += 1
            self.cells += 1
            # Cells repeating one reference fill no more of the rectangle,
            # but the reader still holds each of them.
            if self.cells_before + self.cells > self.limits["cells"]:
                raise _too_many_cells(self.limits, self.cells_before + self.cells)
            self.reach(max(self.row, 1), self.column)
        elif local == "dimension":
            end = (attrs.get("ref") or "").rpartition(":")[2]
            position = _cell_position(end) if end else None
            if position is not None:
                self.reach(*position)

    def reach(self, row: int, column: int) -> None:
        if row > self.max_row or column > self.max_column:
            self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, column)
            self.check_area(self.max_row, self.max_column)

    def check_area(self, rows: int, columns: int) -> None:
        error = _too_large(self.limits, rows, columns)
        if error is not None:
            raise error
        # The reader fills the whole rectangle from A1, empty cells included.
        if self.cells_before + rows * columns > self.limits["cells"]:
            raise _too_many_cells(self.limits, self.cells_before + rows * columns)


def _scan_member(book: zipfile.ZipFile, info: zipfile.ZipInfo, limits, cells_before: int) -> int:
    """The rectangle of cells the member fills (0 for parts that are not XML:
    images, printer settings)."""
    scan = _SheetScan(limits, cells_before)
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_doctype(*args):
        # OOXML parts never have a DTD; one here could only expand entities.
        raise ImportFileError(_("This .xlsx file cannot be read: it declares a DTD."))

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = scan.start
    read = 0
    with book.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            looks_like_xml = chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
            if not read and not looks_like_xml and not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                return 0  # an image or other binary part (UTF-16 XML starts with its BOM)
            read += len(chunk)
            if read > limits["member"]:
                raise _member_too_large(limits)
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError as exc:
                raise ImportFileError(
                    _("This .xlsx file cannot be read: %(error)s") % {"error": exc}
                ) from exc
        try:
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ImportFileError(
                _("This .xlsx file cannot be read: %(error)s") % {"error": exc}
            ) from exc
    return scan.max_row * scan.max_column


def _member_too_large(limits) -> ImportFileError:
    return ImportFileError(
        _("A part of this .xlsx file unpacks to more than %(limit)s MB; that is the limit.")
        % {"limit": limits["member"] // 1048576}
    )


def check_xlsx(content: bytes) -> None:
    """Refuse an .xlsx whose unpacked size, sheet dimensions or cell count pass
    the limits (settings ``IMPORT_XLSX_*``), without opening it as a workbook."""
    limits = _limits()
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        infos = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise ImportFileError(_("This file is not an .xlsx spreadsheet.")) from exc
    if len(infos) > MAX_MEMBERS:
        raise ImportFileError(_("This file is not an .xlsx spreadsheet."))
    total = sum(info.file_size for info in infos)
    if total > limits["bytes"]:
        raise ImportFileError(
            _("This .xlsx file unpacks to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(total / 1048576, 1), "limit": limits["bytes"] // 1048576}
        )
    if any(info.file_size > limits["member"] for info in infos):
        raise _member_too_large(limits)
    cells = 0
    with book:
        for info in infos:
            if info.is_dir():
                continue
            try:
                cells += _scan_member(book, info, limits, cells)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
                raise ImportFileError(
                    _("This .xlsx file cannot be read: %(error)s") % {"error": exc}
                ) from exc


# --- Reading, in a process of its own -------------------------------------------------------


def _calamine_sheets(content: bytes, first_only: bool) -> list[tuple[str, list[list]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    names = book.sheet_names[:1] if first_only else book.sheet_names
    return [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in names]


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts)."""
    import os

    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(connection, content: bytes, first_only: bool, allowance: int) -> None:
    import faulthandler
    import resource

    faulthandler.disable()  # a crash here is answered by the parent, not dumped
    try:
        limit = _address_space() + allowance
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        connection.send(("ok", _reader(content, first_only)))
    except BaseException as exc:  # noqa: BLE001 (everything goes back to the parent as text)
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


# The function the child runs (a test replaces it to crash the child).
_reader = _calamine_sheets


def read_xlsx(content: bytes, *, first_only: bool = False) -> list[tuple[str, list[list]]]:
    """The sheets of an .xlsx that ``check_xlsx`` passed, read in a child
    process with a memory limit and a time limit: whatever the native reader
    does with a hostile file (allocate hundreds of GiB, abort), it happens
    there, and the web or worker process answers with an error instead of dying."""
    import multiprocessing

    allowance = getattr(settings, "IMPORT_XLSX_READ_MEMORY", 1024 * 1024 * 1024)
    seconds = getattr(settings, "IMPORT_XLSX_READ_SECONDS", 60)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, content, first_only, allowance))
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            child.kill()
            raise ImportFileError(_("Reading this .xlsx file took too long."))
        outcome, payload = receive.recv()
    except EOFError:
        outcome, payload = "error", _("the reader stopped")
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
    if outcome != "ok":
        raise ImportFileError(_("This .xlsx file cannot be read: %(error)s") % {"error": payload})
    return payload
