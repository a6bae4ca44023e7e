"""Coordinators' imports: read what French offices produce, preview, then write all or nothing.

1. :func:`read_table` turns an uploaded CSV or XLSX into a ``tablib.Dataset`` with the
   resource's column names: UTF-8 with or without BOM or Windows-1252, ``;`` or ``,``,
   headers with or without accents or capitals, empty rows dropped. Empty, binary, unreadable
   files and files without the required columns raise :class:`ImportFileError` with a French
   message.
2. :func:`run_import` runs the resource in a transaction: as a dry run for the preview, for
   real on confirmation, where any error rolls every row back.
"""

import csv
import io
import json
import unicodedata
import uuid
import zipfile

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import tablib
from openpyxl import load_workbook

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
TOKEN_SALT = "experiences.import"
TOKEN_MAX_AGE = 60 * 60  # a preview may be confirmed within the hour
PREVIEW_DIR = "imports"

# Other spellings offices use for our columns (compared without accents or capitals).
ALIASES = {
    "email": "Courriel",
    "e-mail": "Courriel",
    "mail": "Courriel",
    "adresse electronique": "Courriel",
    "courriel professionnel": "Courriel",
    "tel": "Téléphone",
    "tel.": "Téléphone",
    "telephone professionnel": "Téléphone",
    "structure": "Organisation",
    "poste": "Fonction",
    "visible partenaires": "Visible par les partenaires",
    "site internet": "Site web",
    "themes": "Thématiques",
}


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is shown to the coordinator."""


def normalise(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.replace("_", " ").lower().split())


def column_lookup(resource):
    lookup = {normalise(alias): column for alias, column in ALIASES.items()}
    for field in resource.get_import_fields():
        lookup[normalise(field.column_name)] = field.column_name
    return lookup


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("Le fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8.")
    )


def _csv_rows(raw):
    text = _decode(raw)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(raw):
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("Ce classeur XLSX est illisible ou abîmé : ré-enregistrez-le depuis le tableur.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(uploaded):
    """The raw rows of an uploaded CSV or XLSX file (lists of strings)."""
    if getattr(uploaded, "size", 0) > MAX_BYTES:
        raise ImportFileError(
            _("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers plus petits.")
        )
    raw = uploaded.read()
    if not raw.strip():
        raise ImportFileError(_("Le fichier est vide."))
    if raw.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(raw)
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Les classeurs .xls (Excel 97-2003) ne sont pas acceptés : enregistrez-le en "
                ".xlsx ou en CSV."
            )
        )
    elif b"\x00" in raw[:4096]:
        raise ImportFileError(
            _(
                "Ce fichier n'est pas un tableau CSV ou XLSX (fichier binaire) : exportez votre "
                "tableau au format CSV ou XLSX."
            )
        )
    else:
        rows = _csv_rows(raw)
    cells = [[_cell(value) for value in row] for row in rows]
    for number, row in enumerate(cells, start=1):
        if any("\x00" in value for value in row):
            raise ImportFileError(
                _(
                    "La ligne %(number)s contient un caractère invalide (octet nul) : le "
                    "fichier est sans doute abîmé. Enregistrez à nouveau votre tableau en CSV "
                    "ou XLSX."
                )
                % {"number": number}
            )
    return cells


def read_table(uploaded, resource):
    """``(dataset, ignored_columns)`` for ``resource`` from an uploaded file."""
    rows = [row for row in read_rows(uploaded) if any(row)]
    if not rows:
        raise ImportFileError(_("Le fichier est vide."))
    lookup = column_lookup(resource)
    header = rows[0]
    columns, ignored = [], []
    for name in header:
        column = lookup.get(normalise(name))
        if column is None or column in columns:
            if name:
                ignored.append(name)
            columns.append(None)
        else:
            columns.append(column)
    missing = [column for column in resource.required_columns if column not in columns]
    if missing:
        raise ImportFileError(
            _(
                "Colonnes manquantes : %(missing)s. Colonnes trouvées : %(found)s. La première "
                "ligne doit nommer les colonnes : %(expected)s."
            )
            % {
                "missing": ", ".join(missing),
                "found": ", ".join(name for name in header if name) or _("aucune"),
                "expected": ", ".join(f.column_name for f in resource.get_import_fields()),
            }
        )
    data_rows = rows[1:]
    if not data_rows:
        raise ImportFileError(_("Le fichier ne contient que la ligne des titres, aucune donnée."))
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(
            _("Le fichier a %(count)s lignes ; découpez-le en fichiers de %(max)s lignes au plus.")
            % {"count": len(data_rows), "max": MAX_ROWS}
        )
    kept = [index for index, column in enumerate(columns) if column]
    dataset = tablib.Dataset(headers=[columns[index] for index in kept])
    for row in data_rows:
        row = row + [""] * (len(columns) - len(row))
        dataset.append([row[index] for index in kept])
    return dataset, ignored


# --- Running an import -----------------------------------------------------------------------

KIND_LABELS = {
    "new": _("nouvelle"),
    "update": _("mise à jour"),
    "skip": _("inchangée"),
    "error": _("invalide"),
    "invalid": _("invalide"),
}


def _error_message(error):
    """A row's error in French: never the database's own (English) words."""
    if isinstance(error, IntegrityError):
        return _(
            "Cette fiche vient d'être enregistrée par un autre import au même moment : rien "
            "n'a été écrit. Rechargez la liste, puis relancez l'import si besoin."
        )
    if isinstance(error, DatabaseError):
        return _("La base de données a refusé cette ligne : rien n'a été écrit.")
    return str(error)


def _messages(row_result):
    if row_result.errors:
        return [_error_message(error.error) for error in row_result.errors]
    if row_result.validation_error is not None:
        error = row_result.validation_error
        if hasattr(error, "message_dict"):
            return [
                f"{field} : {message}" if field != "__all__" else message
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        return list(error.messages)
    return []


def summarise(result, dataset, resource):
    """Counts by outcome and one line per row (number, key, outcome, French messages)."""
    key_column = resource.fields[resource._meta.import_id_fields[0]].column_name
    labels = {f.attribute: f.column_name for f in resource.get_import_fields()}
    counts = {"new": 0, "update": 0, "skip": 0, "invalid": 0}
    lines = []
    for index, row_result in enumerate(result.rows):
        kind = row_result.import_type
        outcome = "invalid" if kind in ("error", "invalid") else kind
        counts[outcome] = counts.get(outcome, 0) + 1
        messages = [_translate_field(message, labels) for message in _messages(row_result)]
        row = dataset[index] if index < len(dataset) else ()
        key = row[dataset.headers.index(key_column)] if key_column in dataset.headers else ""
        lines.append(
            {
                "number": index + 2,  # the file's line: 1 is the header
                "key": key,
                "outcome": outcome,
                "label": KIND_LABELS.get(kind, kind),
                "messages": messages,
            }
        )
    for error in result.base_errors:
        counts["invalid"] += 1
        lines.append(
            {
                "number": "",
                "key": "",
                "outcome": "invalid",
                "label": KIND_LABELS["error"],
                "messages": [_error_message(error.error)],
            }
        )
    return counts, lines


def _translate_field(message, labels):
    field, sep, rest = message.partition(" : ")
    if sep and field in labels:
        return f"{labels[field]} : {rest}"
    return message


class ImportRejected(Exception):
    """Raised inside the transaction to roll back an import that has invalid rows."""

    def __init__(self, result):
        super().__init__("import rejected")
        self.result = result


def run_import(resource, dataset, *, dry_run):
    """Import ``dataset``: nothing is written when ``dry_run`` or when any row is invalid."""
    try:
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            if dry_run or result.has_errors() or result.has_validation_errors():
                raise ImportRejected(result)
    except ImportRejected as rejected:
        return rejected.result
    return result


# --- Keeping the previewed file until it is confirmed ---------------------------------------


def remove_expired_previews(now=None):
    """Delete the previews nobody confirmed before their token expired (personal data)."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(PREVIEW_DIR)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{PREVIEW_DIR}/{name}"
        age = (now - default_storage.get_modified_time(path)).total_seconds()
        if age > TOKEN_MAX_AGE:
            default_storage.delete(path)
            removed += 1
    return removed


def store_dataset(dataset, *, user, model_name, filename):
    """Keep the previewed rows (in the media storage) and return a signed token for them."""
    remove_expired_previews()
    name = default_storage.save(
        f"{PREVIEW_DIR}/{uuid.uuid4().hex}.json",
        ContentFile(json.dumps({"headers": dataset.headers, "rows": list(dataset)}).encode()),
    )
    return signing.dumps(
        {"name": name, "user": user.pk, "model": model_name, "filename": filename},
        salt=TOKEN_SALT,
    )


def load_dataset(token, *, user, model_name):
    """The dataset a token points to, if it belongs to ``user`` and ``model_name``."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise ImportFileError(
            _("Cet aperçu a expiré ou n'est pas valide : déposez le fichier à nouveau.")
        ) from error
    if data.get("user") != user.pk or data.get("model") != model_name:
        raise ImportFileError(
            _("Cet aperçu ne vous appartient pas : déposez le fichier à nouveau.")
        )
    name = data["name"]
    if not default_storage.exists(name):
        raise ImportFileError(_("Cet aperçu a déjà été importé ou a expiré."))
    with default_storage.open(name) as handle:
        payload = json.loads(handle.read())
    dataset = tablib.Dataset(headers=payload["headers"])
    for row in payload["rows"]:
        dataset.append(row)
    return dataset, data["filename"], name
