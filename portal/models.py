import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from portal.audience_cache import content_key
from portal.cache import CACHE_TTL, cached
from portal.page_forms import PortalPageForm
from portal.rich_text import TEXT_FEATURES


class PortalPage(Page):
    """Base of every portal page type: adds the partner visibility flag.

    Partners (external) see a page only when ``visible_to_partners`` is checked; see
    portal.access for the rule, applied to page views, menus, listings and search alike.
    """

    visible_to_partners = models.BooleanField(
        _("visible par les partenaires"),
        default=False,
        help_text=_(
            "Cochez pour que les partenaires extérieurs puissent lire cette page. "
            "Les agentes et agents la voient dans tous les cas."
        ),
    )

    settings_panels = [FieldPanel("visible_to_partners"), *Page.settings_panels]
    base_form_class = PortalPageForm

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing (the same pages, the same 404s) in two queries whatever the depth:
        the pages along the path are read at once by their URL paths, then the last one as its
        specific type. Wagtail reads each level's child, then its specific type: two queries
        per level. A page type with its own ``route`` (routable pages) routes the rest."""
        if not path_components:
            return super().route(request, path_components)
        url_paths = [
            self.url_path + "".join(f"{component}/" for component in path_components[: i + 1])
            for i in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=url_paths, path__startswith=self.path, depth__gt=self.depth
            )
        }
        parent = self
        for position, url_path in enumerate(url_paths):
            page = found.get(url_path)
            if page is None or page.depth != self.depth + position + 1:
                raise Http404
            page._cached_parent_obj = parent  # as Wagtail does: get_parent() without a query
            remaining = path_components[position + 1 :]
            if not remaining and self.depth == 2:
                # The breadcrumbs' ancestors, read here already (portal_tags.breadcrumbs).
                request._portal_route_ancestors = (
                    page.pk,
                    [self, *(found[path] for path in url_paths[:position])],
                )
            specific_class = page.specific_class
            if not remaining or specific_class is None or specific_class.route is not _ROUTE:
                return page.specific.route(request, remaining)
            parent = page
        raise Http404  # not reached: the last page returns above

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What {% wagtailpagecache %} varies on besides the page and the site (portal/cache.py):
        # the content version and the reader's audience.
        context.update(cache_ttl=CACHE_TTL, content_key=content_key(request))
        return context

    def get_view_restrictions(self):
        # The whole intranet is already behind the login, so Wagtail's page privacy is rarely
        # used: while no restriction exists anywhere, skip its two queries on every page view.
        if not cached("view-restrictions-exist", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class ListingPage(PortalPage):
    """Abstract base of every index page (editorial indexes, experiences, network map, surveys):
    an introduction and a paginated listing, ``per_page`` items a page (``?page=``)."""

    introduction = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = [*PortalPage.content_panels, FieldPanel("introduction")]
    search_fields = [*PortalPage.search_fields, index.SearchField("introduction")]
    per_page = 12

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A listing's {% wagtailpagecache %} also varies on the query string (filters, page).
        context["listing_key"] = request.GET.urlencode()
        return context

    def paginate(self, request, items):
        """The page of ``items`` asked for by ``?page=`` (the last one past the end)."""
        return Paginator(items, self.per_page).get_page(request.GET.get("page"))


_ROUTE = PortalPage.route


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Site-wide links that editors choose in the admin (Paramètres > Portail)."""

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(
        _("adresse de contact"),
        blank=True,
        help_text=_("Affichée en pied de page pour signaler un problème d'accès."),
    )

    # The accessibility statement, following the RGAA model (its values, edited here, are shown
    # by portal/includes/accessibility_statement.html on the statement page).
    class Compliance(models.TextChoices):
        FULL = "totale", _("totalement conforme")
        PARTIAL = "partielle", _("partiellement conforme")
        NONE = "non", _("non conforme")

    statement_entity = models.CharField(
        _("entité responsable"),
        max_length=200,
        blank=True,
        help_text=_("Qui s'engage à rendre le portail accessible (collectivité, réseau…)."),
    )
    compliance = models.CharField(
        _("état de conformité"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.NONE,
        help_text=_("Sans audit complet en cours de validité, le RGAA impose « non conforme »."),
    )
    compliance_rate = models.DecimalField(
        _("taux de conformité (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Pourcentage de critères respectés selon le dernier audit ; vide sans audit."),
    )
    audit_date = models.DateField(_("date du dernier audit"), null=True, blank=True)
    audit_by = models.CharField(
        _("audit réalisé par"), max_length=200, blank=True, help_text=_("Vide sans audit.")
    )
    audit_method = models.TextField(
        _("méthode d'évaluation"),
        blank=True,
        help_text=_("Outils, environnement de test, pages vérifiées. Un élément par ligne."),
    )
    non_accessible_content = models.TextField(
        _("contenus non accessibles"),
        blank=True,
        help_text=_("Non-conformités connues. Un élément par ligne."),
    )
    derogations = models.TextField(
        _("dérogations pour charge disproportionnée"),
        blank=True,
        help_text=_("Un élément par ligne ; vide s'il n'y en a aucune."),
    )
    exempt_content = models.TextField(
        _("contenus non soumis à l'obligation d'accessibilité"),
        blank=True,
        help_text=_("Un élément par ligne ; vide s'il n'y en a aucun."),
    )
    statement_contact = models.TextField(
        _("autres moyens de contact"),
        blank=True,
        help_text=_(
            "Adresse postale, formulaire… en plus de l'adresse de contact ci-dessus. "
            "Un élément par ligne."
        ),
    )
    statement_date = models.DateField(
        _("date de la déclaration"),
        null=True,
        blank=True,
        help_text=_("Date à laquelle la déclaration a été établie ou mise à jour."),
    )

    panels = [
        FieldPanel("accessibility_page"),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("statement_entity"),
                FieldPanel("statement_date"),
                FieldPanel("compliance"),
                FieldPanel("compliance_rate"),
                FieldPanel("audit_date"),
                FieldPanel("audit_by"),
                FieldPanel("audit_method"),
                FieldPanel("non_accessible_content"),
                FieldPanel("derogations"),
                FieldPanel("exempt_content"),
                FieldPanel("statement_contact"),
            ],
            heading=_("Déclaration d'accessibilité"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du portail")

    def compliance_rate_text(self):
        """« 62,5 » for 62.50: no trailing zeros, French decimal comma."""
        if self.compliance_rate is None:
            return ""
        return f"{self.compliance_rate.normalize():f}".replace(".", ",")

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def audit_method_lines(self):
        return self._lines(self.audit_method)

    def non_accessible_lines(self):
        return self._lines(self.non_accessible_content)

    def derogation_lines(self):
        return self._lines(self.derogations)

    def exempt_lines(self):
        return self._lines(self.exempt_content)

    def contact_lines(self):
        return self._lines(self.statement_contact)


class ExportLog(models.Model):
    """One line per data export: who exported what, when, in which format, how many rows."""

    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("identifiant"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    what = models.CharField(_("contenu exporté"), max_length=255)
    format = models.CharField(_("format"), max_length=10)
    row_count = models.PositiveIntegerField(_("nombre de lignes"))
    filters = models.JSONField(_("filtres appliqués"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export de données")
        verbose_name_plural = _("journal des exports")

    def __str__(self):
        return f"{self.what} ({self.format}, {self.row_count}) – {self.username}"


def stale_deadline():
    """A running job whose last heartbeat is older than this was interrupted."""
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobs a user may see: their own; superusers see every job."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(user=user)

    def mark_stale(self):
        """Fail running jobs whose worker stopped writing its heartbeat (killed, crashed).

        Returns how many jobs were marked. Called whenever jobs are read and by
        ``manage.py mark_stale_jobs``.
        """
        return self.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale_deadline()).update(
            status=Job.Status.FAILED,
            error=Job.STALE_MESSAGE,
            finished_at=timezone.now(),
        )


class Job(models.Model):
    """Long work run by a task worker (imports, exports, reminders), with its progress.

    Rows are created by ``portal.jobs.start_job`` and updated by tasks decorated with
    ``portal.jobs.job_task``; ``/taches/<id>/`` shows them to the user who started them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        SUCCEEDED = "succeeded", _("Terminée")
        FAILED = "failed", _("En échec")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)
    STALE_MESSAGE = _(
        "La tâche a été interrompue : le processus qui la traitait s'est arrêté. "
        "Rien n'a été enregistré à moitié ; vous pouvez la relancer."
    )
    QUEUE_ERROR = _(
        "La tâche n'a pas pu être confiée au service de traitement, momentanément injoignable. "
        "Rien n'a été fait ; vous pouvez la relancer dans quelques minutes."
    )
    GENERIC_ERROR = _(
        "La tâche a échoué à cause d'une erreur inattendue. Rien n'a été enregistré à moitié ; "
        "l'équipe technique a été prévenue. Vous pouvez la relancer."
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("type"), max_length=100, db_index=True)
    label = models.CharField(_("intitulé"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    done = models.PositiveIntegerField(_("éléments traités"), default=0)
    total = models.PositiveIntegerField(_("nombre d'éléments"), null=True, blank=True)
    summary = models.JSONField(_("résultat"), default=dict, blank=True)
    error = models.TextField(_("message d'erreur"), blank=True)
    result_url = models.CharField(_("adresse du résultat"), max_length=500, blank=True)
    task_path = models.CharField(_("tâche"), max_length=255, blank=True)
    task_result_id = models.CharField(_("identifiant de la tâche"), max_length=64, blank=True)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("arguments nommés"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("lancements"), default=0)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        indexes = [models.Index(fields=["user", "-created_at"], name="portal_job_user_recent")]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def is_stale(self):
        return (
            self.status == self.Status.RUNNING
            and self.heartbeat_at is not None
            and self.heartbeat_at < stale_deadline()
        )

    @property
    def is_waiting_long(self):
        """Pending for over a minute: perhaps no worker is running."""
        return self.status == self.Status.PENDING and (
            timezone.now() - self.created_at > timedelta(minutes=1)
        )

    @property
    def percent(self):
        """Progress in whole percent, or None while the total is unknown."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))

    def can_rerun(self, user):
        return (
            self.status == self.Status.FAILED
            and bool(self.task_path)
            and (user.is_superuser or (self.user_id is not None and self.user_id == user.pk))
        )

    def status_message(self):
        """One French sentence saying where the job stands (read out by screen readers)."""
        if self.status == self.Status.PENDING:
            return _("« %(label)s » attend son tour.") % {"label": self.label}
        if self.status == self.Status.RUNNING:
            if self.total:
                return ngettext(
                    "« %(label)s » en cours : %(done)s élément traité sur %(total)s.",
                    "« %(label)s » en cours : %(done)s éléments traités sur %(total)s.",
                    self.done,
                ) % {"label": self.label, "done": self.done, "total": self.total}
            return ngettext(
                "« %(label)s » en cours : %(done)s élément traité.",
                "« %(label)s » en cours : %(done)s éléments traités.",
                self.done,
            ) % {"label": self.label, "done": self.done}
        if self.status == self.Status.SUCCEEDED:
            return _("« %(label)s » est terminée.") % {"label": self.label}
        return _("« %(label)s » a échoué.") % {"label": self.label}

    def set_progress(self, done, total=None, *, force=False):
        """Record progress (and a heartbeat) at most about once a second.

        The write is a single UPDATE outside any transaction the task opened only if the task
        calls it outside one: progress written inside a transaction stays invisible to the
        status page until that transaction commits (see portal/jobs.py).
        """
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not force and now - getattr(self, "_progress_written_at", 0.0) < 1.0:
            return
        self._progress_written_at = now
        self.heartbeat_at = timezone.now()
        Job.objects.filter(pk=self.pk).update(
            done=self.done, total=self.total, heartbeat_at=self.heartbeat_at
        )


class OIDCIdentity(models.Model):
    """The ProConnect (OpenID Connect) identity of an account: people are matched on ``sub``,
    the provider's stable identifier, never on their e-mail address, which may change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identity"
    )
    sub = models.CharField(_("identifiant ProConnect (sub)"), max_length=255, unique=True)
    siret = models.CharField(_("SIRET de la structure"), max_length=14, blank=True)
    created_at = models.DateTimeField(_("première connexion"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("dernière connexion"), auto_now=True)

    class Meta:
        verbose_name = _("identité ProConnect")
        verbose_name_plural = _("identités ProConnect")

    def __str__(self):
        return f"{self.user} ({self.sub})"
