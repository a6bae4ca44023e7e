"""The search page: French results with type, date, highlighted excerpt, pagination, help."""

import pytest

from pages.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MethodIndexPageFactory,
    MethodPageFactory,
    SharingSessionIndexPageFactory,
    SharingSessionPageFactory,
)
from pages.views import RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page, visible_to_partners=True)


def test_results_show_type_date_and_a_highlighted_excerpt(events, client_as):
    EventPageFactory(
        parent=events,
        title="Journée régionale Grand Est",
        subtitle="Concevoir des coopérations pour mieux agir auprès des habitants",
    )
    content = client_as("agent").get("/recherche/", {"q": "habitants"}).content.decode()
    assert "1 résultat pour « habitants »" in content
    assert "Journée · <time" in content
    assert "2 octobre 2025" in content
    assert "<mark>habitants</mark>" in content


def test_an_empty_search_explains_what_to_try(home_page, client_as):
    content = client_as("agent").get("/recherche/", {"q": "introuvable"}).content.decode()
    assert "Aucun résultat pour « introuvable »" in content
    assert "orthographe des mots" in content


def test_results_are_paginated(home_page, client_as):
    index = MethodIndexPageFactory(parent=home_page)
    for number in range(RESULTS_PER_PAGE + 2):
        MethodPageFactory(parent=index, title=f"Méthode de coopération {number}")
    client = client_as("agent")
    first = client.get("/recherche/", {"q": "méthode"}).content.decode()
    assert "page 1 sur 2" in first
    second = client.get("/recherche/", {"q": "méthode", "page": 2}).content.decode()
    assert "page 2 sur 2" in second
    assert second.count('class="search-result"') == 2


def test_a_partner_does_not_find_pages_hidden_from_partners(home_page, client_as):
    index = SharingSessionIndexPageFactory(parent=home_page)
    SharingSessionPageFactory(parent=index, title="Brise-glace interne", tested="Un brise-glace")
    content = client_as("partner").get("/recherche/", {"q": "brise-glace"}).content.decode()
    assert "Aucun résultat" in content
    content = client_as("agent").get("/recherche/", {"q": "brise-glace"}).content.decode()
    assert "interne</a>" in content


def test_markup_in_the_query_or_the_page_is_escaped(events, client_as):
    EventPageFactory(parent=events, title="Atelier <script>", subtitle="coopération")
    content = client_as("agent").get("/recherche/", {"q": "<script>"}).content.decode()
    assert "<script>" not in content.split("<main", 1)[1]


@pytest.mark.parametrize("hits", [3, 30])
def test_search_queries_do_not_grow_with_the_results(
    home_page, client_as, django_assert_max_num_queries, hits
):
    """Results of three page types: no query per result nor, once their facts are cached, per
    page type."""
    kinds = [
        (MethodPageFactory, MethodIndexPageFactory(parent=home_page)),
        (EventPageFactory, EventIndexPageFactory(parent=home_page)),
        (SharingSessionPageFactory, SharingSessionIndexPageFactory(parent=home_page)),
    ]
    for number in range(hits):
        factory, parent = kinds[number % len(kinds)]
        factory(parent=parent, title=f"Coopération {number}")
    client = client_as("agent")
    client.get("/recherche/", {"q": "introuvable"})  # menus, roles and site cached
    with django_assert_max_num_queries(18):  # the results' facts read: a query per page type
        first = client.get("/recherche/", {"q": "coopération"}).content.decode()
    with django_assert_max_num_queries(7):  # and cached
        again = client.get("/recherche/", {"q": "coopération"}).content.decode()

    def results(html):
        return html[html.index('<ol class="search-results"') : html.index("</ol>")]

    assert results(first) == results(again)
    assert again.count('class="search-result"') >= min(hits, RESULTS_PER_PAGE)


def test_a_repeated_search_reads_the_index_once(home_page, client_as, django_assert_num_queries):
    index = MethodIndexPageFactory(parent=home_page)
    MethodPageFactory(parent=index, title="Méthode de coopération")
    client = client_as("agent")
    first = client.get("/recherche/", {"q": "méthode"}).content.decode()
    # Session, user, the search's hit counter (read, then written) and the result's page:
    # the index's answer and the result's facts come from the cache.
    with django_assert_num_queries(6):
        again = client.get("/recherche/", {"q": "méthode"}).content.decode()
    assert again.count('class="search-result"') == first.count('class="search-result"') == 1


def test_a_page_published_after_a_search_is_found_by_the_same_search(
    home_page, client_as, django_capture_on_commit_callbacks
):
    index = MethodIndexPageFactory(parent=home_page)
    MethodPageFactory(parent=index, title="Méthode de coopération")
    client = client_as("agent")
    assert "1 résultat pour" in client.get("/recherche/", {"q": "méthode"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = MethodPageFactory(parent=index, title="Autre méthode", live=False)
        page.save_revision().publish()
    assert "2 résultats pour" in client.get("/recherche/", {"q": "méthode"}).content.decode()
