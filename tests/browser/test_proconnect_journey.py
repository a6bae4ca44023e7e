"""A person signs in with ProConnect in Chromium, through a real OpenID Connect provider.

The provider (django-oauth-toolkit, tests/portal/oidc_urls.py) runs in the live server; in this
one-site test its own sign-in form is the portal's. The new account has no role yet: closed by
default, it lands on the "no role yet" page.
"""

import re

from playwright.sync_api import expect


def test_a_person_signs_in_with_proconnect_and_waits_for_a_role(
    page, live_site, proconnect_provider, assert_accessible
):
    from oauth2_provider.models import Application

    alice = proconnect_provider(
        "fournisseur.alice",
        email="alice.martin@ville-exemple.fr",
        given_name="Alice",
        usual_name="Martin",
    )
    alice.set_password("mot-de-passe-du-fournisseur")
    alice.save()
    Application.objects.filter(client_id="cooperer").update(
        redirect_uris=f"http://testserver/oidc/callback/ {live_site}/oidc/callback/"
    )

    page.goto(f"{live_site}/connexion/")
    page.get_by_role("link", name=re.compile("ProConnect")).click()
    # The provider asks who is signing in.
    page.get_by_label("Identifiant").fill("fournisseur.alice")
    page.get_by_label("Mot de passe").fill("mot-de-passe-du-fournisseur")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre compte n'a pas encore de rôle")
    expect(page.get_by_text("Vous utilisez le compte Alice Martin")).to_be_visible()
    assert_accessible()
