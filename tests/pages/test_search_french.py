"""French stemming on PostgreSQL (search configuration "french")."""

from django.db import connection

import pytest

from pages.factories import MethodIndexPageFactory, MethodPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="French stemming needs PostgreSQL"
    ),
]


def test_a_plural_or_conjugated_word_finds_the_page(home_page, client_as):
    index = MethodIndexPageFactory(parent=home_page)
    MethodPageFactory(
        parent=index,
        title="Co-développement",
        purpose="<p>Les contributeurs proposent des solutions aux problèmes du porteur.</p>",
    )
    client = client_as("agent")
    for query in ("solution", "problème", "contributeur"):
        content = client.get("/recherche/", {"q": query}).content.decode()
        assert "Co-développement" in content, query
