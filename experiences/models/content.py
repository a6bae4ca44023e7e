"""The territorial network's content: territories, organisations, contacts, experience pages.

- ``Territory``, ``Organisation`` and ``Contact`` are plain models managed by Coordination in the
  Wagtail admin (wagtail-modeladmin, see ``wagtail_hooks.py``), imported and exported there.
- ``ExperiencePage``: territorial experiences and meetings (listed by ``ExperienceIndexPage``).

The listing pages that call the views (``experiences.listing``, ``experiences.network``) are in
``listings.py``, above those views, which import this module and never the listing pages.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from portal.models import PortalPage
from portal.rich_text import SECTION_FEATURES

# Bounding boxes (south, west, north, east) of metropolitan France and of the overseas
# departments and regions: a point outside all of them is almost certainly a typing error
# (latitude and longitude swapped, a sign lost).
FRANCE_BOXES = {
    "France métropolitaine et Corse": (41.2, -5.5, 51.2, 9.8),
    "Guadeloupe": (15.8, -61.9, 16.6, -60.9),
    "Martinique": (14.3, -61.3, 14.9, -60.8),
    "Guyane": (2.0, -54.7, 5.9, -51.5),
    "La Réunion": (-21.5, 55.1, -20.8, 55.9),
    "Mayotte": (-13.1, 44.9, -12.5, 45.4),
}

# The workshop number in an experience page's workshop label (« Atelier 1 / Salle Chardon »).
WORKSHOP_NUMBER = re.compile(r"\d+")


def coordinate_field(label, limit, example):
    message = _("La %(label)s doit être comprise entre −%(limit)s et %(limit)s.") % {
        "label": label,
        "limit": limit,
    }
    return models.DecimalField(
        label,
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit, message), MaxValueValidator(limit, message)],
        help_text=_("En degrés décimaux, par exemple %(example)s pour Vandœuvre-lès-Nancy.")
        % {"example": example},
    )


def in_france(latitude, longitude):
    lat, lon = float(latitude), float(longitude)
    return any(s <= lat <= n and w <= lon <= e for s, w, n, e in FRANCE_BOXES.values())


class PointMixin(models.Model):
    """A point given as latitude and longitude; both or neither, and in France."""

    latitude = coordinate_field(_("latitude"), 90, "48.66")
    longitude = coordinate_field(_("longitude"), 180, "6.17")

    class Meta:
        abstract = True

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        lat, lon = self.latitude, self.longitude
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            raise ValidationError(
                {missing: _("Indiquez la latitude et la longitude, ou aucune des deux.")}
            )
        if lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return  # range errors are reported by the field validators
        if not in_france(lat, lon):
            raise ValidationError(
                {
                    "latitude": _(
                        "Ce point (%(lat)s, %(lon)s) est loin de la France et des territoires "
                        "d'outre-mer : la latitude et la longitude sont-elles inversées ?"
                    )
                    % {"lat": lat, "lon": lon}
                }
            )


class NetworkModel(PointMixin, models.Model):
    """Base of the network's data: not tracked by Wagtail's reference index.

    They are not snippets, images or documents whose usage editors look up, and indexing every
    save would double the cost of importing thousands of contacts.
    """

    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True


class Territory(NetworkModel):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        EPCI = "epci", _("EPCI (intercommunalité)")
        DEPARTEMENT = "departement", _("département")
        REGION = "region", _("région")
        QPV = "qpv", _("quartier prioritaire (QPV)")

    name = models.CharField(_("nom"), max_length=160)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code officiel"),
        max_length=20,
        blank=True,
        help_text=_("Code INSEE de la commune ou de l'EPCI, code du QPV, numéro du département…"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"],
                name="experiences_territory_unique_name_kind",
                violation_error_message=_("Un territoire de ce type porte déjà ce nom."),
            ),
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~models.Q(code=""),
                name="experiences_territory_unique_code",
                violation_error_message=_("Un territoire de ce type a déjà ce code officiel."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Un territoire ne peut pas être son propre parent.")}
            )


class Organisation(NetworkModel):
    class Kind(models.TextChoices):
        VILLE = "ville", _("ville")
        AGGLOMERATION = "agglomeration", _("agglomération")
        METROPOLE = "metropole", _("métropole")
        ETAT = "etat", _("service de l'État")
        CENTRE_RESSOURCES = "centre_ressources", _("centre de ressources")
        ASSOCIATION = "association", _("association")
        BAILLEUR = "bailleur", _("bailleur social")
        AUTRE = "autre", _("autre")

    name = models.CharField(
        _("nom"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Une organisation porte déjà ce nom.")},
        help_text=_("Le nom identifie l'organisation dans les imports : gardez-le stable."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    website = models.URLField(_("site web"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("thématiques"), blank=True, related_name="+"
    )
    visible_to_partners = models.BooleanField(
        _("visible par les partenaires"),
        default=False,
        help_text=_("Cochez pour que les partenaires extérieurs voient cette organisation."),
    )
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            ("export_organisation", _("Peut exporter les organisations")),
            ("import_organisation", _("Peut importer les organisations")),
        ]

    def __str__(self):
        return self.name

    def map_point(self):
        """The organisation's own point, or its territory's."""
        if self.has_point:
            return self.latitude, self.longitude
        territory = self.territory
        if territory is not None and territory.has_point:
            return territory.latitude, territory.longitude
        return None


class Contact(models.Model):
    wagtail_reference_index_ignore = True  # see NetworkModel

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    email = models.EmailField(
        _("courriel professionnel"),
        blank=True,
        error_messages={"invalid": _("Saisissez une adresse électronique valide.")},
        help_text=_("Identifie le contact dans les imports : deux contacts ne la partagent pas."),
    )
    phone = models.CharField(_("téléphone professionnel"), max_length=30, blank=True)
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires"), blank=True, related_name="contacts"
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("thématiques"), blank=True, related_name="+"
    )
    visible_to_partners = models.BooleanField(
        _("visible par les partenaires"),
        default=False,
        help_text=_("Cochez pour que les partenaires extérieurs voient ce contact."),
    )
    source = models.CharField(
        _("source des données"),
        max_length=200,
        blank=True,
        help_text=_("D'où vient l'information : saisie, import d'un fichier, événement…"),
    )
    updated_at = models.DateTimeField(_("dernière mise à jour"), auto_now=True, db_index=True)
    confirmed_on = models.DateField(
        _("confirmé le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Dernier import qui a confirmé ce contact, même sans changement : la durée de "
            "conservation court à partir de la plus récente de cette date et de la dernière "
            "mise à jour."
        ),
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [
            ("export_contact", _("Peut exporter les contacts")),
            ("import_contact", _("Peut importer les contacts")),
        ]
        constraints = [
            # E-mail addresses are stored lower-cased (clean_fields and save), so a plain
            # unique index is enough, and cheap to validate row by row in imports.
            models.UniqueConstraint(
                fields=["email"],
                condition=~models.Q(email=""),
                name="experiences_contact_unique_email",
                violation_error_message=_("Un contact a déjà cette adresse électronique."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def normalise(self):
        self.email = (self.email or "").strip().lower()
        self.phone = " ".join((self.phone or "").split())

    def clean_fields(self, exclude=None):
        self.normalise()
        super().clean_fields(exclude=exclude)


class ImportRun(models.Model):
    """An uploaded file between its preview and its confirmation, kept out of the media.

    The file's bytes are stored here (in the database, never in the public media storage) so
    that the confirmation job reads exactly what was previewed; they are erased once the
    import is confirmed, and runs nobody confirmed are deleted after ``EXPIRY``.
    """

    EXPIRY = datetime.timedelta(hours=24)

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("aperçu en préparation")
        PREVIEWED = "previewed", _("aperçu prêt")
        CONFIRMING = "confirming", _("import en cours")
        DONE = "done", _("importé")
        FAILED = "failed", _("en échec")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    model_name = models.CharField(_("données"), max_length=20)
    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(_("contenu"), editable=False)
    create_organisations = models.BooleanField(
        _("créer les organisations manquantes"), default=False
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PREVIEWING
    )
    preview = models.JSONField(_("aperçu"), default=dict, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    preview_job = models.ForeignKey(
        "portal.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirm_job = models.ForeignKey(
        "portal.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import en cours")
        verbose_name_plural = _("imports en cours")

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("experiences_import_run", args=[self.model_name, self.pk])


# --- Pages -------------------------------------------------------------------------------------


class ExperiencePage(PortalPage):
    """One territorial experience (or territorial meeting), and where it was presented."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("expérience territoriale")
        MEETING = "meeting", _("rencontre territoriale")

    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.EXPERIENCE
    )
    date = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(
        _("résumé"), blank=True, help_text=_("Deux ou trois phrases, affichées dans les listes.")
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experience_pages",
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="experience_pages"
    )
    contacts = ParentalManyToManyField(
        Contact,
        verbose_name=_("intervenants et intervenantes"),
        blank=True,
        related_name="experience_pages",
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", verbose_name=_("thématiques"), blank=True, related_name="+"
    )
    context = RichTextField(_("contexte"), blank=True, features=SECTION_FEATURES)
    need = RichTextField(_("le besoin d'agir"), blank=True, features=SECTION_FEATURES)
    actions = RichTextField(
        _("ce qui a été fait et comment les acteurs ont coopéré"),
        blank=True,
        features=SECTION_FEATURES,
    )
    results = RichTextField(_("résultats"), blank=True, features=SECTION_FEATURES)
    takeaways = RichTextField(_("à retenir"), blank=True, features=SECTION_FEATURES)
    resources = RichTextField(_("ressources"), blank=True, features=SECTION_FEATURES)
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("événement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # The one stored side of the event <-> experience link: the event page lists, in its
        # workshop of the same number, the experiences presented there (pages.EventWorkshop).
        related_name="presented_experiences",
        help_text=_("La journée ou l'événement où l'expérience a été présentée."),
    )
    workshop = models.CharField(
        _("atelier"),
        max_length=160,
        blank=True,
        help_text=_(
            "Numéro et salle de l'atelier, par exemple « Atelier 1 / Salle Chardon » : la page "
            "de l'événement relie son atelier de ce numéro à cette expérience."
        ),
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("date"), FieldPanel("summary")],
            heading=_("En bref"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("territory"),
                FieldPanel("organisations"),
                FieldPanel("contacts"),
                FieldPanel("themes"),
            ],
            heading=_("Qui, où, sur quoi"),
        ),
        FieldPanel("context"),
        FieldPanel("need"),
        FieldPanel("actions"),
        FieldPanel("results"),
        FieldPanel("takeaways"),
        FieldPanel("resources"),
        MultiFieldPanel(
            [PageChooserPanel("event", "pages.EventPage"), FieldPanel("workshop")],
            heading=_("Présentation"),
        ),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("need"),
        index.SearchField("actions"),
        index.SearchField("results"),
        index.SearchField("takeaways"),
        index.RelatedFields("territory", [index.SearchField("name")]),
        # One index serves every reader: only names that partners may read are indexed, so
        # that no search can reveal a hidden organisation or contact through this page.
        index.SearchField("partner_visible_names"),
        index.FilterField("kind"),
    ]

    @property
    def workshop_number(self):
        """The number of the event's workshop where it was presented (« Atelier 1 / ... »: 1)."""
        match = WORKSHOP_NUMBER.search(self.workshop)
        return int(match.group()) if match else None

    def partner_visible_names(self):
        from portal.access import PARTNERS_AUDIENCE, records_for_audience

        organisations = records_for_audience(self.organisations.all(), PARTNERS_AUDIENCE)
        contacts = records_for_audience(self.contacts.all(), PARTNERS_AUDIENCE).exclude(
            organisation__visible_to_partners=False
        )
        return " ".join(
            [organisation.name for organisation in organisations]
            + [contact.full_name for contact in contacts]
        )

    parent_page_types = ["experiences.ExperienceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("expérience territoriale")
        verbose_name_plural = _("expériences territoriales")

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Page

        from portal.access import is_partner_only, visible_pages, visible_records

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        contacts = list(visible_records(self.contacts.select_related("organisation"), user))
        organisations = visible_records(self.organisations.select_related("territory"), user)
        if is_partner_only(user):
            for contact in contacts:
                # A visible contact of a hidden organisation: the organisation is not named.
                if contact.organisation and not contact.organisation.visible_to_partners:
                    contact.organisation = None
        event = None
        if self.event_id:
            event = visible_pages(
                Page.objects.filter(pk=self.event_id).live(), request.user
            ).first()
        context.update(
            contacts=contacts,
            organisations=list(organisations),
            themes=list(self.themes.all()),
            event_page=event,
        )
        return context
