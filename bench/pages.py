"""Requests per second of each page type against the floor, under gunicorn with 2 workers.

    make bench            (or: .venv/bin/python bench/pages.py [--seconds 5])

Builds a scratch database (SQLite under var/ unless BENCH_DATABASE_URL is set), loads the demo
content, starts gunicorn on production-like settings (bench/settings.py), signs in the demo
agent through the login form, and loads each URL with wrk for a few seconds. It prints the
requests per second of:
  (a) the floor: a bare view behind the same login check, that no page can beat;
  (b) the home page, the search page and one live page of each page type;
and each ratio to the floor; also a module page with 50 sessions and 500 registrations and
Season 1 with its full records (registrations app). Goals: home page ≥ 40 % of the floor,
every page type ≥ 25 %.

    .venv/bin/python bench/pages.py --volume

does the same on the volume a portal reaches after a few seasons, added to the demo by the
factories in a database of its own (var/bench-volume.sqlite3): about 500 pages (listings of
100 and more), 200 sessions, 2,000 contacts and 50 surveys.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, bench_env, check_page, gunicorn, manage, sign_in, wrk  # noqa: E402

HOME_GOAL, PAGE_GOAL = 0.40, 0.25


def page_urls(env):
    """One live page per page type (its URL path), read from the benchmark database."""
    os.environ.update({"DATABASE_URL": env["DATABASE_URL"]})
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from wagtail.models import Page, get_page_models

    from home.models import HomePage

    urls = []
    for model in get_page_models():
        if model is Page or model is HomePage or model._meta.abstract:
            continue
        page = model.objects.live().order_by("path").first()
        if page is not None:
            urls.append((str(model._meta.verbose_name), _url_path(page)))
    return sorted(urls)


def _url_path(page):
    return page.get_url() or "/"


def registration_urls():
    """A module page with 50 upcoming sessions and 500 registrations (built once in the bench
    database, under the demo's fictitious programme), and Season 1 with its full records (49
    sessions, 342 participations: its figures are computed on every cache miss)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pages.demo.seasons import FICTITIOUS_SLUG
    from pages.factories import ModulePageFactory
    from pages.models import ModulePage, ModuleSession, SeasonPage
    from registrations.models import Registration

    programme = SeasonPage.objects.get(slug=FICTITIOUS_SLUG)
    module = ModulePage.objects.child_of(programme).filter(slug="bench-50-sessions").first()
    if module is None:
        module = ModulePageFactory(
            parent=programme, slug="bench-50-sessions", title="Module à 50 sessions (banc)"
        )
        start = timezone.now() + datetime.timedelta(days=30)
        ModuleSession.objects.bulk_create(
            ModuleSession(
                module=module,
                sort_order=number,
                start=start + datetime.timedelta(days=number),
                end=start + datetime.timedelta(days=number, hours=2),
                place="Banc",
                capacity=12,
                is_fictitious=True,
            )
            for number in range(50)
        )
        people = list(
            get_user_model()
            .objects.filter(username__startswith="exemple.participant.")
            .values_list("pk", flat=True)[:10]
        )
        Registration.objects.bulk_create(
            Registration(session=session, user_id=person)
            for session in ModuleSession.objects.filter(module=module)
            for person in people
        )
        module.save_revision().publish()
    season_one = SeasonPage.objects.get(slug="saison-1")
    return [
        ("module, 50 sessions, 500 inscriptions", _url_path(module)),
        ("saison 1, enregistrements complets", _url_path(season_one)),
    ]


VOLUME_SLUG = "banc-volume"


def add_volume():
    """About 500 pages, 200 sessions, 2,000 contacts and 50 surveys, made by the factories under
    the demo's indexes (once: marked by a season with slug ``banc-volume``)."""
    import datetime

    from django.utils import timezone

    from experiences.factories import ContactFactory, ExperiencePageFactory, OrganisationFactory
    from experiences.models import ExperienceIndexPage
    from home.models import HomePage
    from pages import factories as pf
    from pages.models import (
        EventIndexPage,
        MethodIndexPage,
        ModuleSession,
        SeasonIndexPage,
        SeasonPage,
        SharingSessionIndexPage,
        WorkshopReportIndexPage,
    )
    from surveys.factories import make_survey, survey_index

    if SeasonPage.objects.filter(slug=VOLUME_SLUG).exists():
        return
    print("Volume : 500 pages, 200 sessions, 2 000 contacts, 50 questionnaires…", flush=True)
    fictitious = "Exemple fictif (banc)"
    season = pf.SeasonPageFactory(
        parent=SeasonIndexPage.objects.first(), slug=VOLUME_SLUG, title=f"Saison — {fictitious}"
    )
    start = timezone.now() + datetime.timedelta(days=10)
    for number in range(40):
        module = pf.ModulePageFactory(parent=season, slug=f"{VOLUME_SLUG}-module-{number}")
        ModuleSession.objects.bulk_create(
            ModuleSession(
                module=module,
                sort_order=rank,
                start=start + datetime.timedelta(days=number + 7 * rank),
                end=start + datetime.timedelta(days=number + 7 * rank, hours=2),
                place=fictitious,
                capacity=12,
                is_fictitious=True,
            )
            for rank in range(5)
        )
    batches = [
        (SharingSessionIndexPage, pf.SharingSessionPageFactory, 100),
        (EventIndexPage, pf.EventPageFactory, 60),
        (WorkshopReportIndexPage, pf.WorkshopReportPageFactory, 100),
        (MethodIndexPage, pf.MethodPageFactory, 50),
        (ExperienceIndexPage, ExperiencePageFactory, 100),
    ]
    for index_model, page_factory, count in batches:
        index = index_model.objects.first()
        for number in range(count):
            page_factory(
                parent=index,
                slug=f"{VOLUME_SLUG}-{number}",
                title=f"{index_model._meta.verbose_name} {number} — {fictitious}",
            )
    surveys = survey_index(HomePage.objects.first())
    for number in range(50):
        make_survey(
            surveys,
            questions=[{"label": "Utile ?", "choices": ["Oui", "Non"]}],
            slug=f"{VOLUME_SLUG}-{number}",
            title=f"Questionnaire {number} — {fictitious}",
        )
    for number in range(200):
        organisation = OrganisationFactory(name=f"Organisation {number} — {fictitious}")
        for rank in range(10):
            ContactFactory(organisation=organisation, email=f"banc.{number}.{rank}@example.org")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="durée de charge par URL")
    parser.add_argument(
        "--volume",
        action="store_true",
        help="ajoute ~500 pages, 200 sessions, 2 000 contacts et 50 questionnaires (fabriques)",
    )
    args = parser.parse_args()

    name = "bench-volume.sqlite3" if args.volume else "bench.sqlite3"
    database_url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / name}")
    (ROOT / "var").mkdir(exist_ok=True)
    env = bench_env(database_url)
    print(f"Base de données : {database_url}")
    manage(env, "migrate", "--noinput", settings="portal.settings.dev")
    manage(env, "load_demo_content", settings="portal.settings.dev")
    # The demo's search and reference indexing went to the task queue: run it to the end.
    manage(env, "db_worker", "--batch", "--no-startup-delay", settings="portal.settings.dev")
    manage(env, "collectstatic", "--noinput")

    targets = [("page d'accueil", "/"), ("recherche", "/recherche/?q=coop%C3%A9ration")]
    targets += page_urls(env)
    targets += registration_urls()
    if args.volume:
        add_volume()

    with gunicorn(env, workers=2) as base:
        cookie = sign_in(base, "agent", "cooperer-demo-2026")
        for _, path in targets:
            check_page(base + path, cookie)  # warm up, and fail loudly on an error
        floor = wrk(f"{base}/bench/floor/", cookie, seconds=args.seconds)
        print(f"\n{'URL':<46} {'req/s':>8} {'/ plancher':>11}  objectif")
        print(f"{'(a) plancher : vue nue derrière la connexion':<46} {floor:>8.0f} {1:>10.0%}")
        failures = 0
        for name, path in targets:
            rate = wrk(base + path, cookie, seconds=args.seconds)
            ratio = rate / floor
            goal = HOME_GOAL if path == "/" else PAGE_GOAL
            verdict = "atteint" if ratio >= goal else "MANQUÉ"
            failures += ratio < goal
            label = f"{name} {path}"[:46]
            print(f"{label:<46} {rate:>8.0f} {ratio:>10.0%}  ≥ {goal:.0%} {verdict}")
    print(f"\n{len(targets)} URL mesurées, {failures} sous l'objectif.")


if __name__ == "__main__":
    main()
