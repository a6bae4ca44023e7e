"""Files as offices make them: LibreOffice headless converts what the tests write.

The flat ODS writer and the conversion live in :mod:`experiences.office_files` (shared with
``bench/experiences.py --served``). The ``soffice`` fixture's ``convert(path, "xlsx")`` returns
the converted file's path; tests using it are skipped, with the reason, when LibreOffice is not
installed (``make test`` installs ``libreoffice-calc-nogui``).
"""

from pathlib import Path

import pytest

from experiences.office_files import write_fods  # noqa: F401 (re-exported for the tests)
from tests.libreoffice import convert as libreoffice_convert
from tests.libreoffice import require_soffice


@pytest.fixture
def soffice(tmp_path):
    """``convert(source, fmt, infilter=None)`` → path of the file LibreOffice wrote."""
    require_soffice()

    def convert(source, fmt, infilter=None):
        outdir = tmp_path / f"converted-{fmt}-{Path(source).stem}"
        return libreoffice_convert(source, fmt, outdir, infilter=infilter)

    return convert
