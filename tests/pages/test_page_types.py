"""Every editorial page type: Communication creates and publishes it in the admin, an agent
cannot; it renders for an agent; a partner sees it only when it is visible to partners; its
number of queries does not grow with its children, sessions, testimonials or agenda items."""

import datetime

from django.utils.html import escape
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from experiences.factories import ExperienceIndexPageFactory, ExperiencePageFactory
from home.models import HomeFeaturedPage
from pages import factories as f
from pages import models as m
from taxonomy.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    """One index of each kind under the home page, and one page of each kind under them."""
    seasons = f.SeasonIndexPageFactory(parent=home_page)
    season = f.SeasonPageFactory(parent=seasons, title="Saison 1")
    sharing = f.SharingSessionIndexPageFactory(parent=home_page)
    events = f.EventIndexPageFactory(parent=home_page)
    reports = f.WorkshopReportIndexPageFactory(parent=home_page)
    methods = f.MethodIndexPageFactory(parent=home_page)
    return {
        "home": home_page,
        "seasons": seasons,
        "season": season,
        "sharing": sharing,
        "events": events,
        "reports": reports,
        "methods": methods,
    }


def rt(html="<p>Texte</p>"):
    return rich_text(html)


# model → (parent key in ``tree``, fields of the admin "add" form besides title and slug)
ADMIN_FORMS = {
    m.SeasonIndexPage: ("home", {"introduction": rt(), "body": streamfield([])}),
    m.SharingSessionIndexPage: ("home", {"introduction": rt()}),
    m.EventIndexPage: ("home", {"introduction": rt()}),
    m.WorkshopReportIndexPage: ("home", {"introduction": rt()}),
    m.MethodIndexPage: ("home", {"introduction": rt()}),
    m.ContentPage: ("home", {"introduction": rt(), "body": streamfield([])}),
    m.SeasonPage: (
        "seasons",
        {
            "start_date": "2025-10-01",
            "end_date": "2026-06-30",
            "introduction": rt(),
            "body": streamfield([]),
        },
    ),
    m.ModulePage: (
        "season",
        {
            "pitch": "Quoi de mieux qu'un escape game pour découvrir la coopération ?",
            "description": streamfield([]),
            "format": "on_site",
            "facilitators": inline_formset([]),
            "sessions": inline_formset([]),
        },
    ),
    m.SharingSessionPage: (
        "sharing",
        {
            "date": "2025-03-18",
            "place": "Hôtel de Ville",
            "format": "on_site",
            "tested": "Un brise-glace",
            "presenters": inline_formset([]),
            "what_worked": rt(),
            "what_worked_less": rt(),
            "ingredients": rt(),
            "recipe_steps": streamfield(
                [("step", {"title": "Former des groupes de 5", "duration": "7 min", "text": rt()})]
            ),
            "resources": streamfield([]),
        },
    ),
    m.EventPage: (
        "events",
        {
            "kind": "regional_day",
            "date": "2025-10-02",
            "objectives": rt(),
            "body": streamfield([]),
            "agenda_items": inline_formset(
                [{"title": "Clôture", "start_time": "", "duration_minutes": "15"}]
            ),
            "workshops": inline_formset(
                [{"number": "1", "room": "Salle Chardon", "subject": "TFPB", "experience": ""}]
            ),
            "method_workshops": inline_formset([]),
            "resources": streamfield([]),
        },
    ),
    m.WorkshopReportPage: (
        "reports",
        {
            "questions": rt("<p>Comment et quoi ?</p>"),
            "synthesis": rt(),
            "discussion": rt(),
            "ideas": rt(),
            "resources": streamfield([]),
        },
    ),
    m.MethodPage: (
        "methods",
        {
            "purpose": rt(),
            "roles": rt(),
            "tips": rt(),
            "steps": streamfield([]),
            "resources": streamfield([]),
        },
    ),
}


def form(fields, title):
    return nested_form_data({"title": title, "slug": slugify(title), **fields})


@pytest.mark.parametrize("model", list(ADMIN_FORMS), ids=lambda model: model.__name__)
def test_communication_creates_and_publishes_each_page_type(
    model, tree, client, communication_user, admin_add_page
):
    parent_key, fields = ADMIN_FORMS[model]
    title = f"Nouvelle page {model._meta.verbose_name}"
    response = admin_add_page(communication_user, tree[parent_key], model, form(fields, title))
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = model.objects.get(title=title)
    assert page.live
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("model", list(ADMIN_FORMS), ids=lambda model: model.__name__)
def test_an_agent_cannot_create_a_page(model, tree, agent, admin_add_page):
    parent_key, fields = ADMIN_FORMS[model]
    response = admin_add_page(agent, tree[parent_key], model, form(fields, "Page d'un agent"))
    assert response.status_code == 403
    assert not model.objects.filter(title="Page d'un agent").exists()


def test_the_home_page_offers_every_index_and_content_page(tree, client, communication_user):
    client.force_login(communication_user)
    response = client.get(f"/admin/pages/{tree['home'].pk}/add_subpage/")
    content = response.content.decode()
    for model in (
        m.SeasonIndexPage,
        m.SharingSessionIndexPage,
        m.EventIndexPage,
        m.WorkshopReportIndexPage,
        m.MethodIndexPage,
        m.ContentPage,
    ):
        assert f"/admin/pages/add/pages/{model._meta.model_name}/{tree['home'].pk}/" in content


def build_page(model, tree, size):
    """A page of ``model`` with ``size`` children / inline items / related snippets."""
    if model is m.SeasonIndexPage:
        f.SeasonPageFactory.create_batch(size, parent=tree["seasons"])
        return tree["seasons"]
    if model is m.SeasonPage:
        for _ in range(size):
            module = f.ModulePageFactory(parent=tree["season"])
            f.ModuleSessionFactory.create_batch(2, module=module)
            f.TestimonialFactory(page=module)
        return tree["season"]
    if model is m.ModulePage:
        module = f.ModulePageFactory(parent=tree["season"])
        f.ModuleSessionFactory.create_batch(size, module=module)
        f.ModuleSessionFactory.create_batch(
            size, module=module, start=datetime.datetime(2025, 2, 3, 9, tzinfo=datetime.UTC)
        )
        f.ModuleFacilitatorFactory.create_batch(size, page=module)
        f.TestimonialFactory.create_batch(size, page=module)
        return module
    if model is m.SharingSessionIndexPage:
        themes = ThemeFactory.create_batch(2)
        for _ in range(size):
            f.SharingSessionPageFactory(parent=tree["sharing"], themes=themes)
        return tree["sharing"]
    if model is m.SharingSessionPage:
        page = f.SharingSessionPageFactory(
            parent=tree["sharing"], themes=ThemeFactory.create_batch(size)
        )
        f.SharingSessionPresenterFactory.create_batch(size, page=page)
        f.TestimonialFactory.create_batch(size, page=page)
        return page
    if model is m.EventIndexPage:
        f.EventPageFactory.create_batch(size, parent=tree["events"])
        return tree["events"]
    if model is m.EventPage:
        page = f.EventPageFactory(parent=tree["events"])
        f.EventAgendaItemFactory.create_batch(size, page=page)
        # The experience pages name the event and their workshop: the workshops link to them.
        experiences = ExperienceIndexPageFactory(parent=tree["home"])
        for number in range(1, size + 1):
            f.EventWorkshopFactory(page=page, number=number)
            ExperiencePageFactory(parent=experiences, event=page, workshop=f"Atelier {number}")
        methods = f.MethodPageFactory.create_batch(size, parent=tree["methods"])
        for method in methods:
            f.EventMethodWorkshopFactory(page=page, method=method)
        return page
    if model is m.WorkshopReportIndexPage:
        f.WorkshopReportPageFactory.create_batch(size, parent=tree["reports"])
        return tree["reports"]
    if model is m.WorkshopReportPage:
        event = f.EventPageFactory(parent=tree["events"])
        return f.WorkshopReportPageFactory(
            parent=tree["reports"],
            event=event,
            themes=ThemeFactory.create_batch(size),
            participants="\n".join(f"Personne {n}" for n in range(size)),
        )
    if model is m.MethodIndexPage:
        f.MethodPageFactory.create_batch(size, parent=tree["methods"])
        return tree["methods"]
    if model is m.MethodPage:
        steps = [("step", {"title": f"Étape {n}", "duration": "", "text": ""}) for n in range(size)]
        return f.MethodPageFactory(
            parent=tree["methods"], steps=steps, themes=ThemeFactory.create_batch(size)
        )
    if model is m.ContentPage:
        body = [("paragraph", f"<p>Paragraphe {n}</p>") for n in range(size)]
        return f.ContentPageFactory(parent=tree["home"], body=body)
    raise AssertionError(model)


ALL_TYPES = list(ADMIN_FORMS)


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
def test_each_page_type_renders_for_an_agent(model, tree, client_as):
    page = build_page(model, tree, 2)
    response = client_as("agent").get(page.url)
    assert response.status_code == 200
    assert escape(page.title) in response.content.decode()


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
@pytest.mark.parametrize(("visible", "status"), [(False, 403), (True, 200)])
def test_a_partner_sees_each_page_type_only_when_visible(model, tree, client_as, visible, status):
    page = build_page(model, tree, 1)
    page.visible_to_partners = visible
    page.save_revision().publish()
    assert client_as("partner").get(page.url).status_code == status


# A fixed ceiling per page type, the same for a small and a large data set.
MAX_QUERIES = 25


@pytest.mark.parametrize("model", ALL_TYPES, ids=lambda model: model.__name__)
@pytest.mark.parametrize("size", [1, 12])
def test_each_page_type_renders_in_bounded_queries(
    model, size, tree, client_as, django_assert_max_num_queries
):
    page = build_page(model, tree, size)
    client = client_as("agent")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_home_page_renders_in_bounded_queries(
    size, tree, client_as, django_assert_max_num_queries
):
    build_page(m.SeasonPage, tree, size)
    build_page(m.SharingSessionIndexPage, tree, size)
    home = tree["home"]
    for page in m.ModulePage.objects.all()[:size]:
        HomeFeaturedPage.objects.create(page=home, link=page)
    client = client_as("partner")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(home.url).status_code == 200
