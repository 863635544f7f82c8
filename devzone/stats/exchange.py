"""The province's usual Excel template: rows are zones, columns are indicators
(a value column and a growth column each), one sheet per period named like
2024-06. Import validates every cell and writes all figures as drafts, or none."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from devzone.core.bulk import insert_with_history
from devzone.core.importing import ImportFileError, check_upload, read_table
from devzone.core.spreadsheets import read_xlsx

from . import audit
from .figures import can_approve
from .formatting import from_display_unit, in_display_unit, same_as_shown
from .models import Indicator, IndicatorValue, ReportStatus, Source
from .periods import Period

ZONE_HEADER = "开发区名称"
GROWTH_SUFFIX = "增速（%）"
MAX_ERRORS = 500

__all__ = ["ImportFileError", "template_export", "template_import"]


def value_header(indicator: Indicator) -> str:
    return f"{indicator.name_zh}（{indicator.display_unit_zh}）"


def growth_header(indicator: Indicator) -> str:
    return f"{indicator.name_zh}{GROWTH_SUFFIX}"


def template_export(*, zones, periods: list[Period], user) -> bytes:
    """The template filled with the figures the user may see."""
    indicators = list(Indicator.objects.filter(is_active=True))
    zones = list(zones.order_by("region__code", "name"))
    values = {}
    for period in periods:
        for zone_id, ind_id, value, growth in (
            IndicatorValue.objects.visible_to(user)
            .filter(zone__in=zones, year=period.year, month=period.month)
            .values_list("zone_id", "indicator_id", "value", "stated_growth")
        ):
            values[(period, zone_id, ind_id)] = (value, growth)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "text_wrap": True})
    for period in periods:
        sheet = book.add_worksheet(str(period))
        headers = [ZONE_HEADER]
        for ind in indicators:
            headers += [value_header(ind), growth_header(ind)]
        sheet.write_row(0, 0, headers, bold)
        for r, zone in enumerate(zones, start=1):
            row = [zone.name]
            for ind in indicators:
                value, growth = values.get((period, zone.pk, ind.pk), (None, None))
                shown = in_display_unit(value, ind)
                row += [
                    float(shown) if shown is not None else "",
                    float(growth) if growth is not None else "",
                ]
            sheet.write_row(r, 0, row)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(headers), 14)
        sheet.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()


@dataclass
class TemplateReport:
    periods: list[str] = field(default_factory=list)
    valid: int = 0
    written: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    # Soft audit rules broken: the figures are written, and explained before submitting.
    warnings: list[dict] = field(default_factory=list)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"sheet": sheet, "row": row, "column": column, "message": message})

    def warning(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self.warnings) < MAX_ERRORS:
            self.warnings.append({"sheet": sheet, "row": row, "column": column, "message": message})


def _audit(report: TemplateReport, parsed: dict, indicators: dict, zones: dict) -> None:
    """The audit rules on the file's figures over the stored ones: a hard rule
    broken is an error in the row and column of the figure, a soft one a warning."""
    from .auditing import rule_breaks

    by_period: dict[tuple[int, int], dict] = {}
    rows: dict[tuple[int, int, int], tuple[str, int]] = {}
    for (zone_id, ind_id, year, month), (shown, growth, sheet, row) in parsed.items():
        indicator = indicators[ind_id]
        figure = audit.Figure(from_display_unit(shown, indicator), growth)
        by_period.setdefault((year, month), {})[(zone_id, indicator.code, year, month)] = figure
        rows[(zone_id, year, month)] = (sheet, row)
    by_pk = {z.pk: z for z in zones.values()}
    for (year, month), proposed in by_period.items():
        zone_list = [by_pk[z] for z in sorted({k[0] for k in proposed})]
        for found in rule_breaks(zones=zone_list, period=Period(year, month), proposed=proposed):
            sheet, row = rows[(found.zone.pk, year, month)]
            column = value_header(found.indicator)
            if found.is_hard:
                report.error(sheet, row, column, found.message)
            else:
                report.warning(sheet, row, column, found.message)


def _number(cell) -> Decimal | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, float | int):
        return Decimal(str(cell))
    text = str(cell).strip().replace(",", "")
    if not text:
        return None
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


def _sheets(name: str, content: bytes) -> list[tuple[str, list[list]]]:
    if name.lower().endswith(".csv"):
        # A CSV holds one period: its name says which (e.g. 2024-06.csv).
        headers, rows = read_table(name, content)
        return [(name.rsplit("/", 1)[-1][:-4], [headers, *rows])]
    check_upload(name, content)
    return read_xlsx(content)


def template_import(*, user, name: str, content: bytes, write: bool) -> TemplateReport:
    """Check the file; with ``write``, save every figure as a draft in one
    transaction, or nothing if any cell is wrong."""
    report = TemplateReport()
    sheets = _sheets(name, content)
    indicators = list(Indicator.objects.filter(is_active=True))
    by_header: dict[str, tuple[Indicator, str]] = {}
    for ind in indicators:
        for label in (value_header(ind), ind.name_zh, ind.code, ind.name_en):
            by_header[label.strip().lower()] = (ind, "value")
        for label in (growth_header(ind), f"{ind.code}_growth", f"{ind.name_en} growth (%)"):
            by_header[label.strip().lower()] = (ind, "growth")
    from devzone.core.scoping import creatable_zones

    # Figures are written only for zones the user enters figures for.
    by_id = {ind.pk: ind for ind in indicators}
    zones = {z.name: z for z in creatable_zones(user).select_related("region")}
    zones.update({z.short_name: z for z in zones.values() if z.short_name})
    enterable = {z.pk for z in zones.values()}
    # (zone, indicator, year, month) → (value in the display unit, growth, sheet, row)
    parsed: dict[tuple[int, int, int, int], tuple[Decimal, Decimal | None, str, int]] = {}
    for sheet_name, table in sheets:
        try:
            period = Period.parse(sheet_name)
        except ValueError:
            report.error(sheet_name, 0, "", _("The sheet name must be a period such as 2024-06."))
            continue
        report.periods.append(str(period))
        if not table:
            report.error(sheet_name, 1, "", _("The sheet is empty."))
            continue
        headers = [str(h).strip() for h in table[0]]
        if not headers or headers[0] not in (ZONE_HEADER, "开发区", "zone"):
            report.error(
                sheet_name,
                1,
                headers[0] if headers else "",
                _("The first column must be 开发区名称."),
            )
            continue
        columns: list[tuple[int, Indicator, str, str]] = []
        for index, header in enumerate(headers[1:], start=1):
            if not header:
                continue
            match = by_header.get(header.lower())
            if match is None:
                report.error(sheet_name, 1, header, _("Unknown indicator column."))
                continue
            columns.append((index, match[0], match[1], header))
        seen_zones: dict[int, int] = {}
        for r, row in enumerate(table[1:], start=2):
            if not any(c not in (None, "") for c in row):
                continue
            zone_name = str(row[0]).strip() if row else ""
            zone = zones.get(zone_name)
            if zone is None:
                report.error(
                    sheet_name,
                    r,
                    ZONE_HEADER,
                    _("“%(value)s” is not known, or not yours to use.") % {"value": zone_name},
                )
                continue
            if zone.pk in seen_zones:
                report.error(
                    sheet_name,
                    r,
                    ZONE_HEADER,
                    _("Duplicate of row %(row)s in this file.") % {"row": seen_zones[zone.pk]},
                )
                continue
            seen_zones[zone.pk] = r
            cells: dict[int, dict[str, Decimal | None]] = {}
            for index, ind, what, header in columns:
                cell = row[index] if index < len(row) else None
                try:
                    number = _number(cell)
                except (InvalidOperation, ValueError):
                    report.error(sheet_name, r, header, _("Enter a number."))
                    continue
                if number is None:
                    continue
                if what == "value" and number < 0:
                    report.error(sheet_name, r, header, _("A total cannot be negative."))
                    continue
                if what == "growth" and number < -100:
                    report.error(sheet_name, r, header, _("Growth cannot be below −100%."))
                    continue
                cells.setdefault(ind.pk, {})[what] = number
            for ind_id, pair in cells.items():
                ind = by_id[ind_id]
                if "value" not in pair:
                    report.error(
                        sheet_name,
                        r,
                        growth_header(ind),
                        _("Enter the total as well as the growth."),
                    )
                    continue
                if period.month == 1 and not ind.january_reported:
                    report.error(
                        sheet_name,
                        r,
                        value_header(ind),
                        _(
                            "This indicator is first reported for January–February; enter it for month 2."
                        ),
                    )
                    continue
                parsed[(zone.pk, ind_id, period.year, period.month)] = (
                    pair["value"],
                    pair.get("growth"),
                    sheet_name,
                    r,
                )
    if not sheets:
        report.error("", 0, "", _("The file is empty."))
    if parsed and not report.errors:
        _audit(report, parsed, by_id, zones)
    # Existing figures: approved ones are locked here, submitted ones wait for approval.
    existing = {}
    for period_text in report.periods:
        period = Period.parse(period_text)
        for v in IndicatorValue.objects.filter(
            zone_id__in=enterable, year=period.year, month=period.month
        ):
            existing[(v.zone_id, v.indicator_id, v.year, v.month)] = v
    approver_zones = {z.pk for z in zones.values() if can_approve(user, z)}
    creates, updates = [], []
    names = {ind.pk: ind for ind in indicators}
    for key, (shown, growth, sheet_name, row_number) in parsed.items():
        current = existing.get(key)
        value = from_display_unit(shown, names[key[1]])
        if current is None:
            creates.append(
                {
                    "zone_id": key[0],
                    "indicator_id": key[1],
                    "year": key[2],
                    "month": key[3],
                    "value": value,
                    "stated_growth": growth,
                    "source": Source.IMPORT,
                }
            )
            continue
        if current.stated_growth == growth and same_as_shown(current.value, shown, names[key[1]]):
            # What the template showed comes back: the stored, finer figure stays.
            report.unchanged += 1
            continue
        locked = current.status == ReportStatus.APPROVED or (
            current.status == ReportStatus.SUBMITTED and key[0] not in approver_zones
        )
        if locked:
            report.error(
                sheet_name,
                row_number,
                value_header(names[key[1]]),
                _(
                    "This figure is approved or waiting for approval: correct it in the entry grid, "
                    "with a reason."
                ),
            )
            continue
        current.value, current.stated_growth, current.source = value, growth, Source.IMPORT
        current.version += 1
        updates.append(current)
    report.valid = len(creates) + len(updates)
    if report.errors or not write:
        return report
    with transaction.atomic():
        reason = _("Import from %(file)s") % {"file": name[:80]}
        insert_with_history(IndicatorValue, creates, user=user, reason=reason)
        now = timezone.now()
        for obj in updates:
            obj.updated_at = now
        bulk_update_with_history(
            updates,
            IndicatorValue,
            ["value", "stated_growth", "source", "version", "updated_at"],
            batch_size=2000,
            default_user=user,
            default_change_reason=reason,
        )
    report.written = report.valid
    return report
