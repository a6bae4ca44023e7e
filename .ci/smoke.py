"""Production smoke test: start the portal as the README's "Production" section says, and use it.

Run by .ci/run after the PostgreSQL test suite; by hand: `.venv/bin/python .ci/smoke.py`.
Steps (any failure exits non-zero, and everything started here is stopped):

1. a scratch PostgreSQL database (cooperer_smoke, dropped and created again) and a Redis
   database of its own (SMOKE_REDIS_URL, default redis://127.0.0.1:6379/12);
2. `make serve` on production settings (SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, DATABASE_URL,
   REDIS_URL) on a free loopback port: collectstatic, migrate, gunicorn and one task worker;
3. the demo accounts (`load_demo_content --allow-production`);
4. checks: /healthz 200; /connexion/ 200 with the portal's CSS at a hashed static URL, and
   that file 200; the demo agent signs in (CSRF token, POST) and reads the home page; an
   uploaded image's rendition (/media/, signed-in only) and a document (Wagtail's serve view)
   are served; the worker runs a real job end to end (`manage.py check_worker`) and Wagtail's search
   indexing, queued by the demo, reaches the search page.

The server is plain HTTP on loopback, so requests carry `X-Forwarded-Proto: https` as the
TLS-terminating proxy would (production settings trust that header), and the session and
CSRF cookies (Secure) are handled here by hand.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_SERVER = os.environ.get("SMOKE_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "cooperer_smoke"
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/12")
LOG = ROOT / "var" / "smoke-serve.log"
DEMO_USER, DEMO_PASSWORD = "agent", "cooperer-demo-2026"


# Run by `manage.py shell` on the production settings: one uploaded image and one document,
# as the admin's upload forms would store them, the document linked from a published page;
# prints a rendition URL and the document URL.
MEDIA_SCRIPT = """
import io
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image
buffer = io.BytesIO()
Picture.new("RGB", (64, 48), (31, 61, 122)).save(buffer, "PNG")
image = Image(title="Fumée")
image.file.save("fumee.png", ImageFile(io.BytesIO(buffer.getvalue()), name="fumee.png"))
document = Document(title="Fumée")
document.file.save("fumee.pdf", ContentFile(b"%PDF-1.4 smoke"))
# Documents and images are served only to readers of a live page that uses them
# (portal.access.may_read_file).
from wagtail.models import ReferenceIndex
from home.models import HomePage
from pages.models import ContentPage
page = HomePage.objects.first().add_child(instance=ContentPage(
    title="Fumée", slug="fumee-smoke", body=[
        ("document", {"document": document, "title": ""}),
        ("image", {"image": image, "alt_text": "Fumée", "caption": ""}),
    ]
))
page.save_revision().publish()
ReferenceIndex.create_or_update_for_object(page)
print(image.get_rendition("fill-32x24").url, document.url)
"""


class SmokeFailure(Exception):
    pass


CHECKS_PASSED = []


def step(message):
    print(f"--- {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database():
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Browser:
    """Just enough of a browser: cookies (Secure ones included), no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, path, data=None, headers=None):
        url = self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method="POST" if data else "GET")
        request.add_header("X-Forwarded-Proto", "https")
        if self.cookies:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            request.add_header("Cookie", cookie)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def expect(condition, message):
    if not condition:
        raise SmokeFailure(message)
    passed(message)


def passed(message):
    CHECKS_PASSED.append(message)
    print(f"    ok: {message}", flush=True)


def wait_for(check, what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(1)
    raise SmokeFailure(f"{what}: toujours pas au bout de {timeout} s")


def production_env(database_url, redis_url, name):
    """What `make serve` runs with here: production settings, a fresh secret key, its own
    database, Redis, static and media folders (``var/<name>-static``, ``var/<name>-media``)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(ROOT / "var" / f"{name}-static"),
        "MEDIA_ROOT": str(ROOT / "var" / f"{name}-media"),
        "WEB_CONCURRENCY": "2",
    }
    env.pop("DEBUG", None)
    return env


@contextmanager
def make_serve(env, log_path, timeout):
    """`make serve` on a free port, in its own process group, its output in ``log_path``:
    yields ``(base URL, Browser, log file)`` once /healthz answers, and stops the whole group
    (gunicorn and the task workers) at the end, whatever happened."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    step(f"make serve (réglages de production) sur {base}")
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    server = subprocess.Popen(
        ["make", "serve", f"PORT={port}", "HOST=127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    try:
        browser = Browser(base)

        def healthy():
            if server.poll() is not None:
                raise SmokeFailure(
                    f"make serve s'est arrêté (code {server.returncode}, voir {log_path})"
                )
            return browser.request("/healthz")[0] == 200

        wait_for(healthy, "/healthz", timeout=timeout)
        yield base, browser, log
    finally:
        step("arrêt de tout ce qui a été lancé")
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def main():
    env = production_env(f"{PG_SERVER}/{DATABASE}", REDIS_URL, "smoke")

    step(f"base PostgreSQL {DATABASE} et Redis {REDIS_URL} neufs")
    recreate_database()
    flush_redis()

    with make_serve(env, LOG, timeout=300) as (base, browser, log):
        status, _, body = browser.request("/healthz")
        expect(status == 200 and b'"ok"' in body, "/healthz répond 200")

        step("comptes de démonstration")
        subprocess.run(
            [PYTHON, "manage.py", "load_demo_content", "--allow-production"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        step("page de connexion et CSS aux noms hachés")
        status, _, body = browser.request("/connexion/")
        html = body.decode()
        expect(status == 200, "/connexion/ répond 200")
        match = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]{12}\.css)"', html)
        expect(match is not None, "la CSS du portail a un nom haché")
        status, headers, css = browser.request(match.group(1))
        expect(status == 200 and b"--c-primary" in css, f"{match.group(1)} répond 200")
        expect("text/css" in headers.get("Content-Type", ""), "servie comme text/css")
        expect("immutable" in headers.get("Cache-Control", ""), "mise en cache longue (immutable)")

        step(f"connexion de « {DEMO_USER} » et page d'accueil")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        expect(token is not None and "csrftoken" in browser.cookies, "jeton CSRF reçu")
        status, headers, _ = browser.request(
            "/connexion/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": DEMO_USER,
                "password": DEMO_PASSWORD,
            },
            headers={"Referer": base.replace("http://", "https://", 1) + "/connexion/"},
        )
        expect(status == 302 and "sessionid" in browser.cookies, "connexion acceptée (302)")
        status, _, body = browser.request("/")
        home = body.decode()
        expect(status == 200 and "/deconnexion/" in home, "page d'accueil lue, connecté")

        step("médias : une image téléversée et un document, servis en production")
        created = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", MEDIA_SCRIPT],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        image_url, document_url = created[-2], created[-1]
        status, headers, body = browser.request(image_url)
        expect(
            status == 200 and headers.get("Content-Type") == "image/png",
            f"{image_url} (rendu d'image) répond 200 en image/png",
        )
        status, _, body = browser.request(document_url)
        expect(status == 200 and body == b"%PDF-1.4 smoke", f"{document_url} (document) répond 200")
        anonymous = Browser(base)
        expect(anonymous.request(image_url)[0] == 302, "sans connexion : renvoi vers /connexion/")

        step("worker : une tâche de bout en bout")
        subprocess.run(
            [PYTHON, "manage.py", "check_worker", "--timeout", "120"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        passed("manage.py check_worker : tâche exécutée par le worker")

        def indexed():
            status, _, body = browser.request("/recherche/?q=coop%C3%A9ration")
            return status == 200 and "Aucun résultat" not in body.decode()

        wait_for(indexed, "indexation de la recherche par le worker", timeout=180)
        passed("la recherche trouve le contenu indexé par le worker")
    print("Test de fumée de la production : réussi.", flush=True)
    print(f"smoke: {len(CHECKS_PASSED)} passed, 0 failed", flush=True)


if __name__ == "__main__":
    # A CI time-out or Ctrl+C still runs main()'s clean-up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        main()
    except (SmokeFailure, subprocess.CalledProcessError) as failure:
        print(f"ÉCHEC du test de fumée : {failure}", file=sys.stderr)
        print(f"smoke: {len(CHECKS_PASSED)} passed, 1 failed", flush=True)
        if LOG.exists():
            print(f"--- fin du journal du serveur ({LOG})", file=sys.stderr)
            print("\n".join(LOG.read_text().splitlines()[-60:]), file=sys.stderr)
        sys.exit(1)
