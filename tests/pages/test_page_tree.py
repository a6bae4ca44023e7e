"""Where each page type may live in the tree (Wagtail's WagtailPageTestCase assertions)."""

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from pages import models as m

TREE = {
    m.SeasonIndexPage: ({HomePage}, {m.SeasonPage}),
    m.SeasonPage: ({m.SeasonIndexPage}, {m.ModulePage}),
    m.ModulePage: ({m.SeasonPage}, set()),
    m.SharingSessionIndexPage: ({HomePage}, {m.SharingSessionPage}),
    m.SharingSessionPage: ({m.SharingSessionIndexPage}, set()),
    m.EventIndexPage: ({HomePage}, {m.EventPage}),
    m.EventPage: ({m.EventIndexPage}, set()),
    m.WorkshopReportIndexPage: ({HomePage}, {m.WorkshopReportPage}),
    m.WorkshopReportPage: ({m.WorkshopReportIndexPage}, set()),
    m.MethodIndexPage: ({HomePage}, {m.MethodPage}),
    m.MethodPage: ({m.MethodIndexPage}, set()),
    m.ContentPage: ({HomePage, m.ContentPage}, {m.ContentPage}),
}


class PageTreeTests(WagtailPageTestCase):
    def test_each_page_type_has_explicit_parents_and_children(self):
        for model, (parents, children) in TREE.items():
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, parents)
                self.assertAllowedSubpageTypes(model, children)

    def test_the_home_page_accepts_every_section(self):
        self.assertCanCreateAt(HomePage, m.SharingSessionIndexPage)
        self.assertCanCreateAt(HomePage, m.EventIndexPage)
        self.assertCanNotCreateAt(HomePage, m.ModulePage)
        self.assertCanNotCreateAt(m.EventIndexPage, m.SharingSessionPage)
