from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from portal.access import is_partner_only
from portal.audience_cache import cached_per_audience
from portal.models import PortalPage
from portal.rich_text import INLINE_FEATURES

HOME_SECTIONS_HOOK = "portal_home_sections"


def collect_home_sections(request, page):
    """The home page's sections as HTML, contributed by each app through a Wagtail hook.

    A function registered with ``@hooks.register("portal_home_sections")`` receives
    ``(request, home_page)`` and returns ``None`` (nothing to show) or a dict with ``template``
    (rendered with the dict's ``context`` as ``section``) and ``order`` (lower comes first).
    Each contributor is responsible for the visibility rule and a bounded number of queries.

    Sections are the same for every reader of an audience (agents or partners): they are
    rendered once and their HTML is cached per audience under the content version
    (portal/cache.py), like the menu. A contributor that depends on the reader (what they have
    answered...) is marked ``per_user = True`` (an attribute of the function) and runs on every
    request.
    """
    shared, personal = [], []
    for contribute in hooks.get_hooks(HOME_SECTIONS_HOOK):
        (personal if getattr(contribute, "per_user", False) else shared).append(contribute)

    def render(contributors):
        rendered = []
        for contribute in contributors:
            section = contribute(request, page)
            if section:
                html = render_to_string(
                    section["template"], {"section": section["context"]}, request=request
                )
                rendered.append((section.get("order", 100), str(html)))
        return rendered

    sections = cached_per_audience(request, f"home-sections-{page.pk}", lambda: render(shared))
    sections = sorted([*sections, *render(personal)], key=lambda section: section[0])
    return [mark_safe(html) for _, html in sections]  # noqa: S308 (rendered templates)


class HomePage(PortalPage):
    """The portal's entry point: what is new, what is next, what to answer."""

    hero_title = models.CharField(_("titre d'accueil"), max_length=160)
    hero_text = RichTextField(
        _("texte d'accueil"),
        blank=True,
        features=INLINE_FEATURES,
    )

    partner_text = RichTextField(
        _("texte d'accueil des partenaires"),
        blank=True,
        features=INLINE_FEATURES,
        help_text=_(
            "Montré aux partenaires à la place du texte d'accueil : ne parlez que de ce que les "
            "partenaires peuvent ouvrir. Vide : le texte d'accueil est montré à tout le monde."
        ),
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("partner_text")],
            heading=_("Accueil"),
        ),
        InlinePanel("featured_pages", label=_("page à la une"), heading=_("À la une"), max_num=6),
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    # Each section of the portal is a child of the home page; apps add their index pages here.
    subpage_types = [
        "pages.SeasonIndexPage",
        "pages.SharingSessionIndexPage",
        "pages.EventIndexPage",
        "pages.WorkshopReportIndexPage",
        "pages.MethodIndexPage",
        "pages.ContentPage",
        "experiences.ExperienceIndexPage",
        "experiences.NetworkMapPage",
        "surveys.SurveyIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = collect_home_sections(request, self)
        partner = is_partner_only(request.user)
        context["welcome_text"] = (self.partner_text if partner else "") or self.hero_text
        return context

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")


class HomeFeaturedPage(Orderable):
    """A page the editors put forward on the home page (« À la une »)."""

    page = ParentalKey("home.HomePage", related_name="featured_pages", on_delete=models.CASCADE)
    link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("link")]

    class Meta(Orderable.Meta):
        verbose_name = _("page à la une")
        verbose_name_plural = _("pages à la une")
