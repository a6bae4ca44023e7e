from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from portal.access import visible_pages

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over every live page the user may see."""
    query = request.GET.get("q", "").strip()
    results_page = None
    if query:
        pages = visible_pages(Page.objects.live().specific(), request.user)
        results = pages.search(query, operator="and")
        Query.get(query).add_hit()
        paginator = Paginator(results, RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search.html",
        {"search_query": query, "results": results_page},
    )
