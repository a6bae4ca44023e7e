"""Helpers for the pages app's tests: publishing a new page through the admin form."""

import pytest


@pytest.fixture
def admin_add_page(client):
    """``admin_add_page(user, parent, model, data)`` → the response of publishing a new page."""

    def _add(user, parent, model, data):
        client.force_login(user)
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        return client.post(url, {**data, "action-publish": "action-publish"})

    return _add


@pytest.fixture(autouse=True)
def role_page_permissions(db, home_page):
    """Communication's permissions on the page tree, even in a test database that an earlier
    run's browser tests flushed (--reuse-db keeps it; its root page and grants are then gone)."""
    from portal.roles import sync_role_permissions

    sync_role_permissions()
