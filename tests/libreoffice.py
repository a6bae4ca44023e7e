"""LibreOffice headless as a French office runs it, for tests that need a real spreadsheet.

``soffice`` runs with its own user profile (one per test process, so that parallel runs do not
fight over a profile lock) set to the fr-FR locale: numbers, dates and percentages are read and
shown as a French user sees them (``48,65806``, ``01/12/2026``, ``14,3%``).
"""

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FRENCH_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>fr-FR</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">
<value>fr-FR</value></prop></item>
</oor:items>
"""
# CSV written by Calc: ";" separated, '"' quoted, UTF-8, cells "as shown" (formatted).
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1036,false,true,true"
_profile = None


def require_soffice():
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice headless (soffice) est absent : `make test` installe "
            "libreoffice-calc-nogui avec apt-get."
        )


def french_profile():
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="cooperer-lo-profile-"))
        (_profile / "user").mkdir()
        (_profile / "user" / "registrymodifications.xcu").write_text(FRENCH_PROFILE)
    return _profile


def convert(path, target, outdir):
    """``soffice --headless --convert-to target --outdir outdir path``; the converted file."""
    require_soffice()
    outdir = Path(outdir)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={french_profile().as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = outdir / f"{Path(path).stem}.{target.split(':')[0]}"
    assert converted.exists(), f"LibreOffice n'a pas converti {path} en {target}"
    return converted


def shown_rows(xlsx_bytes, tmp_path):
    """The rows of an XLSX file as LibreOffice (fr-FR) shows them, through its CSV export."""
    require_soffice()
    source = Path(tmp_path) / "export.xlsx"
    source.write_bytes(xlsx_bytes)
    converted = convert(source, CSV_AS_SHOWN, Path(tmp_path) / "libreoffice")
    text = converted.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))
