from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from pages.search import excerpt, highlight, search_terms
from portal.access import is_partner_only, visible_pages

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over every live page the user may see (French stemming on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        pages = visible_pages(Page.objects.live().specific(), request.user)
        results = pages.search(query, operator="and")
        Query.get(query).add_hit()
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        terms = search_terms(query)
        for result in results_page:
            result.search_excerpt = excerpt(result, query)
            result.highlighted_title = highlight(result.title, terms)
            # Looked up here: a missing attribute costs the template a dir() of the page.
            result.result_period = getattr(result, "teaser_period", None)
            result.result_date = getattr(result, "teaser_date", None)
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
