import datetime

from django.utils import timezone

import pytest

from pages.factories import (
    ModulePageFactory,
    ModuleSessionFactory,
    SeasonIndexPageFactory,
    SeasonPageFactory,
)


@pytest.fixture
def season(home_page):
    index = SeasonIndexPageFactory(parent=home_page, visible_to_partners=True)
    return SeasonPageFactory(parent=index, title="Saison 3", visible_to_partners=True)


@pytest.fixture
def module(season):
    return ModulePageFactory(
        parent=season, title="L'escape game de la coopération", visible_to_partners=True
    )


@pytest.fixture
def make_session(module):
    def _make(**fields):
        fields.setdefault("start", timezone.now() + datetime.timedelta(days=10))
        return ModuleSessionFactory(module=fields.pop("module", module), **fields)

    return _make


@pytest.fixture
def session(make_session):
    return make_session(capacity=2, room="Salle Marianne")
