from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, PageViewRestriction

from portal.cache import view_restrictions_exist
from portal.page_forms import PortalPageForm


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
            "Les agents la voient dans tous les cas."
        ),
    )

    settings_panels = [FieldPanel("visible_to_partners"), *Page.settings_panels]
    base_form_class = PortalPageForm

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # The whole intranet is already behind the login, so Wagtail's page privacy is rarely
        # used: while no restriction exists anywhere, skip its two queries on every page view.
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


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

    panels = [FieldPanel("accessibility_page"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("réglages du portail")


class ExportLog(models.Model):
    """One line per data export: who exported what, when, in which format, how many rows."""

    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("utilisateur"),
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
