"""Streaming exports shared by every app: typed CSV, XLSX and JSON in constant memory, logged.

Columns come from a django-import-export ``Resource`` (headers, ``dehydrate_*`` methods, widgets,
and the column types it declares in ``export_types``) or are given by the caller, but rows are
never gathered into a ``tablib.Dataset``: they are read from the database in chunks
(``Resource.iter_queryset``) and written out as they go.

Typed columns: each column is a header, or a :class:`Column` (header and type). The type says
how a spreadsheet should hold the values, whatever Python type they come in:

============  ==========================  ===========================  ======================
type          XLSX cell                   CSV (what French Excel and   JSON
                                          LibreOffice read)
============  ==========================  ===========================  ======================
text          text                        text                         string
phone         text, never a number        digits-only phones by pairs  string
                                          (``03 87 00 00 00``), else as
                                          stored
code          text, never a number        text as stored               string
integer,      number                      ``1234``, ``-12,5``:         number
number,                                   decimal comma, no thousands
coordinate                                separator, no ``12.00``
percent       number (0.25) shown 25,0 %  ``25%``, ``14,3%``           number (0.25)
date          date shown dd/mm/yyyy       ``31/01/2026``               ``"2026-01-31"``
datetime      date and time (Europe/      ``31/01/2026 09:05``         ``"2026-01-31T09:05:00
              Paris, without time zone:                                +01:00"``
              Excel has none) dd/mm/yyyy
              hh:mm
auto          from the value's Python type (str: text, int/float/Decimal: number, date,
              datetime, bool: « oui »/« non »)
============  ==========================  ===========================  ======================

Percentages are fractions (0.25 is 25 %), as spreadsheets hold them. A value that does not fit
its column's type (a dash in a number column) is written as text. An empty value (``None``) is
an empty cell, ``""`` in a text column of the JSON form and ``null`` in any other.

A CSV has no types: a spreadsheet opening it reads ``0387000000`` as the number 387000000.
Phones made only of digits are therefore written the French way, ``03 87 00 00 00`` (and
``+33 3 87 00 00 00``), which Excel and LibreOffice keep as text; the importer reads them
back as the same phone (a difference of spacing is not a change). Codes (INSEE, postcodes)
have no such form: a CSV opened directly in a spreadsheet may lose their leading zero, the
XLSX export keeps them as text (or import the CSV with the column typed as text).

CSV dates are written dd/mm/yyyy, as a French reader expects them: French Excel and LibreOffice
read them as dates, and a person reading the file reads them too (the JSON form is the one with
ISO dates). Datetimes are in Europe/Paris (the site's default time zone), to the minute.

XLSX sheets have their header row frozen, an autofilter over the written range, and columns as
wide as their content (the widest value written, bounded), measured while writing.

Spreadsheet formula injection: see :func:`neutralise_formula`; it applies to text cells of CSV
and XLSX (a typed number or date cannot start a formula), never to the JSON form.

Big exports run in the background. A request must end within gunicorn's timeout, however many
rows are asked for: above ``settings.EXPORT_INLINE_MAX_ROWS`` rows, :func:`export_response`
logs the export, starts a job (:func:`write_export_file`, ``portal.jobs``) and redirects to its
page. The worker cannot receive the request's generator, so the caller also describes its rows
in a serialisable ``source``: the dotted path of a function of its app returning
``(headers, rows)`` and that function's JSON arguments (the filter's GET parameters as a dict
of lists, ids), e.g. ``("experiences.exports.network_rows", ["contact", {"q": ["ville"]}])``.
Access is checked in the request; the job runs for that user, writes the file with the same
writers to the default storage (``exports/<job id>/<file name>``, never served by /media/),
and only that user downloads it (``/taches/<id>/fichier/``). Files hold personal data: they
are deleted after ``settings.EXPORT_FILE_TTL_HOURS`` (:func:`remove_expired_exports`).
"""

import contextlib
import csv
import datetime
import io
import json
import logging
import math
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

import xlsxwriter

from portal.jobs import Job, JobError, job_task, start_job

logger = logging.getLogger(__name__)

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

# Column types (see the module's docstring).
TEXT = "text"
PHONE = "phone"
CODE = "code"
INTEGER = "integer"
NUMBER = "number"
DECIMAL = NUMBER
COORDINATE = "coordinate"
PERCENT = "percent"
DATE = "date"
DATETIME = "datetime"
AUTO = "auto"
TEXT_TYPES = frozenset({TEXT, PHONE, CODE})
NUMBER_TYPES = frozenset({INTEGER, NUMBER, COORDINATE})
COLUMN_TYPES = TEXT_TYPES | NUMBER_TYPES | {PERCENT, DATE, DATETIME, AUTO}

XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_PERCENT_FORMAT = "0.0%"  # shown « 14,3 % » by a French Excel or LibreOffice
PERCENT_STEP = Decimal("0.1")  # CSV percentages: one decimal, as on the results pages
MIN_WIDTH = 6
MAX_WIDTH = 60
FILTER_BUTTON_WIDTH = 3  # the autofilter's drop-down button sits over the header's end


@dataclass(frozen=True)
class Column:
    """A column of an export: its header and the type of its values (see the docstring)."""

    header: str
    type: str = AUTO

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"Unknown export column type {self.type!r}")

    def __str__(self):
        return str(self.header)


def as_columns(headers):
    """Columns from headers that are :class:`Column` objects or plain (auto-typed) texts."""
    return [h if isinstance(h, Column) else Column(force_str(h)) for h in headers]


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


# Values ------------------------------------------------------------------------------------


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_finite(value):
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def local_naive(value):
    """An aware datetime in Europe/Paris (the default time zone), naive, to the second."""
    if timezone.is_aware(value):
        value = value.astimezone(timezone.get_default_timezone()).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _local_aware(value):
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(timezone.get_default_timezone()).replace(microsecond=0)


def french_number(value):
    """``12`` → ``12``, ``Decimal("12.00")`` → ``12``, ``48.6921`` → ``48,6921``.

    A decimal comma, no thousands separator, no exponent, no trailing zeros: what a French
    spreadsheet reads as a number. Not a number (NaN, infinity): an empty text.
    """
    cls = value.__class__
    if cls is int:
        return str(value)
    if cls is float:
        if not math.isfinite(value):
            return ""
        text = repr(value)
    else:
        if not isinstance(value, Decimal):
            value = Decimal(value)
        if not value.is_finite():
            return ""
        text = str(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",")


def french_date(value):
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def french_datetime(value):
    value = local_naive(value)
    return f"{french_date(value)} {value.hour:02d}:{value.minute:02d}"


def _text(value):
    """The text of a value in a text cell (a number or a date that reached a text column)."""
    if value.__class__ is str:
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return french_datetime(value)
    if isinstance(value, datetime.date):
        return french_date(value)
    return force_str(value)


# CSV cells ---------------------------------------------------------------------------------


def _csv_text(value):
    # Fast path for the common case: a plain string that cannot be read as a formula.
    if value.__class__ is str:
        return value if value[:1] not in FORMULA_TRIGGERS else neutralise_formula(value)
    if value is None:
        return ""
    return neutralise_formula(_text(value))


PHONE_DIGITS = re.compile(r"^\+?[0-9]+$")


def _pairs(digits):
    return " ".join(digits[start : start + 2] for start in range(0, len(digits), 2))


def spaced_phone(value):
    """``0387000000`` → ``03 87 00 00 00``; ``+33387000000`` → ``+33 3 87 00 00 00``.

    A phone made only of digits (with an optional ``+``) would be read by a spreadsheet
    opening the CSV as a number, losing its leading zero or its ``+``: it is written in the
    French way, digits by pairs, which spreadsheets keep as text. Any other phone (already
    spaced, with dots, with words) is written as stored.
    """
    if not PHONE_DIGITS.match(value):
        return value
    if value[0] == "0" and len(value) == 10:
        return _pairs(value)
    if value.startswith("+33") and len(value) == 12:
        return f"+33 {value[3]} {_pairs(value[4:])}"
    if value[0] in "0+" and len(value) > 3:
        head = 3 if value[0] == "+" else 2
        return f"{value[:head]} {_pairs(value[head:])}"
    return value


def _csv_number(value):
    if value.__class__ is int:
        return str(value)
    if _is_number(value):
        return french_number(value)
    return _csv_text(value)


def _csv_percent(value):
    if _is_number(value) and _is_finite(value):
        percent = (Decimal(str(value)) * 100).quantize(PERCENT_STEP, ROUND_HALF_UP)
        return french_number(percent) + "%"
    return _csv_text(value)


def _csv_date(value):
    if isinstance(value, datetime.datetime):
        return french_date(local_naive(value))
    if isinstance(value, datetime.date):
        return french_date(value)
    return _csv_text(value)


def _csv_datetime(value):
    if isinstance(value, datetime.datetime):
        return french_datetime(value)
    return _csv_date(value)


def _csv_auto(value):
    if value.__class__ is str:
        return value if value[:1] not in FORMULA_TRIGGERS else neutralise_formula(value)
    if _is_number(value):
        return french_number(value)
    if isinstance(value, datetime.date):
        return _csv_datetime(value)
    return _csv_text(value)


CSV_CELLS = {
    TEXT: _csv_text,
    PHONE: _csv_text,  # then spaced_phone (see csv_chunks)
    CODE: _csv_text,
    INTEGER: _csv_number,
    NUMBER: _csv_number,
    COORDINATE: _csv_number,
    PERCENT: _csv_percent,
    DATE: _csv_date,
    DATETIME: _csv_datetime,
    AUTO: _csv_auto,
}

CHUNK_SIZE = 64 * 1024  # characters sent to the client at a time
MEMO_SIZE = 4096  # typed cells remembered per column while writing a CSV


def _memoised(convert):
    """``convert`` remembering its last few thousand results: answers, days and counts repeat,
    and formatting a date or a decimal costs more than looking it up. Bounded: constant memory.
    """
    cache = {}

    def cell(value):
        # Integers are quick to write and often all different (numbers of rows); True == 1
        # must never share a cache entry with a number.
        if value.__class__ is int or value.__class__ is bool:
            return convert(value)
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return convert(value)
        text = convert(value)
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        cache[value] = text
        return text

    return cell


def csv_chunks(headers, rows):
    """UTF-8 with BOM (so that Excel reads the accents), ``;``-separated, formula-safe, typed.

    Rows are written into a buffer sent in chunks of about 64 KB: one chunk per row would cost
    the server more than writing the rows.
    """
    columns = as_columns(headers)
    cells = [
        CSV_CELLS[column.type] if column.type in TEXT_TYPES else _memoised(CSV_CELLS[column.type])
        for column in columns
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    buffer.write("\ufeff")
    writer.writerow([neutralise_formula(str(column)) for column in columns])
    triggers = FORMULA_TRIGGERS
    phones = [index for index, column in enumerate(columns) if column.type == PHONE]
    for row in rows:
        # A text that cannot start a formula is written as it is, whatever its column's type
        # (but a phone, which must not be read as a number).
        line = [
            value if value.__class__ is str and value[:1] not in triggers else cell(value)
            for cell, value in zip(cells, row, strict=False)
        ]
        for index in phones:
            if index < len(line) and line[index].__class__ is str:
                line[index] = spaced_phone(line[index])
        writer.writerow(line)
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# JSON values -------------------------------------------------------------------------------


def _json_text(value):
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return _json_auto(value)
    return _text(value)


def _json_number(value):
    if value is None:
        return None
    if value.__class__ is int:
        return value
    if _is_number(value):
        if not _is_finite(value):
            return None
        if value == int(value):
            return int(value)
        return float(value)
    return _json_text(value)


def _json_percent(value):
    if value is None:
        return None
    if _is_number(value):
        return round(float(value), 6) if _is_finite(value) else None
    return _json_text(value)


def _json_date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _local_aware(value).date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _json_text(value)


def _json_datetime(value):
    if isinstance(value, datetime.datetime):
        return _local_aware(value).isoformat()
    return _json_date(value)


def _json_auto(value):
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return _text(value)
    if _is_number(value):
        return _json_number(value)
    if isinstance(value, datetime.datetime):
        return _json_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0).isoformat()
    return _text(value)


JSON_VALUES = {
    TEXT: _json_text,
    PHONE: _json_text,
    CODE: _json_text,
    INTEGER: _json_number,
    NUMBER: _json_number,
    COORDINATE: _json_number,
    PERCENT: _json_percent,
    DATE: _json_date,
    DATETIME: _json_datetime,
    AUTO: _json_auto,
}


def json_chunks(headers, rows):
    """A JSON array of objects keyed by the column headers, sent in chunks of about 64 KB.

    Numbers are JSON numbers, dates ISO 8601 texts (datetimes with their offset).
    """
    columns = as_columns(headers)
    keys = [str(column) for column in columns]
    values = [JSON_VALUES[column.type] for column in columns]
    parts = ["[\n"]
    size = 0
    separator = ""
    for row in rows:
        item = {key: convert(value) for key, convert, value in zip(keys, values, row, strict=False)}
        text = separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
        parts.append(text)
        size += len(text)
        if size >= CHUNK_SIZE:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts)


# XLSX --------------------------------------------------------------------------------------


def _xlsx_cell_writers(workbook, sheet, columns):
    """One function per column writing a value in its cell and returning its shown width."""
    # XlsxWriter's undecorated writers (the public ones first parse "A1" cell references).
    write_string = getattr(sheet, "_write_string", sheet.write_string)
    write_number = getattr(sheet, "_write_number", sheet.write_number)
    write_datetime = getattr(sheet, "_write_datetime", sheet.write_datetime)
    date_format = workbook.add_format({"num_format": XLSX_DATE_FORMAT})
    datetime_format = workbook.add_format({"num_format": XLSX_DATETIME_FORMAT})
    percent_format = workbook.add_format({"num_format": XLSX_PERCENT_FORMAT})

    def text(row, col, value):
        if value.__class__ is not str:
            value = _text(value)
        if not value:
            return 0
        if value[:1] in FORMULA_TRIGGERS:
            value = neutralise_formula(value)
        write_string(row, col, value)
        return len(value)

    def number(row, col, value):
        if not _is_number(value):
            return text(row, col, value)
        if not _is_finite(value):
            return 0
        write_number(row, col, value)
        return min(len(str(value)), 12)  # General shows at most about 11 characters

    def percent(row, col, value):
        if not _is_number(value):
            return text(row, col, value)
        if not _is_finite(value):
            return 0
        write_number(row, col, value, percent_format)
        return 8

    def date(row, col, value):
        if isinstance(value, datetime.datetime):
            value = local_naive(value).date()
        elif not isinstance(value, datetime.date):
            return text(row, col, value)
        write_datetime(row, col, value, date_format)
        return 10

    def date_and_time(row, col, value):
        if not isinstance(value, datetime.datetime):
            return date(row, col, value)
        write_datetime(row, col, local_naive(value), datetime_format)
        return 16

    def auto(row, col, value):
        if value.__class__ is str:
            return text(row, col, value)
        if _is_number(value):
            return number(row, col, value)
        if isinstance(value, datetime.date):
            return date_and_time(row, col, value)
        return text(row, col, value)

    writers = {
        TEXT: text,
        PHONE: text,
        CODE: text,
        INTEGER: number,
        NUMBER: number,
        COORDINATE: number,
        PERCENT: percent,
        DATE: date,
        DATETIME: date_and_time,
        AUTO: auto,
    }
    return [writers[column.type] for column in columns]


def xlsx_file(headers, rows, sheet_title="Export"):
    """An XLSX file written row by row to a temporary file, in constant memory.

    XlsxWriter's ``constant_memory`` mode flushes each row as it goes; ``strings_to_formulas``
    is off, so a text starting with ``=`` is stored as text (and is neutralised besides). Cells
    are typed by their column (see the module's docstring); the header row is frozen, filtered,
    and the columns are as wide as the widest value written (bounded), counted while writing.
    """
    columns = as_columns(headers)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse)
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": XLSX_DATE_FORMAT,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    sheet = workbook.add_worksheet(safe_sheet_title(sheet_title))
    header_format = workbook.add_format({"bold": True})
    for col, column in enumerate(columns):
        sheet.write_string(0, col, str(column), header_format)
    writers = _xlsx_cell_writers(workbook, sheet, columns)
    widths = [len(str(column)) + FILTER_BUTTON_WIDTH for column in columns]
    last_row = 0
    for last_row, row in enumerate(rows, start=1):  # noqa: B007 (the last row is used below)
        for col, (write, value) in enumerate(zip(writers, row, strict=False)):
            if value is not None:
                width = write(last_row, col, value)
                if width > widths[col]:
                    widths[col] = width
    if columns:
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width, MIN_WIDTH), MAX_WIDTH) + 1)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last_row, len(columns) - 1)
    workbook.close()
    handle.seek(0)
    return handle


def safe_sheet_title(title):
    """Excel refuses []:*?/\\ in a sheet title and more than 31 characters."""
    cleaned = INVALID_SHEET_TITLE.sub("", str(title)).strip("' ")[:31].strip()
    return cleaned or "Export"


# Resources ---------------------------------------------------------------------------------


def resource_columns(resource):
    """The typed columns of a django-import-export resource.

    A resource declares the types of its columns in ``export_types`` (field name → type);
    the other columns are text, as its widgets render them.
    """
    types = getattr(resource, "export_types", {})
    return [
        Column(force_str(field.column_name), types.get(resource.get_field_name(field), TEXT))
        for field in resource.get_export_fields()
    ]


def resource_rows(resource, queryset):
    """Rows of a django-import-export resource, read from the database in chunks.

    Text columns are rendered by the resource (``dehydrate_*`` method or widget); typed ones
    carry the field's own value (a ``Decimal``, a ``datetime``), which the writers type.
    """
    types = getattr(resource, "export_types", {})
    getters = []
    for field in resource.get_export_fields():
        name = resource.get_field_name(field)
        dehydrate = field.get_dehydrate_method(name)
        typed = types.get(name, TEXT) not in TEXT_TYPES
        if typed and not callable(dehydrate) and not hasattr(resource, dehydrate):
            getters.append(field.get_value)
        else:
            getters.append(lambda instance, field=field: resource.export_field(field, instance))
    for instance in resource.iter_queryset(queryset):
        yield [get(instance) for get in getters]


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


def export_response(request, *, fmt, what, headers, rows, row_count, filters=None, source=None):
    """Log the export (who, when, what, how many rows, which filter) and stream it.

    With a ``source`` (see the module's docstring) and more than
    ``settings.EXPORT_INLINE_MAX_ROWS`` rows, the file is written by a job instead: the
    response redirects to the job's page, where the file is offered once written.
    """
    from portal.models import ExportLog

    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    ExportLog.objects.create(
        user=request.user if request.user.is_authenticated else None,
        username=request.user.get_username() if request.user.is_authenticated else "",
        what=what,
        format=fmt,
        row_count=row_count,
        filters=filters or {},
    )
    filename = filename_for(what, fmt)
    if source is not None and row_count > settings.EXPORT_INLINE_MAX_ROWS:
        return redirect(start_export_job(request.user, fmt, what, filename, source, row_count))
    return stream_export(fmt, headers, rows, filename=filename, sheet_title=what)


def export_resource_response(request, resource, queryset, *, fmt, what, filters=None, source=None):
    """Export a queryset through a django-import-export resource, streamed and logged."""
    return export_response(
        request,
        fmt=fmt,
        what=what,
        headers=resource_columns(resource),
        rows=resource_rows(resource, queryset),
        row_count=queryset.count(),
        filters=filters,
        source=source,
    )


# Exports written by a job ------------------------------------------------------------------

EXPORT_JOB_KIND = "export"
PROGRESS_EVERY = 1000  # rows between two progress reports (set_progress writes once a second)


def start_export_job(user, fmt, what, filename, source, row_count):
    """Start the job writing the file of an export too big for a request; returns the job."""
    source_path, source_args = source
    remove_expired_exports()
    return start_job(
        write_export_file,
        kind=EXPORT_JOB_KIND,
        # Job.label holds 255 characters; a survey's title alone may take 255.
        label=_("Export : %(what)s (%(format)s)") % {"what": what[:200], "format": fmt.upper()},
        user=user,
        kwargs={
            "fmt": fmt,
            "what": what,
            "filename": filename,
            "source": source_path,
            "source_args": list(source_args),
        },
        total=row_count,
    )


def export_file_name(job):
    """Where an export job's file is kept in the default storage."""
    return f"exports/{job.pk}/{job.kwargs['filename']}"


def _reporting(job, rows):
    """``rows``, reporting to ``job`` how many were written."""
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 (the count is used below)
        yield row
        if done % PROGRESS_EVERY == 0:
            job.set_progress(done)
    job.set_progress(done, total=done, force=True)


def _written(fmt, headers, rows, sheet_title):
    """A temporary file holding the export (closed by the caller)."""
    if fmt == "xlsx":
        return xlsx_file(headers, rows, sheet_title)
    chunks = csv_chunks(headers, rows) if fmt == "csv" else json_chunks(headers, rows)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
    try:
        for chunk in chunks:
            handle.write(chunk.encode("utf-8"))
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


@job_task
def write_export_file(job, *, fmt, what, filename, source, source_args):
    """Rebuild the export's rows from its source and keep the file for its owner.

    The file is written to a temporary file first, then saved whole: a failure leaves no file
    in the storage.
    """
    headers, rows = import_string(source)(*source_args)
    name = export_file_name(job)
    with _written(fmt, headers, _reporting(job, rows), what) as handle:
        try:
            if default_storage.exists(name):  # a left-over of an interrupted run
                default_storage.delete(name)
            saved = default_storage.save(name, File(handle, name=filename))
        except OSError as error:
            logger.exception("Export file of job %s not written", job.pk)
            _delete_quietly(name)
            raise JobError(
                _(
                    "Le fichier de l'export n'a pas pu être enregistré (stockage indisponible "
                    "ou plein). Rien n'a été gardé ; vous pouvez relancer l'export."
                )
            ) from error
    if saved != name:  # the storage renamed it: keep nothing we could not find again
        _delete_quietly(saved)
        raise JobError(_("Le fichier de l'export n'a pas pu être enregistré."))
    job.result_url = reverse("job_file", args=[job.pk])
    return {_("fichier"): filename, _("lignes"): job.done}


def _delete_quietly(name):
    try:
        default_storage.delete(name)
    except Exception:
        logger.warning("Export file %s not deleted", name, exc_info=True)
        return
    # An emptied folder of the local file system is removed too (other storages have none).
    try:
        folder = default_storage.path(posixpath.dirname(name))
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):  # not empty, or already gone
        os.rmdir(folder)


def remove_expired_exports(now=None):
    """Delete the files of exports older than ``EXPORT_FILE_TTL_HOURS`` (personal data).

    Their jobs stay, without a link, saying when the file was deleted. Returns how many files
    were deleted. Called when an export job starts or a file is asked for, and by
    ``manage.py remove_expired_exports`` (maintenance timer).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.EXPORT_FILE_TTL_HOURS)
    expired = Job.objects.filter(
        kind=EXPORT_JOB_KIND, created_at__lt=cutoff, status=Job.Status.SUCCEEDED
    ).exclude(result_url="")
    removed = 0
    for job in expired:
        _delete_quietly(export_file_name(job))
        summary = dict(job.summary)
        summary[_("fichier")] = _(
            "supprimé le %(date)s (conservé %(hours)s h : données personnelles) ; "
            "exportez à nouveau au besoin"
        ) % {
            "date": timezone.localtime(now).strftime("%d/%m/%Y à %H:%M"),
            "hours": settings.EXPORT_FILE_TTL_HOURS,
        }
        Job.objects.filter(pk=job.pk).update(result_url="", summary=summary)
        removed += 1
    return removed
