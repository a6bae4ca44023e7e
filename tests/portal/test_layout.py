"""The base layout, French everywhere, error pages and the partner visibility rule."""

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_french_with_landmarks_and_skip_link(client_as, home_page):
    html = client_as("agent").get("/").content.decode()
    assert '<html lang="fr"' in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert "<header" in html and "<main" in html and "<footer" in html
    assert 'aria-label="Navigation principale"' in html
    assert 'role="search"' in html
    assert "/declaration-accessibilite/" in html
    # No asset from a CDN: every stylesheet and script is served by the portal itself.
    assert "https://" not in "".join(
        line for line in html.splitlines() if "<link" in line or "<script" in line
    )


def test_main_navigation_lists_menu_pages_from_the_tree(client_as, home_page):
    child = home_page.add_child(
        instance=Page(title="À propos", slug="a-propos", show_in_menus=True)
    )
    hidden = home_page.add_child(instance=Page(title="Coulisses", slug="coulisses"))
    html = client_as("agent").get("/").content.decode()
    assert child.title in html
    assert hidden.title not in html


def test_404_page_is_french(client_as, home_page):
    response = client_as("agent").get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_500_page_is_french_and_standalone(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Une erreur est survenue" in html
    assert '<html lang="fr">' in html


def test_dates_are_french(settings):
    from datetime import date

    from django.utils import formats, translation

    with translation.override("fr"):
        assert formats.date_format(date(2025, 10, 2), "j F Y") == "2 octobre 2025"
    assert settings.TIME_ZONE == "Europe/Paris"


def test_accessibility_statement_falls_back_to_the_built_in_text(client_as, home_page):
    response = client_as("partner").get("/declaration-accessibilite/")
    assert response.status_code == 200
    assert "Déclaration d'accessibilité" in response.content.decode()


def test_the_statement_follows_the_rgaa_model_with_values_from_the_settings(client_as, home_page):
    import datetime

    from wagtail.models import Site

    from portal.models import PortalSettings

    client = client_as("agent")
    html = client.get("/declaration-accessibilite/").content.decode()
    # Without an audit: "non conforme", no rate, and no claim of full keyboard navigation.
    assert "<strong>non conforme</strong>" in html
    assert "Aucun taux de conformité" in html
    assert "navigation complète au clavier" not in html
    for section in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Dérogations pour charge disproportionnée",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ):
        assert section in html.replace("&#x27;", "'"), section

    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.compliance = PortalSettings.Compliance.PARTIAL
    portal_settings.compliance_rate = 62.5
    portal_settings.audit_by = "Un cabinet d'audit"
    portal_settings.audit_date = datetime.date(2026, 3, 1)
    portal_settings.statement_date = datetime.date(2026, 3, 2)
    portal_settings.non_accessible_content = "La carte n'a pas d'alternative\nLes PDF"
    portal_settings.derogations = "Les vidéos de 2024"
    portal_settings.contact_email = "accessibilite@example.org"
    portal_settings.save()
    html = client.get("/declaration-accessibilite/").content.decode().replace("&#x27;", "'")
    assert "<strong>partiellement conforme</strong>" in html
    assert "62,5 % des critères" in html
    assert "Date de l'audit : 1er mars 2026" in html
    assert "Cette déclaration a été établie le 2 mars 2026" in html
    assert "<li>La carte n'a pas d'alternative</li><li>Les PDF</li>" in html
    assert "<li>Les vidéos de 2024</li>" in html
    assert 'href="mailto:accessibilite@example.org"' in html


def test_accessibility_statement_redirects_to_the_chosen_page(client_as, home_page):
    from wagtail.models import Site

    from portal.models import PortalSettings

    page = home_page.add_child(instance=Page(title="Accessibilité", slug="accessibilite"))
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.accessibility_page = page
    portal_settings.save()
    response = client_as("agent").get("/declaration-accessibilite/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accessibilite/")


class TestPartnerVisibility:
    def test_partner_cannot_open_a_page_not_marked_for_partners(self, client_as, home_page):
        home_page.visible_to_partners = False
        home_page.save()
        assert client_as("partner").get("/").status_code == 403

    def test_agent_opens_it(self, client_as, home_page):
        home_page.visible_to_partners = False
        home_page.save()
        assert client_as("agent").get("/").status_code == 200

    def test_visible_pages_filters_listings_for_partners_only(self, make_user, home_page):
        from home.models import HomePage
        from portal.access import visible_pages

        hidden = HomePage.objects.filter(pk=home_page.pk)
        hidden.update(visible_to_partners=False)
        qs = Page.objects.filter(pk=home_page.pk)
        assert list(visible_pages(qs, make_user("partner"))) == []
        assert list(visible_pages(qs, make_user("agent"))) == [home_page.page_ptr]
        both = make_user("partner")
        both.groups.add(*make_user("agent").groups.all())
        assert list(visible_pages(qs, both)) == [home_page.page_ptr]


class TestCachedLayout:
    """Menus, roles and the site are cached: every change must show on the next request."""

    def test_a_newly_published_menu_page_appears_at_once(self, client_as, home_page):
        client = client_as("agent")
        assert "Ressources" not in client.get("/").content.decode()
        page = Page(title="Ressources", slug="ressources", show_in_menus=True, live=False)
        home_page.add_child(instance=page)
        page.save_revision().publish()
        assert "Ressources" in client.get("/").content.decode()

    def test_an_unpublished_menu_page_disappears_at_once(self, client_as, home_page):
        page = home_page.add_child(
            instance=Page(title="Ressources", slug="ressources", show_in_menus=True)
        )
        client = client_as("agent")
        assert "Ressources" in client.get("/").content.decode()
        page.unpublish()
        assert "Ressources" not in client.get("/").content.decode()

    def test_a_role_change_applies_on_the_next_request(self, client_as, home_page):
        from django.contrib.auth.models import Group

        client = client_as("agent")
        assert client.get("/admin/").status_code == 403
        client.user.groups.add(Group.objects.get(name="Communication"))
        assert client.get("/admin/").status_code == 200
        assert "Administration" in client.get("/").content.decode()

    def test_a_partner_gets_a_menu_without_hidden_pages(self, client_as, home_page, make_user):
        from home.models import HomePage

        page = home_page.add_child(
            instance=HomePage(
                title="Interne", slug="interne", hero_title="x", show_in_menus=True, live=True
            )
        )
        assert page.visible_to_partners is False
        assert "Interne" in client_as("agent").get("/").content.decode()
        client = client_as("partner")
        assert "Interne" not in client.get("/").content.decode()

    def test_home_page_query_count_is_small(
        self, client_as, home_page, django_assert_max_num_queries
    ):
        client = client_as("agent")
        client.get("/")
        with django_assert_max_num_queries(6):
            client.get("/")


class TestWagtailPagePrivacy:
    """Wagtail's page privacy still applies on top of the intranet login."""

    def test_a_restriction_added_later_applies_at_once(self, client_as, home_page):
        from django.contrib.auth.models import Group

        from wagtail.models import PageViewRestriction

        client = client_as("agent")
        assert client.get("/").status_code == 200  # caches "no restriction anywhere"
        restriction = PageViewRestriction.objects.create(
            page=home_page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name="Communication"))
        assert client.get("/").status_code != 200
        assert client_as("communication").get("/").status_code == 200
        restriction.delete()
        assert client_as("agent").get("/").status_code == 200

    def test_pages_without_restrictions_skip_the_privacy_queries(
        self, client_as, home_page, django_assert_max_num_queries
    ):
        client = client_as("agent")
        client.get("/")
        with django_assert_max_num_queries(5):
            assert client.get("/").status_code == 200


def test_the_favicon_is_linked_and_served_to_everyone(client, client_as, home_page):
    response = client.get("/favicon.ico")  # signed out: browsers ask before any sign-in
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("portal/img/favicon.svg")
    html = client_as("agent").get("/").content.decode()
    assert 'rel="icon" href="/static/portal/img/favicon.svg"' in html


def test_the_main_menu_folds_on_small_screens_only_with_the_script(client_as, home_page):
    """The "Menu" button is added by portal.js: without JavaScript the full list is shown."""
    html = client_as("agent").get("/").content.decode()
    assert "data-collapsible-nav" in html
    assert 'class="main-nav__toggle"' not in html  # no dead button without the script
    assert 'src="/static/portal/js/portal.js"' in html


def test_filtered_and_later_pages_of_a_list_have_their_own_title(client_as, home_page):
    import datetime

    from pages.factories import EventIndexPageFactory, EventPageFactory

    index = EventIndexPageFactory(parent=home_page, title="Journées")
    for day in range(index.per_page + 1):
        EventPageFactory(parent=index, date=datetime.date(2025, 1, 1) + datetime.timedelta(day))
    client = client_as("agent")

    def title(query=""):
        html = client.get(index.url + query).content.decode()
        return html.split("<title>")[1].split("</title>")[0]

    titles = [title(), title("?page=2"), title("?period=passees"), title("?period=passees&page=2")]
    assert titles[0].startswith("Journées – ") and titles[0].count(" – ") == 1
    assert titles[1].startswith("Journées – page 2 – ")
    assert titles[2].startswith("Journées – résultats filtrés – ")
    assert titles[3].startswith("Journées – résultats filtrés – page 2 – ")
    assert len(set(titles)) == 4
