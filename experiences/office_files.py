"""Files as offices make them, for the tests and the benchmarks (the app never imports this).

LibreOffice headless runs as a French office runs it: with its own user profile (one per
process, so that parallel runs do not fight over a profile lock) set to the fr-FR locale, so that
numbers, dates and percentages are read and shown as a French user sees them (``48,65806``,
``01/12/2026``, ``14,3%``). ``write_fods`` writes a flat ODS (a text file LibreOffice opens like
any spreadsheet) whose phone cells are numbers formatted ``00 00 00 00 00`` and whose date cells
are dates, as an office's contacts sheet holds them; ``convert`` turns it (or a CSV) into the
``.xlsx`` or ``.ods`` LibreOffice itself writes.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MISSING = (
    "LibreOffice headless (soffice) est absent : `make test` installe libreoffice-calc-nogui "
    "avec apt-get."
)
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
# CSV read by Calc as a spreadsheet opens our exports: ";" (59), '"' (34), UTF-8 (76), line 1.
CSV_EXPORT_FILTER = "CSV:59,34,76,1"
_profile = None


class SofficeMissing(RuntimeError):
    pass


def french_profile():
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="cooperer-lo-profile-"))
        (_profile / "user").mkdir()
        (_profile / "user" / "registrymodifications.xcu").write_text(FRENCH_PROFILE)
    return _profile


def convert(path, target, outdir, infilter=None, timeout=180):
    """``soffice --headless --convert-to target --outdir outdir path``; the converted file.

    Raises :class:`SofficeMissing` when LibreOffice is not installed."""
    if SOFFICE is None:
        raise SofficeMissing(MISSING)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        SOFFICE,
        f"-env:UserInstallation={french_profile().as_uri()}",
        "--headless",
        "--norestore",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    converted = outdir / f"{Path(path).stem}.{target.split(':')[0]}"
    if not converted.exists():
        raise RuntimeError(f"LibreOffice n'a pas converti {path} en {target}")
    return converted


FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:number-style style:name="Nphone">
   <number:number number:decimal-places="0" number:min-integer-digits="2"/>
   <number:text> </number:text>
   <number:number number:decimal-places="0" number:min-integer-digits="2"/>
   <number:text> </number:text>
   <number:number number:decimal-places="0" number:min-integer-digits="2"/>
   <number:text> </number:text>
   <number:number number:decimal-places="0" number:min-integer-digits="2"/>
   <number:text> </number:text>
   <number:number number:decimal-places="0" number:min-integer-digits="2"/>
  </number:number-style>
  <number:date-style style:name="Ndate">
   <number:day number:style="long"/><number:text>/</number:text>
   <number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>
  </number:date-style>
  <style:style style:name="cephone" style:family="table-cell" style:data-style-name="Nphone"/>
  <style:style style:name="cedate" style:family="table-cell" style:data-style-name="Ndate"/>
 </office:automatic-styles>
 <office:body><office:spreadsheet><table:table table:name="Contacts">
"""
FODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document>\n"


def fods_cell(value):
    """A cell of a flat ODS: ``("phone", 387000000)``, ``("date", "2025-10-02")`` or text."""
    if isinstance(value, tuple) and value[0] == "phone":
        return (
            '<table:table-cell table:style-name="cephone" office:value-type="float" '
            f'office:value="{value[1]}"><text:p>{value[1]}</text:p></table:table-cell>'
        )
    if isinstance(value, tuple) and value[0] == "date":
        return (
            '<table:table-cell table:style-name="cedate" office:value-type="date" '
            f'office:date-value="{value[1]}"><text:p>{value[1]}</text:p></table:table-cell>'
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if not value:
        return "<table:table-cell/>"
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def write_fods(path, rows):
    """Write ``rows`` (lists of :func:`fods_cell` values) as a flat ODS at ``path``."""
    body = "".join(
        "<table:table-row>" + "".join(fods_cell(v) for v in row) + "</table:table-row>\n"
        for row in rows
    )
    Path(path).write_text(FODS_HEAD + body + FODS_TAIL, encoding="utf-8")
    return Path(path)


def phone_as_typed(number):
    """How LibreOffice shows ``number`` under ``00 00 00 00 00``: 387000000 → "03 87 00 00 00"."""
    digits = f"{number:010d}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
