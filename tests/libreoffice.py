"""LibreOffice headless as a French office runs it, for tests that need a real spreadsheet.

The conversion itself lives in :mod:`experiences.office_files` (shared with the benchmarks);
here, tests are skipped with the reason when LibreOffice is not installed.
"""

import csv
import io
from pathlib import Path

import pytest

from experiences import office_files
from experiences.office_files import CSV_AS_SHOWN


def require_soffice():
    if office_files.SOFFICE is None:
        pytest.skip(office_files.MISSING)


def convert(path, target, outdir, infilter=None):
    """``soffice --headless --convert-to target --outdir outdir path``; the converted file."""
    require_soffice()
    return office_files.convert(path, target, outdir, infilter=infilter)


def shown_rows(xlsx_bytes, tmp_path):
    """The rows of an XLSX file as LibreOffice (fr-FR) shows them, through its CSV export."""
    source = Path(tmp_path) / "export.xlsx"
    source.write_bytes(xlsx_bytes)
    converted = convert(source, CSV_AS_SHOWN, Path(tmp_path) / "libreoffice")
    text = converted.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))
