"""Files as offices make them: LibreOffice headless converts what the tests write.

``convert(path, "xlsx")`` runs ``soffice --headless --convert-to`` with a private profile (so
that tests running in parallel do not share one) and returns the converted file's path. Tests
using the ``soffice`` fixture are skipped, with the reason, when LibreOffice is not installed
(``make test`` installs ``libreoffice-calc-nogui``).
"""

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

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
    body = "".join(
        "<table:table-row>" + "".join(fods_cell(v) for v in row) + "</table:table-row>\n"
        for row in rows
    )
    Path(path).write_text(FODS_HEAD + body + FODS_TAIL, encoding="utf-8")
    return Path(path)


@pytest.fixture
def soffice(tmp_path):
    """``convert(source, fmt, infilter=None)`` → path of the file LibreOffice wrote."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip(
            "LibreOffice (soffice) n'est pas installé : `make test` installe "
            "libreoffice-calc-nogui avec apt-get"
        )
    profile = tmp_path / "lo-profile"

    def convert(source, fmt, infilter=None):
        outdir = tmp_path / f"converted-{fmt}-{Path(source).stem}"
        outdir.mkdir(exist_ok=True)
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
        ]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", fmt, "--outdir", str(outdir), str(source)]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        converted = outdir / f"{Path(source).stem}.{fmt.split(':')[0]}"
        assert converted.exists(), f"LibreOffice n'a pas écrit {converted}"
        return converted

    return convert
