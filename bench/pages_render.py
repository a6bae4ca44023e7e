"""Benchmark: render time of one demo page of each editorial page type, against a floor.

Builds a throw-away SQLite database, loads the demo content, then, in one process and one
run, measures the median time of N requests (signed in as an agent) to the health check (the
floor: middleware and routing only) and to one live page of each page type. Prints, for each
page type, its requests per second and its ratio to the floor (higher is better; 1.0 would mean
"as fast as the health check"), plus its number of SQL queries.

    .venv/bin/python bench/pages_render.py [requests per URL, default 60]
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(requests=60):
    tmp = tempfile.mkdtemp(prefix="cooperer-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from wagtail.models import get_page_models

    from home.site import ensure_home_page
    from pages import demo
    from portal.factories import UserFactory
    from portal.roles import AGENTS

    ensure_home_page()
    demo.load()
    client = Client()
    client.force_login(UserFactory(username="bench.agent", role=AGENTS))

    def measure(url):
        client.get(url)  # warm-up (caches, template loading)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return statistics.median(timings), len(queries)

    floor, _ = measure("/healthz")
    rows = []
    for model in get_page_models():
        if model._meta.app_label not in ("pages", "home"):
            continue
        page = model.objects.live().order_by("path").first()
        if page is None:
            continue
        median, queries = measure(page.url)
        rows.append((model.__name__, page.url, median, queries))
    search, search_queries = measure("/recherche/?q=coop%C3%A9ration")
    rows.append(("search", "/recherche/?q=coopération", search, search_queries))

    print(f"floor /healthz: {1 / floor:8.1f} req/s (median of {requests})")
    print(f"{'page type':<26} {'req/s':>8} {'ratio':>7} {'queries':>8}  url")
    for name, url, median, queries in rows:
        print(f"{name:<26} {1 / median:8.1f} {floor / median:7.3f} {queries:8d}  {url}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
