"""The experience index: filters (theme, territory, organisation kind), the list and its map."""

from django.core.paginator import Paginator

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


def experience_point(page, organisations):
    territory = page.territory
    if territory is not None and territory.has_point:
        return float(territory.latitude), float(territory.longitude)
    for organisation in organisations:
        point = organisation.map_point()
        if point:
            return float(point[0]), float(point[1])
    return None


def experience_markers(pages, request):
    """The small map's markers for every filtered experience (not only the current page of the
    list): the pages read with the few fields a marker needs, their organisations' points in
    one more query, whatever their number."""
    pages = list(
        pages.prefetch_related(None).only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "territory__name",
            "territory__latitude",
            "territory__longitude",
        )
    )
    organisations = visible_records(
        Organisation.objects.select_related("territory").only(
            "id", "latitude", "longitude", "territory__latitude", "territory__longitude"
        ),
        request.user,
    )
    links = ExperiencePage.organisations.through.objects.filter(
        experiencepage_id__in=[page.pk for page in pages]
    ).values_list("experiencepage_id", "organisation_id")
    by_id = {org.pk: org for org in organisations.filter(pk__in={o for _p, o in links})}
    organisations_of = {}
    for page_id, organisation_id in links:
        if organisation_id in by_id:
            organisations_of.setdefault(page_id, []).append(by_id[organisation_id])
    markers = []
    for page in pages:
        point = experience_point(page, organisations_of.get(page.pk, []))
        if point:
            markers.append(
                {
                    "lat": point[0],
                    "lon": point[1],
                    "title": page.title,
                    "url": page.get_url(request),
                    "territory": page.territory.name if page.territory else "",
                }
            )
    return markers


def experience_index_context(index_page, request):
    filterset, pages = filtered_experiences(index_page, request)
    paginator = Paginator(pages, index_page.per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    markers = experience_markers(pages, request)
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
        "result_count": paginator.count,
        "extra_query": query.urlencode(),
        "experience_markers": markers,
        "map_settings": map_settings(),
    }
