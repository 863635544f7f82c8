"""A hostile .xlsx is refused before the reader (python-calamine) opens it: the
reader allocates a sheet's whole rectangle, so one cell at XFD1048576 would
ask for hundreds of GiB and abort the process."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from devzone.core import spreadsheets
from devzone.core.models import BackgroundJob
from devzone.core.spreadsheets import ImportFileError, check_xlsx, read_xlsx

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def sheet_xml(body: str, dimension: str = "A1") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


def workbook(sheet: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx written by hand, as an attacker would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
FAR_CELL = workbook(
    sheet_xml(HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576")
)
FAR_CELL_NO_DIMENSION = workbook(
    sheet_xml(HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1")
)
HUGE_DIMENSION = workbook(sheet_xml(HEADER_ROW, "A1:ZZ20000"))
WIDE = workbook(sheet_xml(HEADER_ROW + '<row r="20000"><c r="ZZ20000"><v>1</v></c></row>'))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def no_calamine(monkeypatch):
    """The reader must never be reached with these files."""

    def refuse(*args, **kwargs):
        raise AssertionError("calamine was called")

    monkeypatch.setattr(spreadsheets, "_reader", refuse)


def refused(content: bytes) -> str:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        check_xlsx(content)
    assert time.monotonic() - started < 2
    return str(caught.value)


def test_files_are_small(settings):
    # 1.6 KB was enough to kill the server.
    assert len(FAR_CELL) < 2000 and len(HUGE_DIMENSION) < 2000


@pytest.mark.parametrize(
    "content,fragment",
    [
        (FAR_CELL, "the limit is 200,000 rows"),
        (FAR_CELL_NO_DIMENSION, "the limit is 200,000 rows"),
        (HUGE_DIMENSION, "the limit is 200 columns"),
        (WIDE, "the limit is 200 columns"),
    ],
    ids=["cell-at-XFD1048576", "cell-without-dimension", "huge-dimension-few-cells", "ZZ20000"],
)
def test_far_cells_and_dimensions_are_refused_before_reading(content, fragment, settings):
    assert fragment in refused(content)


def test_the_rectangle_counts_toward_the_cell_limit(settings):
    settings.IMPORT_XLSX_MAX_CELLS = 100
    ten_by_ten = workbook(sheet_xml('<row r="10"><c r="J10"><v>1</v></c></row>'))
    check_xlsx(ten_by_ten)  # 100 cells: at the limit
    assert "the limit is 100 cells" in refused(
        workbook(sheet_xml('<row r="11"><c r="J11"><v>1</v></c></row>'))
    )
    # A declared dimension counts too, and so do the file's other sheets.
    assert "the limit is 100 cells" in refused(workbook(sheet_xml("", "A1:J11")))
    second = sheet_xml('<row r="1"><c r="B1"><v>1</v></c></row>')
    assert "the limit is 100 cells" in refused(
        workbook(sheet_xml("", "A1:J10"), {"xl/worksheets/sheet2.xml": second})
    )


def test_cells_repeating_one_reference_are_counted(settings):
    settings.IMPORT_XLSX_MAX_CELLS = 100
    repeated = '<row r="1">' + '<c r="A1"><v>1</v></c>' * 101 + "</row>"
    assert "the limit is 100 cells" in refused(workbook(sheet_xml(repeated)))


def test_rows_and_cells_without_references_are_counted(settings):
    settings.IMPORT_XLSX_MAX_ROWS = 100
    rows = "<row><c><v>1</v></c></row>" * 101
    assert "the limit is 100 rows" in refused(workbook(sheet_xml(rows)))
    settings.IMPORT_XLSX_MAX_COLUMNS = 5
    cells = "<row>" + "<c><v>1</v></c>" * 6 + "</row>"
    assert "the limit is 5 columns" in refused(workbook(sheet_xml(cells)))


def test_a_sheet_at_any_path_is_scanned(settings):
    # The reader follows the workbook's relations, so the path proves nothing.
    far = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert "200,000 rows" in refused(workbook(sheet_xml(HEADER_ROW), {"xl/data.bin": far}))


def test_zip_bomb_member_is_refused(settings):
    bomb = workbook(sheet_xml(HEADER_ROW), {"xl/padding.xml": b" " * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # well under the 10 MB upload limit
    assert "the limit is 100 MB" in refused(bomb)
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 500 * 1024 * 1024
    assert "more than 64 MB" in refused(bomb)


def test_entity_declarations_are_refused():
    dtd = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData/></worksheet>"
    )
    assert "DTD" in refused(workbook(dtd))


def test_a_well_formed_small_file_passes():
    check_xlsx(workbook(sheet_xml(HEADER_ROW + '<row r="2"><c r="A2"><v>1</v></c></row>', "A1:A2")))


@pytest.mark.django_db
def test_enterprise_import_refuses_without_writing(world, no_calamine):
    client = world.client("zone_staff")
    response = client.post(
        reverse("core:enterprise_import"),
        {"file": SimpleUploadedFile("evil.xlsx", FAR_CELL)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "200,000" in response.content.decode()
    assert not BackgroundJob.objects.exists()


@pytest.mark.django_db
def test_province_template_import_refuses(world, no_calamine):
    response = world.client("zone_staff").post(
        "/stats/province-template/",
        {"file": SimpleUploadedFile("evil.xlsx", HUGE_DIMENSION), "write": "1"},
    )
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "200" in " ".join(str(m) for m in response.context["messages"])


def _abort(content, first_only):
    import os

    os.abort()


def _greedy(content, first_only):
    return bytearray(8 * 1024 * 1024 * 1024)  # what a hostile dimension makes the reader ask


def _which_process(content, first_only):
    import os

    return [("pid", [[os.getpid()]])]


def test_the_reader_runs_in_a_process_of_its_own(monkeypatch):
    import os

    monkeypatch.setattr(spreadsheets, "_reader", _which_process)
    ((_name, rows),) = read_xlsx(b"unused")
    assert rows[0][0] != os.getpid()


def test_a_reader_that_aborts_leaves_this_process_standing(monkeypatch, english):
    """An abort in native code (what a hostile file did to the web server) ends
    the child only: the import answers with an error."""
    monkeypatch.setattr(spreadsheets, "_reader", _abort)
    with pytest.raises(ImportFileError, match="cannot be read"):
        read_xlsx(b"unused")


def test_a_reader_that_asks_for_too_much_memory_is_refused(monkeypatch, settings, english):
    settings.IMPORT_XLSX_READ_MEMORY = 256 * 1024 * 1024
    monkeypatch.setattr(spreadsheets, "_reader", _greedy)
    with pytest.raises(ImportFileError, match="MemoryError"):
        read_xlsx(b"unused")


def test_a_reader_that_takes_too_long_is_stopped(monkeypatch, settings, english):
    settings.IMPORT_XLSX_READ_SECONDS = 1
    monkeypatch.setattr(spreadsheets, "_reader", lambda content, first_only: time.sleep(30))
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="too long"):
        read_xlsx(b"unused")
    assert time.monotonic() - started < 10
