from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page


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

    class Meta:
        abstract = True


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
