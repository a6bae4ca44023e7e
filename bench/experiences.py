"""Benchmark of the territorial network: 5,000 organisations and 20,000 contacts.

Run: ``.venv/bin/python bench/experiences.py`` (a scratch SQLite database in a temporary folder;
``--reads-only`` for the GeoJSON and the map page alone;
``--database-url postgres://postgres@127.0.0.1:5432/cooperer_experiences_bench`` for PostgreSQL,
a database that is dropped and re-created). Prints times, query counts and ratios against
references measured in the same run:

- GeoJSON endpoint and map page vs a bare ``values_list`` query of the same rows (the floor of
  any view that shows them);
- import of 10,000 contacts (rows per second): the preview job and the confirmation job
  (reading the file included) vs ``bulk_create`` of the same rows.

``--served``: the same 10,000-contact import end to end through ``make serve`` (gunicorn and
one task worker, production settings) on a scratch PostgreSQL database
(``cooperer_import_served_bench``, dropped and created again; ``--pg-server`` to change the
server) and a Redis database of its own (``--redis-url``, default db 13), on a free loopback
port, as a coordinator would. The file is the one an office makes: the contacts written as a
sheet whose phone cells are numbers formatted ``00 00 00 00 00`` (a flat ODS, see
``experiences/office_files.py``), saved as ``.xlsx`` by LibreOffice headless
(``soffice --headless --convert-to xlsx``). Sign in, upload the file (the request's time: it
must stay well under a second, whatever the file's size), wait for the preview job, press
« Confirmer », wait for the confirmation job; check in the database that every phone is stored
exactly as typed and shown (« 03 87 00 00 00 »); then download the contacts' CSV and XLSX
exports (above ``EXPORT_INLINE_MAX_ROWS`` rows, written by a job whose page the export
redirects to, then downloaded from it) and upload each again: its preview must find every row
unchanged. Prints each step's
time and rows per second (as the worker's job measured it, and as the coordinator waits for
it), the phones differing from what was typed and the re-imports' counts; exits non-zero when
a phone differs or a re-import is not all unchanged. Everything started is stopped.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORGANISATIONS = 5_000
CONTACTS = 20_000
IMPORT_ROWS = 10_000
RUNS = 3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--organisations", type=int, default=ORGANISATIONS)
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument(
        "--served",
        action="store_true",
        help="import through `make serve` (gunicorn + worker, production settings, PostgreSQL)",
    )
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="GeoJSON et page carte seulement (ni import, ni fichiers piégés)",
    )
    return parser.parse_args()


def setup_django(database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def timed(function, runs=RUNS):
    """(median seconds, queries of the last run, result of the last run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    result = None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries), result


def build(organisations, contacts):
    from decimal import Decimal

    from django.db import transaction

    from experiences.factories import NetworkMapPageFactory
    from experiences.models import Contact, Organisation, Territory
    from home.site import ensure_home_page
    from taxonomy.factories import ThemeFactory

    rng = random.Random(2025)
    home = ensure_home_page()
    map_page = NetworkMapPageFactory(parent=home)
    themes = [
        ThemeFactory(name=name)
        for name in ("Jeunesse", "Familles", "Isolement", "TFPB", "Gouvernance", "Coopération")
    ]
    with transaction.atomic():
        territories = Territory.objects.bulk_create(
            Territory(
                name=f"Commune {i}",
                kind="commune",
                code=f"{10000 + i}",
                latitude=Decimal(f"{rng.uniform(43.0, 50.5):.5f}"),
                longitude=Decimal(f"{rng.uniform(-1.0, 7.5):.5f}"),
            )
            for i in range(200)
        )
        kinds = [kind for kind, _label in Organisation.Kind.choices]
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"Organisation {i:05d}",
                kind=kinds[i % len(kinds)],
                territory=territories[i % len(territories)],
                latitude=Decimal(f"{rng.uniform(43.0, 50.5):.5f}"),
                longitude=Decimal(f"{rng.uniform(-1.0, 7.5):.5f}"),
                visible_to_partners=i % 4 != 0,
                address=f"{i} rue de la Coopération",
            )
            for i in range(organisations)
        )
        OrgTheme = Organisation.themes.through
        OrgTheme.objects.bulk_create(
            OrgTheme(organisation_id=org.pk, theme_id=themes[i % len(themes)].pk)
            for i, org in enumerate(orgs)
        )
        people = Contact.objects.bulk_create(
            Contact(
                first_name="Camille",
                last_name=f"Contact {i:05d}",
                job_title="Chargée de mission",
                organisation=orgs[i % len(orgs)],
                email=f"contact{i}@example.org",
                phone="+33 3 00 00 00 00",
                visible_to_partners=i % 3 != 0,
                source="bench",
            )
            for i in range(contacts)
        )
        ContactTheme = Contact.themes.through
        ContactTheme.objects.bulk_create(
            ContactTheme(contact_id=c.pk, theme_id=themes[i % len(themes)].pk)
            for i, c in enumerate(people)
        )
    return map_page, orgs


def bench_reads(map_page):
    import json

    from django.test import Client

    from experiences.models import Contact, Organisation
    from portal.factories import UserFactory

    results = {}
    for kind, role in (("agent", "Agents"), ("partenaire", "Partenaires")):
        client = Client()
        client.force_login(UserFactory(username=f"bench.{kind}", role=role))
        client.get(map_page.url)  # warm caches

        def floor_all():
            orgs = list(
                Organisation.objects.values_list(
                    "pk",
                    "name",
                    "kind",
                    "address",
                    "website",
                    "latitude",
                    "longitude",
                    "territory__name",
                )
            )
            contacts = list(
                Contact.objects.values_list(
                    "organisation_id", "first_name", "last_name", "job_title", "email", "phone"
                )
            )
            return json.dumps([orgs, contacts], default=str)

        def floor_page():
            orgs = list(
                Organisation.objects.order_by("name").values_list(
                    "pk", "name", "kind", "address", "website", "territory__name"
                )[:25]
            )
            ids = [org[0] for org in orgs]
            contacts = list(
                Contact.objects.filter(organisation_id__in=ids).values_list(
                    "organisation_id", "first_name", "last_name", "job_title", "email", "phone"
                )
            )
            return orgs, contacts

        floor_geo, _q, _r = timed(floor_all)
        floor_list, _q, _r = timed(floor_page)
        geo_time, geo_queries, response = timed(lambda c=client: c.get(f"{map_page.url}geojson/"))
        features = len(json.loads(response.content)["features"])
        page_time, page_queries, response = timed(lambda c=client: c.get(map_page.url))
        assert response.status_code == 200
        filtered_time, filtered_queries, _r = timed(
            lambda c=client: c.get(map_page.url, {"theme": "tfpb", "q": "organisation 01"})
        )
        results[kind] = (
            features,
            len(response.content),
            geo_time,
            geo_queries,
            floor_geo,
            page_time,
            page_queries,
            floor_list,
            filtered_time,
            filtered_queries,
        )
    return results


def bench_import(rows, orgs):
    """The two jobs of an import, timed as the worker runs them (reading the file included):
    the preview (read + compare) and the confirmation (read + compare + write in bulk)."""
    from django.db import transaction

    from experiences.importing import plan_import, read_table, write_plan
    from experiences.models import Contact
    from experiences.resources import ContactResource

    lines = [
        "Prénom;Nom;Fonction;Organisation;Courriel;Téléphone;Thématiques;"
        "Visible par les partenaires"
    ]
    for i in range(rows):
        lines.append(
            f"Dominique;Importé {i:05d};Chargé de mission;{orgs[i % len(orgs)].name};"
            f"import{i}@example.org;03 87 00 {i % 100:02d} 01;TFPB;oui"
        )
    raw = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")

    def plan():
        resource = ContactResource(default_source="Import du bench")
        _columns, ignored, records = read_table(raw, "contacts.csv", resource)
        return plan_import(resource, records, ignored=ignored)

    start = time.perf_counter()
    read_table(raw, "contacts.csv", ContactResource())
    read_time = time.perf_counter() - start

    start = time.perf_counter()
    preview = plan()
    preview_time = time.perf_counter() - start
    assert preview.is_valid and preview.counts["new"] == rows, preview.counts

    start = time.perf_counter()
    write_plan(plan())
    import_time = time.perf_counter() - start
    assert Contact.objects.filter(email__startswith="import").count() == rows

    start = time.perf_counter()
    reimport = plan()
    reimport_time = time.perf_counter() - start
    unchanged = reimport.counts["skip"]

    changed = raw.replace(b"Charg\xc3\xa9 de mission", b"Cheffe de projet")
    start = time.perf_counter()
    resource = ContactResource()
    _columns, ignored, records = read_table(changed, "contacts.csv", resource)
    update_plan = plan_import(resource, records)
    assert update_plan.counts["update"] == rows
    with transaction.atomic():
        write_plan(update_plan)
        transaction.set_rollback(True)
    update_time = time.perf_counter() - start

    # Reference: the same rows written by bulk_create (with their theme rows), rolled back.
    theme_id = Contact.themes.through.objects.values_list("theme_id", flat=True).first()
    start = time.perf_counter()
    with transaction.atomic():
        created = Contact.objects.bulk_create(
            Contact(
                first_name="Dominique",
                last_name=f"Référence {i:05d}",
                job_title="Chargé de mission",
                organisation=orgs[i % len(orgs)],
                email=f"reference{i}@example.org",
                phone=f"03 87 00 {i % 100:02d} 01",
                visible_to_partners=True,
            )
            for i in range(rows)
        )
        Contact.themes.through.objects.bulk_create(
            Contact.themes.through(contact_id=contact.pk, theme_id=theme_id) for contact in created
        )
        transaction.set_rollback(True)
    bulk_time = time.perf_counter() - start
    return read_time, preview_time, import_time, reimport_time, unchanged, update_time, bulk_time


BAD_FILE_SCRIPT = """
import os, sys, time
import django
django.setup()
from experiences.reading import ImportFileError, read_rows
def status(key):
    return int(next(l for l in open("/proc/self/status") if l.startswith(key)).split()[1])
def rss():
    return status("VmRSS")
raw = open(sys.argv[1], "rb").read()
before = rss()
start = time.perf_counter()
try:
    read_rows(raw, sys.argv[1])
    outcome = "lu"
except ImportFileError as error:
    outcome = "refusé : " + str(error)[:60]
elapsed = time.perf_counter() - start
peak = status("VmHWM")  # this process's peak (ru_maxrss would include the parent's)
print(f"{elapsed * 1000:.0f} ms, +{max(peak - before, 0) / 1024:.0f} Mo ; {outcome}")
"""


def bench_bad_files():
    """Each hostile file read in its own process: time and memory beyond the process's own."""
    import io
    import subprocess
    import zipfile

    from openpyxl import Workbook

    folder = tempfile.TemporaryDirectory(prefix="cooperer-bad-files-")
    base = Path(folder.name)
    workbook = Workbook()
    workbook.active.append(["Prénom", "Nom", "Courriel"])
    workbook.active.append(["Zoé", "Fontier", "zoe@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(base / "bombe-dimension.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                end = text.index("/>", start) + 2
                data = (text[:start] + '<dimension ref="A1:XFD1048576"/>' + text[end:]).encode()
            bomb.writestr(item, data)
    with (base / "un-million.csv").open("w", encoding="utf-8") as handle:
        handle.write("Prénom;Nom;Courriel\n")
        handle.writelines(f"a;b;p{i}@x.fr\n" for i in range(1_000_000))
    (base / "cellule-200-ko.csv").write_text(
        "Prénom;Nom;Courriel\nZoé;" + "x" * 200_000 + ";z@example.org\n", encoding="utf-8"
    )
    (base / "binaire.csv").write_bytes(os.urandom(64) + b"\x00" * 64 + os.urandom(1 << 20))
    (base / "vide.csv").write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    for path in sorted(base.iterdir()):
        output = subprocess.run(
            [sys.executable, "-c", BAD_FILE_SCRIPT, str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        results.append((path.name, path.stat().st_size, output))
    folder.cleanup()
    return results


# --- Through `make serve` --------------------------------------------------------------------

SERVED_DATABASE = "cooperer_import_served_bench"
SERVED_ORGANISATIONS = 200
# Run by `manage.py shell` on the production settings: a coordinator, the organisations and the
# theme the file names.
SERVED_SETUP = """
from portal.factories import UserFactory
from portal.roles import COORDINATION, ensure_groups
from experiences.models import Organisation
from taxonomy.factories import ThemeFactory
ensure_groups()
ThemeFactory(name="TFPB")
user = UserFactory(username="bench.coordination", role=COORDINATION, is_staff=True)
user.set_password("bench-served-2026")
user.save()
Organisation.objects.bulk_create(
    Organisation(name=f"Organisation {i:05d}", kind="autre") for i in range(%d)
)
"""


# The contacts file as an office makes it: phones typed as numbers formatted `00 00 00 00 00`
# (how a spreadsheet's phone column is usually kept), written by LibreOffice as `.xlsx`.
FIRST_PHONE = 387_000_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def expected_phones(rows):
    """E-mail → the phone as the coordinator typed it and sees it (« 03 87 00 00 00 »)."""
    from experiences.office_files import phone_as_typed

    return {f"import{i}@example.org": phone_as_typed(FIRST_PHONE + i) for i in range(rows)}


def contacts_xlsx(rows, organisations, folder):
    """(bytes of the LibreOffice .xlsx, seconds LibreOffice took to write it)."""
    from experiences.office_files import convert, write_fods

    table = [
        [
            "Prénom",
            "Nom",
            "Fonction",
            "Organisation",
            "Courriel",
            "Téléphone",
            "Thématiques",
            "Visible par les partenaires",
        ]
    ]
    table += [
        [
            "Dominique",
            f"Importé {i:05d}",
            "Chargé de mission",
            f"Organisation {i % organisations:05d}",
            f"import{i}@example.org",
            ("phone", FIRST_PHONE + i),
            "TFPB",
            "oui",
        ]
        for i in range(rows)
    ]
    source = write_fods(Path(folder) / "contacts.fods", table)
    start = time.perf_counter()
    converted = convert(source, "xlsx", Path(folder) / "libreoffice", timeout=600)
    return converted.read_bytes(), time.perf_counter() - start


def multipart(fields, files):
    """A multipart/form-data body: (content type, bytes)."""
    import secrets as random_secrets

    boundary = "----cooperer" + random_secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        kind = XLSX_TYPE if filename.endswith(".xlsx") else "text/csv"
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def post_bytes(browser, path, body, headers):
    """POST a ready-made body with the browser's cookies (its own form encoding is urlencoded)."""
    import urllib.error
    import urllib.request

    from smoke import NoRedirect

    request = urllib.request.Request(browser.base + path, data=body, method="POST")
    request.add_header("X-Forwarded-Proto", "https")
    request.add_header(
        "Cookie", "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    )
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


def bench_served(args):
    """The import through `make serve`; returns the printed lines' figures."""
    import json
    import re
    import subprocess
    import urllib.parse

    import psycopg

    sys.path.insert(0, str(ROOT / ".ci"))
    from smoke import make_serve, production_env, wait_for

    rows = args.import_rows
    # The office's file, made before the server starts (LibreOffice and gunicorn share the CPU).
    folder = tempfile.TemporaryDirectory(prefix="cooperer-served-")
    content, libreoffice_time = contacts_xlsx(rows, SERVED_ORGANISATIONS, folder.name)
    folder.cleanup()
    with psycopg.connect(f"{args.pg_server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SERVED_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {SERVED_DATABASE}")
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    database_url = f"{args.pg_server}/{SERVED_DATABASE}"
    env = production_env(database_url, args.redis_url, "bench-served")
    log_path = ROOT / "var" / "bench-served.log"
    print(f"make serve (production, PostgreSQL {SERVED_DATABASE})…", flush=True)
    with make_serve(env, log_path, timeout=600) as (base, browser, log):
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "manage.py",
                "shell",
                "-c",
                SERVED_SETUP % SERVED_ORGANISATIONS,
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        referer = {"Referer": base.replace("http://", "https://", 1) + "/"}

        def token(html):
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

        _, _, body = browser.request("/connexion/")
        status, _, _ = browser.request(
            "/connexion/",
            data={
                "csrfmiddlewaretoken": token(body.decode()),
                "username": "bench.coordination",
                "password": "bench-served-2026",
            },
            headers=referer,
        )
        if status != 302:
            raise RuntimeError(f"connexion refusée ({status})")

        def upload(filename, content):
            """Upload as the import form does; (request seconds, run id, run path, t0)."""
            status, _, body = browser.request("/admin/reseau/contact/import/")
            if status != 200:
                raise RuntimeError(f"page d'import : {status}")
            content_type, payload = multipart(
                {"csrfmiddlewaretoken": token(body.decode())}, {"file": (filename, content)}
            )
            start = time.perf_counter()
            status, headers, body = post_bytes(
                browser,
                "/admin/reseau/contact/import/",
                payload,
                {**referer, "Content-Type": content_type},
            )
            elapsed = time.perf_counter() - start
            if status != 302:
                raise RuntimeError(f"envoi de {filename} : {status} {body[:300]!r}")
            run_path = urllib.parse.urlparse(headers["Location"]).path
            return elapsed, run_path.rstrip("/").rsplit("/", 1)[1], run_path, start

        def job(run_id, column):
            with psycopg.connect(database_url) as connection:
                return connection.execute(
                    "SELECT j.status, j.started_at, j.finished_at, j.error, j.created_at "
                    f"FROM experiences_importrun r JOIN portal_job j ON j.id = r.{column} "
                    "WHERE r.id = %s",
                    [run_id],
                ).fetchone()

        def wait_job(run_id, column, what):
            def check():
                row = job(run_id, column)
                if row and row[0] == "failed":
                    raise RuntimeError(f"tâche en échec : {row[3]}")
                return row is not None and row[0] == "succeeded"

            wait_for(check, what, timeout=600)
            _, started, ended, _, _ = job(run_id, column)
            return (ended - started).total_seconds()

        def preview_counts(run_id):
            with psycopg.connect(database_url) as connection:
                preview = connection.execute(
                    "SELECT preview FROM experiences_importrun WHERE id = %s", [run_id]
                ).fetchone()[0]
            return preview["counts"]

        upload_time, run_id, run_path, start = upload("contacts.xlsx", content)
        preview_job_time = wait_job(run_id, "preview_job_id", "aperçu")
        preview_wait = time.perf_counter() - start
        first_counts = preview_counts(run_id)
        if first_counts["new"] != rows:
            raise RuntimeError(f"aperçu du fichier LibreOffice : {first_counts}")
        status, _, body = browser.request(run_path)
        html = body.decode()
        preview_page_size = len(body)
        confirm_path = re.search(r'action="([^"]+/confirmer/)"', html).group(1)
        start = time.perf_counter()
        status, _, _ = browser.request(
            confirm_path, data={"csrfmiddlewaretoken": token(html)}, headers=referer
        )
        confirm_request = time.perf_counter() - start
        if status != 302:
            raise RuntimeError(f"confirmation : {status}")
        confirm_job_time = wait_job(run_id, "confirm_job_id", "confirmation")
        confirm_wait = time.perf_counter() - start
        with psycopg.connect(database_url) as connection:
            stored = dict(
                connection.execute(
                    "SELECT email, phone FROM experiences_contact WHERE email LIKE 'import%%'"
                ).fetchall()
            )
        expected = expected_phones(rows)
        written = len(stored)
        differing = sorted(
            (email, phone, stored.get(email))
            for email, phone in expected.items()
            if stored.get(email) != phone
        )
        status, _, body = browser.request(run_path)
        page_size = len(body)

        # Every export, fetched as the coordinator, re-imported: its preview must be all
        # « inchangées ».
        def export_file(path):
            """The export's file: sent by the request, or (above EXPORT_INLINE_MAX_ROWS rows)
            written by a job whose page the request redirects to, then downloaded."""
            status, headers, body = browser.request(path)
            if status != 302:
                return status, body
            job_page = urllib.parse.urlsplit(headers["Location"]).path
            state = {}

            def written():
                state.update(json.loads(browser.request(f"{job_page}etat.json")[2]))
                if state["status"] == "failed":
                    raise RuntimeError(f"tâche d'export en échec : {state['error']}")
                return state["finished"]

            wait_for(written, "tâche d'export", timeout=600)
            status, _, body = browser.request(state["result_url"])
            return status, body

        round_trips = []
        for fmt in ("csv", "xlsx"):
            start = time.perf_counter()
            status, exported = export_file(f"/admin/reseau/contact/export/{fmt}/")
            export_time = time.perf_counter() - start
            if status != 200:
                raise RuntimeError(f"export {fmt} : {status}")
            _, again_id, _, start = upload(f"export-contacts.{fmt}", exported)
            again_job_time = wait_job(again_id, "preview_job_id", f"réimport {fmt}")
            round_trips.append(
                (fmt, len(exported), export_time, again_job_time, preview_counts(again_id))
            )
    print(f"\n[import de {rows} contacts par make serve (gunicorn + worker, PostgreSQL)]")
    print(
        f"  fichier : .xlsx écrit par LibreOffice ({libreoffice_time:.1f} s), "
        f"{len(content) / 1024:.0f} Kio, téléphones en nombres au format 00 00 00 00 00"
    )
    print(f"  envoi du fichier (requête) : {upload_time * 1000:.0f} ms")
    print(
        f"  aperçu : tâche {preview_job_time:.2f} s → {rows / preview_job_time:.0f} lignes/s ; "
        f"attendu par la coordinatrice {preview_wait:.2f} s ; page {preview_page_size // 1024} Kio"
    )
    print(f"  « Confirmer » (requête) : {confirm_request * 1000:.0f} ms")
    print(
        f"  confirmation : tâche {confirm_job_time:.2f} s → {rows / confirm_job_time:.0f} "
        f"lignes/s ; attendue {confirm_wait:.2f} s"
    )
    print(f"  contacts écrits : {written} ; page de l'import terminé : {page_size // 1024} Kio")
    print(f"  téléphones différents de la saisie : {len(differing)} sur {rows}")
    for email, typed, stored_phone in differing[:5]:
        print(f"    {email} : saisi {typed!r}, enregistré {stored_phone!r}")
    for fmt, size, export_time, job_time, counts in round_trips:
        print(
            f"  export {fmt.upper()} ({size / 1024:.0f} Kio, {export_time * 1000:.0f} ms) "
            f"réimporté : {counts['skip']} inchangées, {counts['new']} nouvelles, "
            f"{counts['update']} mises à jour, {counts['invalid']} invalides "
            f"(aperçu {job_time:.2f} s)"
        )
    problems = []
    if written != rows:
        problems.append(f"{written} contacts écrits sur {rows}")
    if differing:
        problems.append(f"{len(differing)} téléphones différents de la saisie")
    for fmt, _size, _time, _job, counts in round_trips:
        if counts != {"new": 0, "update": 0, "skip": rows, "invalid": 0}:
            problems.append(f"export {fmt} réimporté : {counts}")
    if problems:
        sys.exit("Échec : " + " ; ".join(problems))


def create_missing_database(db):
    import psycopg

    server = {"user": db["USER"], "host": db["HOST"], "port": db["PORT"] or 5432}
    try:
        psycopg.connect(dbname=db["NAME"], **server).close()
    except psycopg.OperationalError:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main():
    args = parse_args()
    if args.served:
        bench_served(args)
        return
    scratch = None
    database_url = args.database_url
    if not database_url:
        scratch = tempfile.TemporaryDirectory(prefix="cooperer-bench-")
        database_url = f"sqlite:///{scratch.name}/bench.sqlite3"
    setup_django(database_url)

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        if not name.endswith("_bench"):
            sys.exit("Refus : la base PostgreSQL de bench doit finir par _bench (elle est vidée).")
        create_missing_database(connection.settings_dict)
        call_command("flush", interactive=False, verbosity=0)
    print(f"Base : {connection.vendor} ; migrations…", flush=True)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    map_page, orgs = build(args.organisations, args.contacts)
    print(
        f"Données : {args.organisations} organisations, {args.contacts} contacts "
        f"({time.perf_counter() - start:.1f} s)\n",
        flush=True,
    )

    for kind, values in bench_reads(map_page).items():
        (
            features,
            size,
            geo_time,
            geo_queries,
            floor_geo,
            page_time,
            page_queries,
            floor_list,
            filtered_time,
            filtered_queries,
        ) = values
        print(f"[{kind}]")
        print(
            f"  GeoJSON : {features} points, {geo_time * 1000:.0f} ms, {geo_queries} requêtes"
            f" ; plancher (values_list des mêmes lignes + json) {floor_geo * 1000:.0f} ms"
            f" → ratio {geo_time / floor_geo:.1f}"
        )
        print(
            f"  Page carte (25 par page) : {page_time * 1000:.0f} ms, {page_queries} requêtes,"
            f" {size // 1024} Kio ; plancher (25 lignes et leurs contacts) "
            f"{floor_list * 1000:.1f} ms → ratio {page_time / floor_list:.1f}"
        )
        print(
            f"  Page carte filtrée (thème + texte) : {filtered_time * 1000:.0f} ms, "
            f"{filtered_queries} requêtes",
            flush=True,
        )

    if args.reads_only:
        if scratch:
            scratch.cleanup()
        return
    (read_time, preview_time, import_time, reimport_time, unchanged, update_time, bulk_time) = (
        bench_import(args.import_rows, orgs)
    )
    rows = args.import_rows
    print(f"\n[import de {rows} contacts, lecture du fichier comprise]")
    print(f"  lecture du CSV seule : {read_time * 1000:.0f} ms")
    print(
        f"  référence bulk_create (contacts + thématiques) : {bulk_time:.2f} s → "
        f"{rows / bulk_time:.0f} lignes/s"
    )
    for label, seconds in (
        ("aperçu (tâche 1)", preview_time),
        ("confirmation, 10 000 nouveaux (tâche 2)", import_time),
        (f"réimport à l'identique, aperçu ({unchanged} inchangées)", reimport_time),
        ("réimport modifié, confirmation (toutes mises à jour)", update_time),
    ):
        print(
            f"  {label} : {seconds:.2f} s → {rows / seconds:.0f} lignes/s ; "
            f"ratio à bulk_create {seconds / bulk_time:.1f}"
        )
    print("\n[fichiers piégés : lecture seule, chacun dans son processus]")
    for name, size, output in bench_bad_files():
        print(f"  {name} ({size / 1024:.0f} Kio) : {output}")
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
