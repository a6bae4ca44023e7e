import factory
import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Accueil"
    hero_title = "Coopérer, ensemble, au service des habitantes et des habitants"
    hero_text = factory.LazyFunction(lambda: "<p>Le portail des réseaux de coopération.</p>")
    visible_to_partners = True
