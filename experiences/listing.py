"""The experience index: filters (theme, territory, organisation kind), the list and its map."""

from portal.access import visible_pages, visible_records

from .filters import ExperienceFilterSet
from .models.content import ExperiencePage, Organisation
from .network import map_settings


def filtered_experiences(index_page, request):
    """``(filterset, queryset)``: the live experiences under ``index_page`` that the user may
    see, filtered by the GET parameters; the list and its map both read this queryset."""
    pages = visible_pages(
        ExperiencePage.objects.child_of(index_page).live(), request.user
    ).select_related("territory")
    filterset = ExperienceFilterSet(request.GET or None, queryset=pages, request=request)
    return filterset, filterset.qs.prefetch_related("themes").order_by("-date", "title")


def _point(lat, lon):
    return None if lat is None or lon is None else (float(lat), float(lon))


def experience_markers(pages, request, index_page):
    """The small map's markers for every filtered experience (not only the current page of the
    list), read as plain values: the pages, their organisations' points in one more query,
    whatever their number. A marker sits on the experience's territory, else on its first
    organisation placed (its own point, else its territory's)."""
    rows = list(
        pages.prefetch_related(None).values_list(
            "id",
            "title",
            "slug",
            "territory__name",
            "territory__latitude",
            "territory__longitude",
        )
    )
    links = list(
        ExperiencePage.organisations.through.objects.filter(
            experiencepage_id__in=[row[0] for row in rows]
        ).values_list("experiencepage_id", "organisation_id")
    )
    organisations = visible_records(Organisation.objects.all(), request.user).filter(
        pk__in={organisation_id for _page_id, organisation_id in links}
    )
    point_of = {
        pk: _point(lat, lon) or _point(territory_lat, territory_lon)
        for pk, lat, lon, territory_lat, territory_lon in organisations.values_list(
            "pk", "latitude", "longitude", "territory__latitude", "territory__longitude"
        )
    }
    organisation_points = {}
    for page_id, organisation_id in links:
        if organisation_id in point_of:
            organisation_points.setdefault(page_id, []).append(point_of[organisation_id])
    # The experiences are the index's children: their URL is the index's and their slug.
    index_url = index_page.get_url(request)
    markers = []
    for page_id, title, slug, territory, lat, lon in rows:
        point = _point(lat, lon) or next(
            (point for point in organisation_points.get(page_id, ()) if point), None
        )
        if point:
            markers.append(
                {
                    "lat": point[0],
                    "lon": point[1],
                    "title": title,
                    "url": f"{index_url}{slug}/",
                    "territory": territory or "",
                }
            )
    return markers


def experience_index_context(index_page, request):
    filterset, pages = filtered_experiences(index_page, request)
    # The cards read these columns only (and the territory's name).
    cards = pages.only(
        "title", "url_path", "path", "depth", "kind", "date", "summary", "territory__name"
    )
    page_obj = index_page.paginate(request, cards)
    markers = experience_markers(pages, request, index_page)
    # Read once here: get_kind_display() rebuilds the choices on every call.
    kind_labels = dict(ExperiencePage._meta.get_field("kind").flatchoices)
    for experience in page_obj.object_list:
        experience.kind_label = kind_labels.get(experience.kind, experience.kind)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": filterset.form,
        "experiences": page_obj,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "extra_query": query.urlencode(),
        "experience_markers": markers,
        "map_settings": map_settings(),
    }
