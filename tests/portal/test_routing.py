"""Page routing: the same pages and the same 404s as Wagtail's, in two queries whatever the depth
(PortalPage.route reads the pages along the path at once)."""

import pytest

from pages.factories import (
    ModulePageFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    index = SeasonIndexPageFactory(parent=home_page, slug="atelier", title="Atelier")
    season = SeasonPageFactory(parent=index, slug="saison-9", title="Saison 9")
    module = ModulePageFactory(parent=season, slug="module-profond", title="Module profond")
    return index, season, module


def test_a_deep_page_is_found_by_its_path(tree, client_as):
    _index, _season, module = tree
    response = client_as("agent").get("/atelier/saison-9/module-profond/")
    assert response.status_code == 200
    assert response.context["page"] == module
    assert type(response.context["page"]).__name__ == "ModulePage"


@pytest.mark.parametrize(
    "path",
    [
        "/atelier/saison-9/inconnu/",
        "/atelier/inconnu/module-profond/",
        "/inconnu/saison-9/module-profond/",
        "/atelier/module-profond/",
        "/atelier/saison-9/module-profond/de-trop/",
    ],
)
def test_a_wrong_path_is_not_found(tree, client_as, path):
    assert client_as("agent").get(path).status_code == 404


def test_an_unpublished_page_is_not_found_but_its_published_children_are(tree, client_as):
    _index, season, _module = tree
    season.unpublish()
    client = client_as("agent")
    assert client.get("/atelier/saison-9/").status_code == 404
    # Wagtail checks only the last page of the path: a live child stays reachable.
    assert client.get("/atelier/saison-9/module-profond/").status_code == 200


def test_routable_pages_still_route_their_own_paths(home_page, client_as):
    from experiences.factories import NetworkMapPageFactory

    map_page = NetworkMapPageFactory(parent=home_page, slug="carte")
    client = client_as("agent")
    assert client.get(f"{map_page.url}geojson/").status_code == 200
    assert client.get(f"{map_page.url}inconnu/").status_code == 404


def route_queries(path):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page, Site

    request = RequestFactory().get(path)
    request._wagtail_site = Site.objects.select_related("root_page").get(is_default_site=True)
    with CaptureQueriesContext(connection) as queries:
        page, _args, _kwargs = Page.route_for_request(request, path)
    return page, len(queries)


def test_routing_takes_the_same_queries_at_any_depth(tree):
    _index, _season, module = tree
    shallow_page, shallow = route_queries("/atelier/")
    deep_page, deep = route_queries("/atelier/saison-9/module-profond/")
    assert shallow_page.slug == "atelier" and deep_page == module
    assert deep == shallow


def breadcrumb_titles(html):
    import re

    trail = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", trail)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("agent", ["Accueil", "Atelier"]), ("partner", ["Accueil"])],
)
def test_breadcrumbs_skip_unpublished_ancestors_and_those_hidden_from_partners(
    tree, client_as, kind, expected
):
    """The breadcrumbs read the ancestors the routing found: the same trail as a query."""
    index, season, module = tree
    index.visible_to_partners = False
    index.save_revision().publish()
    for page in (season, module):
        page.visible_to_partners = True
        page.save_revision().publish()
    season.unpublish()
    html = client_as(kind).get("/atelier/saison-9/module-profond/").content.decode()
    assert breadcrumb_titles(html) == expected
