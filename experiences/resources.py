"""django-import-export resources: the columns of the organisations' and contacts' files.

The same resources describe exports (streamed by ``portal.exports``) and imports (previewed,
then confirmed, by ``experiences.importing``). Column names are French, as coordinators read
them; the stable keys that make a re-import update instead of duplicate are the organisation's
name and the contact's e-mail address.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from portal.exports import COORDINATE, DATETIME, PHONE
from taxonomy.models import Theme

from .models import Contact, Organisation, Territory

LIST_SEPARATOR = ","


class FrenchBooleanWidget(widgets.BooleanWidget):
    """« oui » / « non » (also accepts 1/0, vrai/faux, x); an empty cell is « non »."""

    TRUE_WORDS = {"oui", "o", "vrai", "x", "1", "true", "yes"}
    FALSE_WORDS = {"non", "n", "faux", "0", "false", "no", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE_WORDS:
            return True
        if text in self.FALSE_WORDS:
            return False
        raise ValueError(_("« %(value)s » n'est ni « oui » ni « non ».") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("oui") if value else _("non")


class FrenchDecimalWidget(widgets.DecimalWidget):
    """Accepts a decimal comma (« 48,66 ») as spreadsheets in French write it."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().replace(" ", "")
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(
                _("« %(value)s » n'est pas un nombre décimal.") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its French label, case and accents as typed."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.lookup = {}
        for code, label in choices:
            self.lookup[str(code).lower()] = code
            self.lookup[str(label).lower()] = code

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError(_("Ce champ est obligatoire."))
        try:
            return self.lookup[text.lower()]
        except KeyError:
            allowed = ", ".join(str(label) for _code, label in self.choices)
            raise ValueError(
                _("« %(value)s » n'est pas un type connu (types possibles : %(allowed)s).")
                % {"value": text, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class UnknownName(ValueError):
    """No record has this name (an import may create the organisation on request)."""


class CachedNameLookup:
    """Objects looked up by name once per import, not once per row."""

    def __init__(self, model, field, label):
        self.model, self.field, self.label = model, field, label
        self._cache = None

    def get(self, name):
        if self._cache is None:
            self._cache = {}
            for obj in self.model.objects.all():
                key = str(getattr(obj, self.field)).strip().lower()
                self._cache.setdefault(key, []).append(obj)
        found = self._cache.get(name.strip().lower(), [])
        if not found:
            raise UnknownName(
                _("%(label)s introuvable : « %(name)s ».")
                % {"label": self.label, "name": name.strip()}
            )
        if len(found) > 1:
            raise ValueError(
                _("Plusieurs %(label)s portent le nom « %(name)s » : précisez-le dans l'admin.")
                % {"label": self.label, "name": name.strip()}
            )
        return found[0]


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    def __init__(self, model, field="name", label="", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.lookup = CachedNameLookup(model, field, label)

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        return self.lookup.get(text) if text else None


class NamedManyToManyWidget(widgets.ManyToManyWidget):
    def __init__(self, model, field="name", label="", **kwargs):
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)
        self.lookup = CachedNameLookup(model, field, label)

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "")
        names = [name for name in (part.strip() for part in text.split(self.separator)) if name]
        return [self.lookup.get(name) for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(str(getattr(o, self.field)) for o in value.all())


class EmailKeyWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return str(value if value is not None else "").strip().lower()


def theme_field(column="Thématiques"):
    return fields.Field(
        attribute="themes",
        column_name=column,
        widget=NamedManyToManyWidget(Theme, label=_("thématique")),
    )


def updated_at_field():
    return fields.Field(
        attribute="updated_at",
        column_name="Dernière mise à jour",
        widget=widgets.DateTimeWidget(format="%d/%m/%Y %H:%M"),
        readonly=True,
    )


class NetworkResource(resources.ModelResource):
    """Shared import behaviour: one query loads the existing records of the whole file (with
    their themes and territories), and a key repeated in the file is an error on its row."""

    key_column = ""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._seen_keys = set()

    def check_key(self, row, message):
        key = str(row.get(self.key_column) or "").strip().lower()
        if not key:
            raise ValueError(message)
        if key in self._seen_keys:
            raise ValueError(
                _("« %(key)s » figure déjà plus haut dans le fichier : une seule ligne par fiche.")
                % {"key": row.get(self.key_column)}
            )
        self._seen_keys.add(key)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The database constraints (unique e-mail, unique name) are guaranteed by the import
        # key and check_key(); skipping their per-row validation query halves the import time.
        # Foreign keys were resolved to existing rows by their widgets: no need to query again.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude={*errors, "organisation", "territory"},
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class OrganisationResource(NetworkResource):
    name = fields.Field(attribute="name", column_name="Nom")
    kind = fields.Field(
        attribute="kind", column_name="Type", widget=ChoiceWidget(Organisation.Kind.choices)
    )
    address = fields.Field(attribute="address", column_name="Adresse")
    territory = fields.Field(
        attribute="territory",
        column_name="Territoire",
        widget=NamedForeignKeyWidget(Territory, label=_("territoire")),
    )
    latitude = fields.Field(
        attribute="latitude", column_name="Latitude", widget=FrenchDecimalWidget()
    )
    longitude = fields.Field(
        attribute="longitude", column_name="Longitude", widget=FrenchDecimalWidget()
    )
    website = fields.Field(attribute="website", column_name="Site web")
    themes = theme_field()
    visible_to_partners = fields.Field(
        attribute="visible_to_partners",
        column_name="Visible par les partenaires",
        widget=FrenchBooleanWidget(),
    )
    updated_at = updated_at_field()

    # Columns an import file must have; the others may be left out.
    required_columns = ("Nom", "Type")
    key_column = "Nom"
    # Typed cells of the exports (portal.exports); the other columns are text.
    export_types = {"latitude": COORDINATE, "longitude": COORDINATE, "updated_at": DATETIME}

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "address",
            "territory",
            "latitude",
            "longitude",
            "website",
            "themes",
            "visible_to_partners",
            "updated_at",
        )
        export_order = fields
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return Organisation.objects.prefetch_related("themes")

    @staticmethod
    def export_queryset(queryset):
        return queryset.select_related("territory").prefetch_related("themes").order_by("name")

    def before_import_row(self, row, **kwargs):
        self.check_key(row, self.key_missing_message())

    @staticmethod
    def key_missing_message():
        return _("Le nom de l'organisation est obligatoire : il l'identifie.")


class ContactResource(NetworkResource):
    first_name = fields.Field(attribute="first_name", column_name="Prénom")
    last_name = fields.Field(attribute="last_name", column_name="Nom")
    job_title = fields.Field(attribute="job_title", column_name="Fonction")
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisation",
        widget=NamedForeignKeyWidget(Organisation, label=_("organisation")),
    )
    email = fields.Field(attribute="email", column_name="Courriel", widget=EmailKeyWidget())
    phone = fields.Field(attribute="phone", column_name="Téléphone")
    territories = fields.Field(
        attribute="territories",
        column_name="Territoires",
        widget=NamedManyToManyWidget(Territory, label=_("territoire")),
    )
    themes = theme_field()
    visible_to_partners = fields.Field(
        attribute="visible_to_partners",
        column_name="Visible par les partenaires",
        widget=FrenchBooleanWidget(),
    )
    source = fields.Field(attribute="source", column_name="Source")
    updated_at = updated_at_field()

    required_columns = ("Prénom", "Nom", "Courriel")
    key_column = "Courriel"
    # Typed cells of the exports (portal.exports): a phone stays text, never a number.
    export_types = {"phone": PHONE, "updated_at": DATETIME}

    def __init__(self, default_source="", **kwargs):
        super().__init__(**kwargs)
        self.default_source = default_source

    class Meta:
        model = Contact
        fields = (
            "first_name",
            "last_name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "territories",
            "themes",
            "visible_to_partners",
            "source",
            "updated_at",
        )
        export_order = fields
        import_id_fields = ("email",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return Contact.objects.prefetch_related("themes", "territories")

    @staticmethod
    def export_queryset(queryset):
        return (
            queryset.select_related("organisation")
            .prefetch_related("territories", "themes")
            .order_by("last_name", "first_name", "pk")
        )

    @staticmethod
    def key_missing_message():
        return _("Le courriel est obligatoire : c'est lui qui identifie le contact.")

    def before_import_row(self, row, **kwargs):
        self.check_key(row, self.key_missing_message())
        if self.default_source and not str(row.get("Source") or "").strip():
            row["Source"] = self.default_source


RESOURCES = {"organisation": OrganisationResource, "contact": ContactResource}


def export_what(model_name):
    """What the export log records (the log has the date; no "/" in an XLSX sheet title)."""
    model = Organisation if model_name == "organisation" else Contact
    return f"{str(model._meta.verbose_name_plural).capitalize()} du réseau"
