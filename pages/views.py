import hashlib

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from pages.search import facts_excerpt, highlight, result_facts, search_terms
from portal.access import is_partner_only, visible_pages
from portal.audience_cache import cached_per_audience
from portal.cache import cached_many

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def _result_facts(names):
    """The missing results' facts (``search-result:<pk>`` names), from their specific pages:
    one query per page type among them."""
    ids = [int(name.rpartition(":")[2]) for name in names]
    return {
        f"search-result:{page.pk}": result_facts(page)
        for page in Page.objects.filter(pk__in=ids).specific()
    }


def _hits(request, query):
    """``(paginated page, results)`` of the page of results asked for (``?page=``). What the
    search index answers for this query, page and audience (the count, the page number and
    the results' ids) is cached under the content version like the listings (portal/cache.py);
    then the results are the plain pages of those ids."""
    asked = request.GET.get("page", "")[:12]
    read = {}

    def read_index():
        pages = visible_pages(Page.objects.live(), request.user)
        results_page = Paginator(pages.search(query, operator="and"), RESULTS_PER_PAGE).get_page(
            asked
        )
        read.update((result.pk, result) for result in results_page)
        return results_page.paginator.count, results_page.number, list(read)

    key = hashlib.sha256(f"{query}\n{asked}".encode()).hexdigest()
    count, number, ids = cached_per_audience(request, f"search:{key}", read_index)
    found = read or Page.objects.in_bulk(ids)
    return (
        Paginator(range(count), RESULTS_PER_PAGE).get_page(number),
        [found[pk] for pk in ids if pk in found],
    )


def search(request):
    """Full-text search over every live page the user may see (French stemming on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        Query.get(query).add_hit()
        results_page, results = _hits(request, query)
        results_page.object_list = results
        # Plain pages: what a result shows of its own type comes from the cached facts.
        terms = search_terms(query)
        facts = cached_many(
            [f"search-result:{result.pk}" for result in results_page], _result_facts
        )
        for result in results_page:
            shown = facts[f"search-result:{result.pk}"]
            result.search_excerpt = facts_excerpt(shown, terms)
            result.highlighted_title = highlight(result.title, terms)
            result.result_period = shown["period"]
            result.result_date = shown["date"]
            result.published_at = result.last_published_at
    return render(
        request,
        "pages/search.html",
        {
            "search_query": query,
            "results": results_page,
            # The help text names only what this reader can find.
            "partner_only": is_partner_only(request.user),
        },
    )
