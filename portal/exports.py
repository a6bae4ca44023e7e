"""Streaming exports shared by every app: CSV, XLSX and JSON in constant memory, each logged.

Columns come from a django-import-export ``Resource`` (headers, ``dehydrate_*`` methods, widgets)
but rows are never gathered into a ``tablib.Dataset``: they are read from the database in chunks
(``Resource.iter_queryset``) and written out as they go.

Spreadsheet formula injection: see :func:`neutralise_formula`.
"""

import csv
import datetime
import io
import json
import re
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

import xlsxwriter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A value made only of digits, spaces and number punctuation, with an optional leading sign,
# cannot be a formula: phone numbers ("+33 3 83 00 00 00") and signed numbers ("-12,5") stay
# as they are.
NUMBER_LIKE = re.compile(r"^[+-]?[0-9 ().,/]*[0-9][0-9 ().,/-]*$")
INVALID_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
CSV_DELIMITER = ";"  # what French spreadsheet software expects by default


def neutralise_formula(value):
    """Make a text cell inert in a spreadsheet without corrupting phone numbers.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read
    as a formula by Excel or LibreOffice: it gets a leading apostrophe, which spreadsheets show
    as text. Number-like values (``+33 3 83 …``, ``-12,5``) are left untouched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        if value[0] in "+-" and NUMBER_LIKE.match(value):
            return value
        return "'" + value
    return value


def _plain(value):
    """A JSON- and CSV-friendly version of a cell value."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


CHUNK_SIZE = 64 * 1024  # characters sent to the client at a time


def _csv_cell(value):
    # Fast path for the common case: a plain string that cannot be read as a formula.
    if value.__class__ is str and value[:1] not in FORMULA_TRIGGERS:
        return value
    return neutralise_formula(_plain(value))


def csv_chunks(headers, rows):
    """UTF-8 with BOM (so that Excel reads the accents), ``;``-separated, formula-safe.

    Rows are written into a buffer sent in chunks of about 64 KB: one chunk per row would cost
    the server more than writing the rows.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    buffer.write("\ufeff")
    writer.writerow([neutralise_formula(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(headers, rows):
    """A JSON array of objects keyed by the column headers, sent in chunks of about 64 KB."""
    keys = [str(h) for h in headers]
    parts = ["[\n"]
    size = 0
    separator = ""
    for row in rows:
        item = {key: _plain(value) for key, value in zip(keys, row, strict=False)}
        text = separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
        parts.append(text)
        size += len(text)
        if size >= CHUNK_SIZE:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts)


def xlsx_file(headers, rows, sheet_title="Export"):
    """An XLSX file written row by row to a temporary file, in constant memory.

    XlsxWriter's ``constant_memory`` mode flushes each row as it goes; ``strings_to_formulas``
    is off, so a text starting with ``=`` is stored as text (and is neutralised besides).
    """
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse)
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "dd/mm/yyyy",
            "tmpdir": tempfile.gettempdir(),
        },
    )
    datetime_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet = workbook.add_worksheet(safe_sheet_title(sheet_title))
    sheet.write_row(0, 0, [str(h) for h in headers], workbook.add_format({"bold": True}))
    for number, row in enumerate(rows, start=1):
        values = [_xlsx_value(value) for value in row]
        sheet.write_row(number, 0, values)
        for column, value in enumerate(values):
            if value.__class__ is datetime.datetime:
                sheet.write_datetime(number, column, value, datetime_format)
    workbook.close()
    handle.seek(0)
    return handle


def safe_sheet_title(title):
    """Excel refuses []:*?/\\ in a sheet title and more than 31 characters."""
    cleaned = INVALID_SHEET_TITLE.sub("", str(title)).strip("' ")[:31].strip()
    return cleaned or "Export"


def _xlsx_value(value):
    if value.__class__ is str:
        return value if value[:1] not in FORMULA_TRIGGERS else neutralise_formula(value)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal | datetime.date | datetime.time):
        return value
    return neutralise_formula(str(value))


def resource_rows(resource, queryset):
    """Rows of a django-import-export resource, read from the database in chunks."""
    for instance in resource.iter_queryset(queryset):
        yield resource.export_resource(instance)


def filename_for(what, fmt):
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M")
    return f"{slugify(what) or 'export'}_{stamp}.{fmt}"


def stream_export(fmt, headers, rows, *, filename, sheet_title="Export"):
    """An HTTP response streaming ``rows`` in ``fmt`` (csv, xlsx or json)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(headers, rows), content_type=FORMATS[fmt])
    elif fmt == "json":
        response = StreamingHttpResponse(json_chunks(headers, rows), content_type=FORMATS[fmt])
    else:
        return FileResponse(
            xlsx_file(headers, rows, sheet_title),
            as_attachment=True,
            filename=filename,
            content_type=FORMATS[fmt],
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(request, *, fmt, what, headers, rows, row_count, filters=None):
    """Log the export (who, when, what, how many rows, which filter) and stream it."""
    from portal.models import ExportLog

    ExportLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        username=request.user.get_username() if request.user.is_authenticated else "",
        what=what,
        format=fmt,
        row_count=row_count,
        filters=filters or {},
    )
    return stream_export(fmt, headers, rows, filename=filename_for(what, fmt), sheet_title=what)


def export_resource_response(request, resource, queryset, *, fmt, what, filters=None):
    """Export a queryset through a django-import-export resource, streamed and logged."""
    return export_response(
        request,
        fmt=fmt,
        what=what,
        headers=resource.get_export_headers(),
        rows=resource_rows(resource, queryset),
        row_count=queryset.count(),
        filters=filters,
    )
