"""Bulk registration from a spreadsheet (all rows or none), the template, and the export (P1, P12)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal
from eldersafe_common.errors import FieldError, Invalid, TooLarge, UnsupportedMedia

from .. import access
from ..areas.service import check_area_pair
from ..facilities import repository as facility_repository
from ..facilities import service as facilities
from ..facilities.schemas import FacilityCreate, FacilityFilters
from ..identifiers import normalize_uscc
from ..models import Facility
from .columns import (
    BY_FIELD,
    BY_HEADER,
    COLUMNS,
    EXAMPLE_ROW,
    EXPORT_ONLY,
    IGNORED_ON_IMPORT,
    STATUS,
    Column,
    label_of,
)

AREA_CODE = re.compile(r"^[0-9]{6,15}$")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A small zip can inflate to gigabytes; refuse archives that would unpack beyond this.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def read_limited(stream: IO[bytes], *, max_bytes: int) -> bytes:
    """Read an upload, refusing it as soon as it exceeds ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"The file exceeds {max_bytes // (1024 * 1024)} MB.", code="file_too_large")
    return data


def open_workbook(data: bytes) -> Any:
    """Open an .xlsx judged by its content, not its name."""
    not_xlsx = UnsupportedMedia("Only .xlsx workbooks are accepted.", code="not_xlsx")
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise not_xlsx from exc
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_xlsx
    if unpacked > MAX_UNPACKED_BYTES:
        raise TooLarge("The workbook unpacks to more than allowed.", code="file_too_large")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise UnsupportedMedia("The workbook cannot be read.", code="not_xlsx") from exc


def import_facilities(session: Session, *, principal: Principal, stream: IO[bytes], max_bytes: int,
                      max_rows: int) -> int:
    """Register every row of the workbook, or none when any cell is invalid."""
    access.require_base_data_writer(principal)
    workbook = open_workbook(read_limited(stream, max_bytes=max_bytes))
    try:
        rows = _data_rows(workbook, max_rows=max_rows)
    finally:
        workbook.close()
    parsed: list[tuple[int, FacilityCreate]] = []
    raw: list[tuple[int, dict[str, Any]]] = []
    errors: list[FieldError] = []
    for row_number, cells in rows:
        model, data, row_errors = _parse_row(row_number, cells)
        errors += row_errors
        raw.append((row_number, data))
        if model is not None:
            parsed.append((row_number, model))
    # Checked on every row, valid or not, so that one answer names every bad cell.
    errors += _cross_check(session, principal, raw)
    if not raw and not errors:
        raise Invalid("The workbook has no facility rows.", code="import_empty")
    if errors:
        raise Invalid(f"{len(errors)} invalid cells; nothing was imported.", code="import_invalid",
                      errors=sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    for _, model in parsed:
        facilities.register(session, data=model, principal=principal)
    return len(parsed)


def _data_rows(workbook: Any, *, max_rows: int) -> list[tuple[int, dict[Column, Any]]]:
    sheet = workbook.worksheets[0]
    values: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    header = next(values, None)
    if header is None:
        raise Invalid("The workbook is empty.", code="import_empty")
    layout, errors = _layout(header)
    if errors:
        raise Invalid("The header row does not match the template.", code="import_invalid", errors=errors)
    rows: list[tuple[int, dict[Column, Any]]] = []
    for row_number, row in enumerate(values, start=2):
        if row_number > 2 * max_rows + 1:
            # Blank rows count too, so a sheet padded to a million rows cannot keep the worker busy.
            raise TooLarge(f"The workbook has more than {max_rows} rows.", code="too_many_rows")
        cells = {column: row[index] for index, column in layout.items() if index < len(row)}
        if all(_blank(value) for value in cells.values()):
            continue
        rows.append((row_number, cells))
        if len(rows) > max_rows:
            raise TooLarge(f"The workbook has more than {max_rows} rows.", code="too_many_rows")
    return rows


def _layout(header: tuple[Any, ...]) -> tuple[dict[int, Column], list[FieldError]]:
    layout: dict[int, Column] = {}
    errors: list[FieldError] = []
    for index, raw in enumerate(header):
        title = str(raw).strip() if raw is not None else ""
        if not title or title in IGNORED_ON_IMPORT:
            continue
        found = BY_HEADER.get(title)
        if found is None:
            errors.append(FieldError(field="header", row=1, column=title[:100], reason="unknown column"))
        elif found in layout.values():
            errors.append(FieldError(field=found.field, row=1, column=title, reason="column appears twice"))
        else:
            layout[index] = found
    for column in COLUMNS:
        if column.required and column not in layout.values():
            errors.append(FieldError(field=column.field, row=1, column=column.header, reason="required column missing"))
    return layout, errors


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _convert(column: Column, value: Any) -> Any:
    """Turn a cell into the JSON-like value the API accepts; raise ValueError with the reason."""
    if isinstance(value, bool):
        raise ValueError("must not be a TRUE/FALSE cell")
    if column.kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= 12:
            return int(value.strip())
        if isinstance(value, int):
            return value
        raise ValueError("must be a whole number")
    if column.kind == "float":
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise ValueError("must be a number") from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers and codes typed as numbers
    text = str(value).strip()
    if column.kind == "choice":
        if text in column.choices:
            return column.choices[text]
        if text in column.choices.values():
            return text
        raise ValueError(f"must be one of {'/'.join(column.choices)}")
    return text


def _parse_row(row_number: int,
               cells: dict[Column, Any]) -> tuple[FacilityCreate | None, dict[str, Any], list[FieldError]]:
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    for column, value in cells.items():
        if _blank(value):
            continue
        try:
            converted = _convert(column, value)
        except ValueError as exc:
            errors.append(FieldError(field=column.field, row=row_number, column=column.header, reason=str(exc)))
            continue
        if "." in column.field:
            group, name = column.field.split(".", 1)
            data.setdefault(group, {})[name] = converted
        else:
            data[column.field] = converted
    try:
        model = FacilityCreate.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(str(part) for part in err["loc"])
            known = BY_FIELD.get(name)
            if known is not None and any(e.column == known.header for e in errors):
                continue  # already reported by the conversion
            errors.append(FieldError(field=name or "row", row=row_number,
                                     column=known.header if known else None, reason=err["msg"]))
        return None, data, errors
    return (None if errors else model), data, errors


def _valid_uscc(value: Any) -> str | None:
    try:
        return normalize_uscc(value) if isinstance(value, str) else None
    except ValueError:
        return None  # reported by the row's own validation


def _cross_check(session: Session, principal: Principal, rows: list[tuple[int, dict[str, Any]]]) -> list[FieldError]:
    """Duplicates within the file and against the registry, and the area of every row."""
    errors: list[FieldError] = []
    usccs = {row_number: code for row_number, data in rows if (code := _valid_uscc(data.get("uscc")))}
    taken = facility_repository.usccs_taken(session, sorted(set(usccs.values())))
    first_row: dict[str, int] = {}
    for row_number, data in rows:
        def error(field: str, reason: str, row: int = row_number) -> FieldError:
            return FieldError(field=field, row=row, column=BY_FIELD[field].header, reason=reason)

        code = usccs.get(row_number)
        if code in taken:
            errors.append(error("uscc", "already registered"))
        elif code in first_row:
            errors.append(error("uscc", f"duplicates row {first_row[code]}"))
        if code:
            first_row.setdefault(code, row_number)
        subdistrict, community = data.get("subdistrict_code"), data.get("community_code")
        if not (isinstance(subdistrict, str) and isinstance(community, str)
                and AREA_CODE.match(subdistrict) and AREA_CODE.match(community)):
            continue  # missing or malformed codes are reported by the row's own validation
        for problem in check_area_pair(session, subdistrict_code=subdistrict, community_code=community, prefix=""):
            errors.append(error(problem.field, problem.reason))
        if not principal.covers(community):
            errors.append(error("community_code", "outside your area"))
    return errors


def template() -> bytes:
    """An import template: the header row, one example row, and a sheet explaining the columns."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("机构")
    sheet.append([column.header for column in COLUMNS])
    sheet.append(list(EXAMPLE_ROW))
    notes = workbook.create_sheet("说明")
    notes.append(["列", "字段", "必填", "取值"])
    for column in COLUMNS:
        notes.append([column.header, column.field, "是" if column.required else "否", "/".join(column.choices)])
    return _save(workbook)


def export(session: Session, *, principal: Principal, filters: FacilityFilters) -> bytes:
    """The filtered facilities inside the caller's area as a workbook the import accepts back."""
    scope = facilities.scope_of(principal)
    access.require_base_data_writer(principal)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("机构")
    sheet.append([column.header for column in COLUMNS] + list(EXPORT_ONLY))
    for facility in facility_repository.iter_facilities(session, filters, **scope):
        sheet.append(_export_row(facility))
    return _save(workbook)


def _export_row(facility: Facility) -> list[Any]:
    row: list[Any] = []
    for column in COLUMNS:
        value = getattr(facility, column.field.split(".")[-1])
        row.append(label_of(column, value) if column.kind == "choice" else value)
    # Spreadsheets hold no time zone: the time is written as read in the district (China time).
    updated = clock.china_now(facility.updated_at).replace(tzinfo=None)
    return [*row, facility.id, STATUS.get(facility.status, facility.status), facility.residents_count, updated,
            facility.status, facility.ownership]


def export_filename() -> str:
    return f"facilities-{clock.china_today():%Y%m%d}.xlsx"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
