"""Coordinators' imports: read what offices produce, compare it with the data, write in bulk.

1. :mod:`experiences.reading` turns the uploaded bytes into rows of text, bounded.
2. :func:`map_header` matches the header to the resource's columns (synonyms, case, accents and
   punctuation ignored); :func:`check_header` refuses a file without the required columns.
3. :func:`plan_import` compares every row with the database in a few queries (no query per row):
   each row is « nouvelle », « mise à jour » (with the fields that change, old → new),
   « inchangée » or « invalide » (French messages). Cells are cleaned by the
   django-import-export widgets of ``experiences.resources``.
4. :func:`write_plan` writes a plan in one transaction with ``bulk_create``/``bulk_update`` and
   bulk inserts of the many-to-many rows: every row or none.

"Unchanged" compares data only: the ``Source`` given by default to contacts of a file without
that column ("Import du … (fichier)") is set on new contacts only, and confirming a contact in
an import renews its ``confirmed_on`` date (retention) without counting as a change.
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contact, Organisation
from .reading import ImportFileError, read_rows
from .resources import UnknownName
from .signals import network_changed

__all__ = ["ImportFileError", "check_header", "map_header", "plan_import", "write_plan"]

PHONE_COLUMN = "Téléphone"
BATCH_SIZE = 1000

# Other spellings offices use for our columns, compared by :func:`normalise`. A synonym only
# applies to a resource that has the column.
ALIASES = {
    "Prénom": ("prenom", "prenoms", "first name"),
    "Nom": ("nom", "nom de famille", "last name"),
    "Courriel": (
        "email",
        "e mail",
        "mail",
        "adresse mail",
        "adresse email",
        "adresse e mail",
        "adresse electronique",
        "adresse courriel",
        "courriel professionnel",
        "mel",
    ),
    "Téléphone": ("tel", "telephone", "telephone professionnel", "tel professionnel", "portable"),
    "Organisation": ("structure", "organisme", "organisation", "employeur"),
    "Fonction": ("poste", "fonction", "role"),
    "Territoires": ("commune", "ville", "territoire", "territoires", "communes"),
    "Territoire": ("commune", "ville", "territoire"),
    "Visible par les partenaires": ("visible partenaires", "visible"),
    "Site web": ("site internet", "site", "url"),
    "Thématiques": ("themes", "theme", "thematique", "thematiques"),
}
# In an organisations file, the structure's own name may be headed like this.
ORGANISATION_NAME_ALIASES = ("structure", "organisme", "organisation", "nom de la structure")


def normalise(text):
    """Header text without accents, case or punctuation: « Thématique(s) » → « thematiques »."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = "".join(char if char.isalnum() or char.isspace() else "" for char in text.lower())
    text = text.replace("e mail", "email") if text.startswith("e mail") else text
    return " ".join(text.split())


def import_fields(resource):
    """The columns an import writes (read-only ones, such as the update date, are exported
    only)."""
    return [f for f in resource.get_import_fields() if not f.readonly]


def column_lookup(resource):
    columns = {f.column_name for f in import_fields(resource)}
    lookup = {}
    for column, aliases in ALIASES.items():
        if column in columns:
            for alias in aliases:
                lookup.setdefault(normalise(alias), column)
    if resource._meta.model is Organisation:
        for alias in ORGANISATION_NAME_ALIASES:
            lookup[normalise(alias)] = "Nom"
    for column in columns:
        lookup[normalise(column)] = column
    return lookup


def map_header(header, resource):
    """``(columns, ignored)``: the resource column of each header cell (None if ignored)."""
    lookup = column_lookup(resource)
    exported_only = {normalise(f.column_name) for f in resource.get_import_fields() if f.readonly}
    columns, ignored = [], []
    for name in header:
        column = lookup.get(normalise(name))
        if column is None or column in columns:
            if name and normalise(name) not in exported_only:
                ignored.append(name)
            columns.append(None)
        else:
            columns.append(column)
    return columns, ignored


def check_header(header, resource):
    """Refuse a header without the resource's required columns; return ``(columns, ignored)``."""
    columns, ignored = map_header(header, resource)
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
                "expected": ", ".join(f.column_name for f in import_fields(resource)),
            }
        )
    return columns, ignored


def read_table(raw, filename, resource):
    """``(columns, ignored, data_rows)`` of a file: rows as dicts keyed by resource column."""
    rows = read_rows(raw, filename)
    columns, ignored = check_header(rows[0], resource)
    data = rows[1:]
    if not data:
        raise ImportFileError(_("Le fichier ne contient que la ligne des titres, aucune donnée."))
    kept = [(index, column) for index, column in enumerate(columns) if column]
    records = []
    for row in data:
        records.append({column: row[index] if index < len(row) else "" for index, column in kept})
    return [column for _index, column in kept], ignored, records


# --- Comparing a file with the database -------------------------------------------------------


@dataclass
class RowPlan:
    number: int  # the file's line (1 is the header)
    key: str
    outcome: str  # new, update, skip, invalid
    messages: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [column, old text, new text]
    values: dict = field(default_factory=dict)  # attribute → cleaned value (FK as id)
    m2m: dict = field(default_factory=dict)  # attribute → set of ids
    pk: int | None = None
    new_organisation: str = ""  # a missing organisation this row creates


@dataclass
class ImportPlan:
    model: type
    rows: list
    ignored: list
    new_organisations: list = field(default_factory=list)
    columns: list = field(default_factory=list)

    @property
    def counts(self):
        counts = {"new": 0, "update": 0, "skip": 0, "invalid": 0}
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def is_valid(self):
        return not any(row.outcome == "invalid" for row in self.rows)


OUTCOME_LABELS = {
    "new": _("nouvelle"),
    "update": _("mise à jour"),
    "skip": _("inchangée"),
    "invalid": _("invalide"),
}


def _field_kind(model, attribute):
    model_field = model._meta.get_field(attribute)
    if model_field.many_to_many:
        return "m2m", model_field
    if model_field.many_to_one:
        return "fk", model_field
    return "plain", model_field


def _comparable(model_field, value):
    if isinstance(model_field, models.DecimalField) and value is not None:
        return Decimal(value).quantize(Decimal(1).scaleb(-model_field.decimal_places))
    if isinstance(model_field, models.CharField) and value is None:
        return ""
    return value


class _Names:
    """Names of related rows by id, for showing old → new in the preview."""

    def __init__(self):
        self.cache = {}

    def of(self, model, ids):
        if model not in self.cache:
            self.cache[model] = dict(model.objects.values_list("pk", "name"))
        names = self.cache[model]
        return sorted(names.get(pk, str(pk)) for pk in ids)


def _text(model_field, kind, value, names, widget):
    if kind == "m2m":
        return ", ".join(names.of(model_field.related_model, value))
    if kind == "fk":
        return ", ".join(names.of(model_field.related_model, [value])) if value else ""
    if value is None:
        return ""
    if isinstance(model_field, models.BooleanField):
        return _("oui") if value else _("non")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _existing(model, key_attribute, keys, attributes, m2m_attributes):
    """Existing records of the file's keys: ``{key: (pk, values, {m2m: set})}``, few queries."""
    value_names = ["pk", *attributes]
    records = {}
    if key_attribute == "email" and connection.vendor == "postgresql":
        # One array parameter: an ``IN`` of 10,000 values costs more to build than to run.
        column = connection.ops.quote_name(model._meta.get_field("email").column)
        queryset = model.objects.alias(
            in_file=RawSQL(f"{column} = ANY(%s)", [list(keys)], output_field=models.BooleanField())
        ).filter(in_file=True)
    elif key_attribute == "email":
        queryset = model.objects.filter(email__in=list(keys))
    else:
        queryset = model.objects.all()  # names match case-insensitively: few organisations
    for values in queryset.values(*value_names).iterator(chunk_size=5000):
        key = str(values[key_attribute]).strip().lower()
        if key in keys:
            records[key] = (values.pop("pk"), values, {name: set() for name in m2m_attributes})
    by_pk = {pk: m2m for pk, _values, m2m in records.values()}
    for name in m2m_attributes:
        through = model._meta.get_field(name).remote_field.through
        owner = f"{model._meta.model_name}_id"
        target = next(
            f.attname
            for f in through._meta.fields
            if f.many_to_one and f.attname != owner and f.attname != "id"
        )
        pks = list(by_pk)
        for start in range(0, len(pks), 5000):
            chunk = pks[start : start + 5000]
            for owner_id, target_id in through.objects.filter(
                **{f"{owner}__in": chunk}
            ).values_list(owner, target):
                by_pk[owner_id][name].add(target_id)
    return records


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def plan_import(resource, records, *, ignored=(), create_organisations=False, progress=None):
    """Compare ``records`` (dicts keyed by column) with the database; nothing is written."""
    model = resource._meta.model
    key_attribute = resource._meta.import_id_fields[0]
    fields_by_column = {f.column_name: f for f in import_fields(resource)}
    present = [c for c in fields_by_column if records and c in records[0]]
    specs = []
    for column in present:
        import_field = fields_by_column[column]
        kind, model_field = _field_kind(model, import_field.attribute)
        specs.append((column, import_field, kind, model_field))
    m2m_attributes = [f.attribute for _c, f, kind, _m in specs if kind == "m2m"]
    key_column = resource.key_column
    keys = {str(r.get(key_column) or "").strip().lower() for r in records} - {""}
    compare_attributes = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in ("updated_at", "confirmed_on")
    ]
    existing = _existing(model, key_attribute, keys, compare_attributes, m2m_attributes)
    names = _Names()
    seen = set()
    planned_organisations = {}
    rows = []
    # Only the file's own columns are validated: the other fields keep a stored (valid) value
    # or their default; foreign keys were resolved to existing rows by their widgets.
    file_fields = {s[3].name for s in specs if s[2] == "plain"} | {key_attribute}
    exclude_from_clean = {f.name for f in model._meta.concrete_fields if f.name not in file_fields}
    total = len(records)
    for index, record in enumerate(records):
        number = index + 2
        key_text = str(record.get(key_column) or "").strip()
        key = key_text.lower()
        plan = RowPlan(number=number, key=key_text, outcome="new")
        rows.append(plan)
        if progress is not None and index % 500 == 0:
            progress(index, total)
        if not key:
            plan.outcome = "invalid"
            plan.messages.append(resource.key_missing_message())
            continue
        if key in seen:
            plan.outcome = "invalid"
            plan.messages.append(
                _("« %(key)s » figure déjà plus haut dans le fichier : une seule ligne par fiche.")
                % {"key": key_text}
            )
            continue
        seen.add(key)
        current = existing.get(key)
        values, m2m = {}, {}
        errors = []
        for column, import_field, kind, model_field in specs:
            text = record.get(column, "")
            if column == PHONE_COLUMN:
                text = phone_text(text)
            try:
                cleaned = import_field.widget.clean(text, row=record)
            except ValueError as error:
                if (
                    kind == "fk"
                    and create_organisations
                    and model_field.related_model is Organisation
                    and text.strip()
                    and isinstance(error, UnknownName)
                ):
                    name = " ".join(text.split())
                    planned_organisations.setdefault(name.lower(), name)
                    plan.new_organisation = name
                    values[model_field.attname] = None
                    continue
                errors.append(f"{column} : {error}")
                continue
            if kind == "m2m":
                m2m[import_field.attribute] = {obj.pk for obj in cleaned}
            elif kind == "fk":
                values[model_field.attname] = cleaned.pk if cleaned is not None else None
            else:
                values[model_field.attname] = cleaned
        if errors:
            plan.outcome = "invalid"
            plan.messages.extend(errors)
            continue
        base = dict(current[1]) if current else {}
        merged = {**base, **values}
        if key_attribute == "email":
            merged["email"] = key
        if model is Contact and not current and "source" not in values:
            merged["source"] = resource.default_source
        instance = model(**merged)
        try:
            instance.full_clean(
                exclude=exclude_from_clean, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            plan.outcome = "invalid"
            labels = {s[3].name: s[0] for s in specs}
            for name, messages in error.message_dict.items():
                for message in messages:
                    label = labels.get(name) or str(model._meta.get_field(name).verbose_name)
                    plan.messages.append(
                        message if name == "__all__" else f"{label.capitalize()} : {message}"
                    )
            continue
        cleaned_values = {
            name: getattr(instance, name) for name in merged if name in compare_attributes
        }
        plan.values = {name: cleaned_values[name] for name in cleaned_values if name in values}
        plan.values[key_attribute] = cleaned_values.get(key_attribute, key_text)
        if "source" in merged and not current:
            plan.values["source"] = cleaned_values.get("source", "")
        plan.m2m = m2m
        if not current:
            continue
        plan.pk = current[0]
        for column, import_field, kind, model_field in specs:
            if kind == "m2m":
                old, new = current[2][import_field.attribute], m2m[import_field.attribute]
            else:
                name = model_field.attname
                old = _comparable(model_field, base.get(name))
                new = _comparable(model_field, cleaned_values.get(name))
                if column == PHONE_COLUMN and old != new and same_phone(old, new):
                    # « 0387000000 » exported as « 03 87 00 00 00 » comes back unchanged.
                    new = old
                    if name in plan.values:
                        plan.values[name] = old
            if plan.new_organisation and kind == "fk":
                new = plan.new_organisation
                plan.changes.append(
                    [column, _text(model_field, kind, old, names, None), plan.new_organisation]
                )
                continue
            if old != new:
                plan.changes.append(
                    [
                        column,
                        _text(model_field, kind, old, names, None),
                        _text(model_field, kind, new, names, None),
                    ]
                )
        plan.outcome = "update" if plan.changes else "skip"
    if progress is not None:
        progress(total, total)
    return ImportPlan(
        model=model,
        rows=rows,
        ignored=list(ignored),
        new_organisations=sorted(planned_organisations.values()),
        columns=present,
    )


def phone_text(text):
    """A phone read from a number cell that lost its leading zero gets it back (9 digits)."""
    text = str(text or "").strip()
    if text.isdigit() and len(text) == 9 and text[0] != "0":
        return "0" + text
    return text


def same_phone(old, new):
    """Whether two phones differ only by their spacing or punctuation (``+33`` is ``0``)."""

    def digits(text):
        text = "".join(char for char in str(text or "") if char.isdigit() or char == "+")
        return "0" + text[3:] if text.startswith("+33") else text

    return bool(old) and bool(new) and digits(old) == digits(new)


# --- Writing a plan -----------------------------------------------------------------------------


def _chunks(items, size=5000):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_update(model, objects, attnames):
    """``bulk_update`` that stays fast for thousands of rows.

    Django's ``bulk_update`` writes one ``CASE WHEN id = … THEN …`` per column and row, which
    PostgreSQL evaluates row by row (10,000 contacts: about a minute). On PostgreSQL the rows
    are sent as ``UPDATE … FROM unnest(…)`` instead, a join, with one array parameter per
    column (a ``VALUES`` list would have a placeholder per cell, which the driver parses one by
    one); elsewhere Django's is used.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, attnames, batch_size=BATCH_SIZE)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in attnames)]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    columns = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:])
    with connection.cursor() as cursor:
        for start in range(0, len(objects), 10 * BATCH_SIZE):
            batch = objects[start : start + 10 * BATCH_SIZE]
            params = [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in batch]
                for f in fields
            ]
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
                f"FROM unnest({arrays}) AS v({columns}) "
                f"WHERE t.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}",
                params,
            )


def delete_where_in(model, attname, ids):
    """Delete the rows of ``model`` whose ``attname`` is one of ``ids`` (links being replaced).

    On PostgreSQL one ``DELETE … = ANY(array)``; elsewhere by chunks of an ``IN``.
    """
    if not ids:
        return
    if connection.vendor != "postgresql":
        for chunk in _chunks(ids):
            model.objects.filter(**{f"{attname}__in": chunk}).delete()
        return
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(attname.removesuffix("_id")).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {column} = ANY(%s)", [list(ids)]
        )


def insert_links(through, owner, target, pairs):
    """Insert many-to-many rows (``(owner id, target id)`` pairs) in bulk.

    On PostgreSQL, two arrays unnested by one ``INSERT … SELECT`` per 50,000 links: no model
    instance per link (building 10,000 of them costs more than the insert itself); elsewhere
    ``bulk_create``.
    """
    if connection.vendor != "postgresql":
        through.objects.bulk_create(
            [through(**{owner: pk, target: target_id}) for pk, target_id in pairs],
            batch_size=5 * BATCH_SIZE,
        )
        return
    meta = through._meta
    quote = connection.ops.quote_name
    owner_column = quote(meta.get_field(owner.removesuffix("_id")).column)
    target_column = quote(meta.get_field(target.removesuffix("_id")).column)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 50 * BATCH_SIZE):
            chunk = pairs[start : start + 50 * BATCH_SIZE]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({owner_column}, {target_column}) "
                "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                [[pk for pk, _target in chunk], [target_id for _pk, target_id in chunk]],
            )


def write_plan(plan, *, progress=None):
    """Write every row of a valid plan, in bulk and in one transaction; returns the counts."""
    model = plan.model
    now = timezone.now()
    today = timezone.localdate()
    is_contact = model is Contact
    rows = [row for row in plan.rows if row.outcome in ("new", "update", "skip")]
    with transaction.atomic():
        organisation_ids = {}
        if plan.new_organisations:
            created = Organisation.objects.bulk_create(
                [
                    Organisation(name=name, kind=Organisation.Kind.AUTRE)
                    for name in plan.new_organisations
                ],
                batch_size=BATCH_SIZE,
            )
            organisation_ids = {org.name.lower(): org.pk for org in created}
        new_objects, new_rows = [], []
        for row in rows:
            if row.new_organisation:
                row.values["organisation_id"] = organisation_ids[row.new_organisation.lower()]
            if row.outcome == "new":
                values = dict(row.values)
                if is_contact:
                    values["confirmed_on"] = today
                new_objects.append(model(**values))
                new_rows.append(row)
        created = model.objects.bulk_create(new_objects, batch_size=BATCH_SIZE)
        for row, obj in zip(new_rows, created, strict=True):
            row.pk = obj.pk
        if progress is not None:
            progress(len(new_rows), len(rows))
        updated = [row for row in rows if row.outcome == "update"]
        changed_fields = set()
        update_objects = []
        m2m_changes = {}
        for row in updated:
            obj = model(pk=row.pk, updated_at=now, **row.values)
            if is_contact:
                obj.confirmed_on = today
            update_objects.append(obj)
            changed_fields.update(name for name in row.values if name != "email")
            for name, ids in row.m2m.items():
                m2m_changes.setdefault(name, []).append((row.pk, ids))
        if update_objects:
            written = {*changed_fields, "updated_at", *(["confirmed_on"] if is_contact else [])}
            bulk_update(model, update_objects, sorted(written - {"id"}))
        # Rows just created have no links yet: only the updated rows' links are replaced.
        replaced = {name: [pk for pk, _ids in pairs] for name, pairs in m2m_changes.items()}
        for row in new_rows:
            for name, ids in row.m2m.items():
                m2m_changes.setdefault(name, []).append((row.pk, ids))
        for name, pairs in m2m_changes.items():
            through = model._meta.get_field(name).remote_field.through
            owner = f"{model._meta.model_name}_id"
            target = next(
                f.attname for f in through._meta.fields if f.many_to_one and f.attname != owner
            )
            delete_where_in(through, owner, replaced.get(name, []))
            insert_links(
                through, owner, target, [(pk, target_id) for pk, ids in pairs for target_id in ids]
            )
        if is_contact:
            # Updated rows were confirmed by their update; unchanged ones are confirmed here.
            confirmed = [row.pk for row in rows if row.outcome == "skip"]
            if confirmed and connection.vendor == "postgresql":
                Contact.objects.alias(
                    confirmed=RawSQL(
                        f"{connection.ops.quote_name(Contact._meta.pk.column)} = ANY(%s)",
                        [confirmed],
                        output_field=models.BooleanField(),
                    )
                ).filter(confirmed=True).update(confirmed_on=today)
            else:
                for chunk in _chunks(confirmed):
                    Contact.objects.filter(pk__in=chunk).update(confirmed_on=today)
        if progress is not None:
            progress(len(rows), len(rows))
        network_changed()  # bulk writes send no signal: the cached listings are renewed
    return plan.counts
