"""Bounded readers of what offices upload: CSV, XLSX and ODS, read as the user sees the cells.

Every reader yields rows (lists of cell texts) and refuses, with a French message, a file that
is too big, binary, empty, has too many rows or columns, or a cell too long. Limits are checked
*while* reading, from the cells actually present: the size before anything is read, rows and
columns as they come (never from a declared ``<dimension>`` or a repeat count), so a tiny file
that declares a million rows costs nothing.

Cells are turned into text the way the spreadsheet shows them:

- a number with an integer pattern format keeps its padding and separators (``00 00 00 00 00``
  → ``03 87 00 00 00``, ``00000`` → ``08000``); other numbers keep their exact value;
- a date cell becomes ``dd/mm/yyyy`` (with `` hh:mm`` when it has a time);
- a text starting with the apostrophe our exports add before formula-like text
  (:func:`portal.exports.neutralise_formula`) gets exactly that apostrophe removed.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext as _

from portal.exports import neutralise_formula

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
# A zipped workbook may not unpack to more than this (a "zip bomb" is refused unopened).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# Shared strings are loaded at once by openpyxl (the sheet itself is streamed).
MAX_SHARED_STRINGS_BYTES = 30 * 1024 * 1024

XLSX, ODS, CSV = "xlsx", "ods", "csv"


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is shown to the coordinator."""


# --- Cell values as the user sees them -------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.')
_INTEGER_PATTERN = re.compile(r"^[0#?\s\-./()]*[0#?][0#?\s\-./()]*$")


def _format_literal_free(number_format):
    """The first section of a number format with its quoted/escaped literals kept apart."""
    section = str(number_format or "").split(";", 1)[0]
    section = re.sub(r"\[[^\]]*\]", "", section)  # colours, locales, conditions
    return section


def apply_integer_format(value, number_format):
    """``value`` rendered through an integer pattern (``00 00 00 00 00``), or None.

    Only patterns made of digit placeholders and separators are applied: they are how offices
    keep leading zeros (phones, postcodes, SIRET). Anything else (decimals, percentages,
    thousands separators, dates) is left to the exact value.
    """
    section = _format_literal_free(number_format)
    if not section or section.lower() == "general":
        return None
    literal_free = _QUOTED.sub(" ", section)
    if not _INTEGER_PATTERN.match(literal_free):
        return None
    if literal_free.count(".") == 1:
        return None  # a single "." is a decimal point: not an integer pattern
    if value < 0 or value != int(value):
        return None
    digits = list(str(int(value)))
    tokens = []
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end == -1 else end
            tokens.append(("literal", section[index + 1 : end]))
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(section):
            tokens.append(("literal", section[index + 1]))
            index += 2
            continue
        tokens.append(("digit", char) if char in "0#?" else ("literal", char))
        index += 1
    out = []
    for kind, char in reversed(tokens):
        if kind == "digit":
            if digits:
                out.append(digits.pop())
            elif char == "0":
                out.append("0")
            elif char == "?":
                out.append(" ")
        else:
            out.append(char)
    text = "".join(reversed(digits)) + "".join(reversed(out))
    return text.strip()


def number_text(value, number_format=None):
    """A number as text: through an integer pattern format, else its exact value."""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if number_format:
        formatted = apply_integer_format(value, number_format)
        if formatted is not None:
            return formatted
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def date_text(value):
    if isinstance(value, datetime.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def unneutralise(text):
    """Remove exactly the apostrophe :func:`portal.exports.neutralise_formula` adds."""
    if text.startswith("'") and neutralise_formula(text[1:]) == text:
        return text[1:]
    return text


def text_cell(value):
    if value is None:
        return ""
    text = str(value).strip()
    return unneutralise(text) if text.startswith("'") else text


# --- Limits ----------------------------------------------------------------------------------


def too_many_rows():
    return ImportFileError(
        _(
            "Le fichier a plus de %(max)s lignes : découpez-le en fichiers de %(max)s lignes "
            "au plus."
        )
        % {"max": f"{MAX_ROWS:,}".replace(",", "\u202f")}
    )


def check_cell(text, row_number):
    if len(text) > MAX_CELL_CHARS:
        raise ImportFileError(
            _(
                "Une cellule de la ligne %(number)s dépasse %(max)s caractères : ce n'est "
                "sans doute pas une donnée de contact. Vérifiez le fichier."
            )
            % {"number": row_number, "max": MAX_CELL_CHARS}
        )
    if "\x00" in text:
        raise ImportFileError(
            _(
                "La ligne %(number)s contient un caractère invalide (octet nul) : le "
                "fichier est sans doute abîmé. Enregistrez à nouveau votre tableau en CSV "
                "ou XLSX."
            )
            % {"number": row_number}
        )


def check_columns(count):
    if count > MAX_COLUMNS:
        raise ImportFileError(
            _(
                "Le fichier a plus de %(max)s colonnes remplies : ce n'est pas un tableau de "
                "contacts ou d'organisations. Vérifiez la feuille exportée."
            )
            % {"max": MAX_COLUMNS}
        )


# --- Telling files apart ---------------------------------------------------------------------


def sniff(head, filename=""):
    """The kind of a file (``xlsx``, ``ods`` or ``csv``) from its first bytes, or a refusal."""
    if not head.strip():
        raise ImportFileError(_("Le fichier est vide."))
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head[:200]:
            return ODS
        if str(filename).lower().endswith(".ods"):
            return ODS
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Les classeurs .xls (Excel 97-2003) ne sont pas acceptés : enregistrez-le en "
                ".xlsx ou en CSV."
            )
        )
    if b"\x00" in head[:4096]:
        raise ImportFileError(
            _(
                "Ce fichier n'est pas un tableau CSV, XLSX ou ODS (fichier binaire) : exportez "
                "votre tableau au format CSV ou XLSX."
            )
        )
    return CSV


def check_size(size):
    if size > MAX_BYTES:
        raise ImportFileError(
            _("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers plus petits.")
        )


# --- CSV ---------------------------------------------------------------------------------------


def encoding_of(raw):
    """``utf-8-sig`` or ``cp1252``, checked in 1 MB steps (no copy of the whole text)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    step = 1024 * 1024
    try:
        for start in range(0, len(raw), step):
            decoder.decode(raw[start : start + step], final=start + step >= len(raw))
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        for start in range(0, len(raw), step):
            decoder.decode(raw[start : start + step], final=start + step >= len(raw))
        return "cp1252"
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Le fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8.")
        ) from None


def _csv_rows(raw):
    encoding = encoding_of(raw)
    head = raw[: 64 * 1024].decode(encoding, errors="ignore")
    first_line = head.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    # Decoded as it is read: the whole text is never held in memory a second time.
    text = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger" in str(error):
                raise ImportFileError(
                    _(
                        "Une cellule de la ligne %(number)s dépasse %(max)s caractères : ce "
                        "n'est pas une donnée de contact, ou un guillemet n'est pas refermé. "
                        "Vérifiez le fichier."
                    )
                    % {"number": reader.line_num, "max": MAX_CELL_CHARS}
                ) from None
            raise ImportFileError(
                _("Le CSV est mal formé vers la ligne %(number)s : enregistrez-le à nouveau.")
                % {"number": reader.line_num}
            ) from None
        yield [text_cell(value) for value in row]


# --- XLSX --------------------------------------------------------------------------------------


def _check_zip(raw, label):
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(label) from error
    strings = sum(
        info.file_size for info in archive.infolist() if info.filename.endswith("sharedStrings.xml")
    )
    if unzipped > MAX_UNZIPPED_BYTES or strings > MAX_SHARED_STRINGS_BYTES:
        raise ImportFileError(
            _(
                "Ce classeur est trop volumineux une fois décompressé : découpez-le en "
                "fichiers plus petits, ou enregistrez-le en CSV."
            )
        )
    return archive


def _xlsx_rows(raw):
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    unreadable = _("Ce classeur XLSX est illisible ou abîmé : ré-enregistrez-le depuis le tableur.")
    _check_zip(raw, unreadable)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        source = sheet._get_source()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as error:
        raise ImportFileError(unreadable) from error
    try:
        # The sheet's own parser, without openpyxl's padding of rows and columns up to the
        # declared <dimension>: only the cells present in the file are seen.
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            row = []
            for cell in cells:
                value = cell["value"]
                if value is None or value == "":
                    continue
                column = cell["column"]
                check_columns(column)
                if len(row) < column:
                    row.extend([""] * (column - len(row)))
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    text = number_text(value, ReadOnlyCell(sheet, **cell).number_format)
                elif isinstance(value, datetime.date | datetime.time):
                    text = date_text(value)
                elif isinstance(value, bool):
                    text = number_text(value)
                else:
                    text = str(value)
                    check_cell(text, number)
                    text = text_cell(text)
                row[column - 1] = text
            yield row
    except ImportFileError:
        raise
    except Exception as error:  # any XML or value error inside a damaged sheet
        raise ImportFileError(unreadable) from error
    finally:
        source.close()
        workbook.close()


# --- ODS ---------------------------------------------------------------------------------------

NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T_TABLE = f"{{{NS_TABLE}}}table"
T_ROW = f"{{{NS_TABLE}}}table-row"
T_CELL = f"{{{NS_TABLE}}}table-cell"
T_COVERED = f"{{{NS_TABLE}}}covered-table-cell"
T_P = f"{{{NS_TEXT}}}p"
A_REPEAT_ROWS = f"{{{NS_TABLE}}}number-rows-repeated"
A_REPEAT_COLS = f"{{{NS_TABLE}}}number-columns-repeated"
A_TYPE = f"{{{NS_OFFICE}}}value-type"
A_VALUE = f"{{{NS_OFFICE}}}value"
A_DATE = f"{{{NS_OFFICE}}}date-value"
A_BOOL = f"{{{NS_OFFICE}}}boolean-value"


def _ods_cell_text(element):
    kind = element.get(A_TYPE)
    shown = "\n".join("".join(p.itertext()) for p in element.iter(T_P))
    if kind in ("float", "percentage", "currency"):
        raw = element.get(A_VALUE, "")
        # The shown text keeps leading zeros and separators of integer patterns; use it when
        # it is made of the number's digits only (not a rounded or grouped display).
        digits = re.sub(r"[\s.\-/()]", "", shown)
        try:
            number = Decimal(raw)
        except ArithmeticError:
            return shown
        if digits.isdigit() and number == number.to_integral_value() and int(digits) == number:
            return shown.strip()
        return number_text(number)
    if kind == "date":
        value = element.get(A_DATE, "")
        try:
            return date_text(datetime.datetime.fromisoformat(value))
        except ValueError:
            return shown
    if kind == "boolean":
        return _("oui") if element.get(A_BOOL) == "true" else _("non")
    return text_cell(shown)


def _ods_rows(raw):
    unreadable = _("Ce classeur ODS est illisible ou abîmé : ré-enregistrez-le depuis le tableur.")
    archive = _check_zip(raw, unreadable)
    try:
        handle = archive.open("content.xml")
    except KeyError as error:
        raise ImportFileError(unreadable) from error
    number = 0
    pending_empty = 0  # empty rows are only counted when a filled row follows them
    in_table = 0
    try:
        for event, element in iterparse(handle, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == T_TABLE:
                    in_table += 1
                continue
            if tag == T_TABLE:
                return  # the first sheet only
            if tag != T_ROW or in_table != 1:
                continue
            repeat = min(int(element.get(A_REPEAT_ROWS, "1") or 1), MAX_ROWS + 2)
            row, column = [], 0
            for cell in element:
                if cell.tag not in (T_CELL, T_COVERED):
                    continue
                span = int(cell.get(A_REPEAT_COLS, "1") or 1)
                text = _ods_cell_text(cell) if cell.tag == T_CELL else ""
                if text:
                    check_cell(text, number + pending_empty + 1)
                    if column + span > MAX_COLUMNS:
                        check_columns(column + span)
                    row.extend([""] * (column - len(row)))
                    row.extend([text] * span)
                column += span
            element.clear()
            if not row:
                pending_empty += repeat
                continue
            for _copy in range(repeat):
                number += pending_empty + 1
                pending_empty = 0
                yield list(row)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(unreadable) from error
    finally:
        handle.close()


# --- All together ------------------------------------------------------------------------------


def iter_rows(raw, filename=""):
    """Rows of ``raw`` (bytes), non-empty ones only, at most MAX_ROWS + 1 (header) of them."""
    check_size(len(raw))
    kind = sniff(raw[:8192], filename)
    readers = {CSV: _csv_rows, XLSX: _xlsx_rows, ODS: _ods_rows}
    count = 0
    for number, row in enumerate(readers[kind](raw), start=1):
        while row and not row[-1]:
            row.pop()
        if not any(row):
            continue
        check_columns(len(row))
        if kind == CSV:
            for value in row:
                check_cell(value, number)
        count += 1
        if count > MAX_ROWS + 1:
            raise too_many_rows()
        yield row


def read_rows(raw, filename=""):
    """All the non-empty rows of a file, bounded (see :func:`iter_rows`)."""
    rows = list(iter_rows(raw, filename))
    if not rows:
        raise ImportFileError(_("Le fichier est vide."))
    return rows


def read_head(raw, filename=""):
    """The first non-empty row (the header) only: what the upload request checks at once."""
    for row in iter_rows(raw, filename):
        return row
    raise ImportFileError(_("Le fichier est vide."))
