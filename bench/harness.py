"""Shared benchmark plumbing: a gunicorn server on loopback, a signed-in session, wrk runs.

Every figure is printed as a ratio against a reference measured in the same run, because
absolute numbers depend on the machine.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent

sys.path.insert(0, str(ROOT / ".ci"))
from smoke import free_port  # noqa: E402  (the CI smoke test's: one way to pick a port)


def bench_env(database_url):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(ROOT)
    return env


def manage(env, *args, settings="bench.settings"):
    subprocess.run(
        [PYTHON, "manage.py", *args, f"--settings={settings}"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def gunicorn(env, workers=2):
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def sign_in(base, username, password):
    """Sign in through the login form, like a browser; return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/connexion/") as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/connexion/", data=data, headers={"Referer": f"{base}/connexion/"}
    )
    with opener.open(request) as response:
        if urllib.parse.urlparse(response.geturl()).path != "/":
            raise RuntimeError(f"sign-in failed for {username}")
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("no session cookie after sign-in")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def check_page(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        return response.status


def wrk(url, cookie, seconds=5, connections=8, threads=2):
    """Requests per second for ``url`` (wrk), refusing results with errors or redirects."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs it with apt-get")
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise RuntimeError(f"{url}: {bad.group(1)} responses were not 2xx/3xx\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
