"""Settings read from the environment: production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "cooperer.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_variables(env, missing):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} doit être défini en production" in result.stderr


def test_production_check_deploy_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 30 + "-7yq$x!w2Pz9@vR4uTb8#nLs0eKc6mJd",
        ALLOWED_HOSTS="cooperer.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _redis_reachable():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_url_gives_a_shared_cache():
    script = (
        "from django.core.cache import cache; from django.conf import settings; "
        "cache.set('cooperer-test', 'partagé', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('cooperer-test')); "
        "cache.delete('cooperer-test')"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache partagé" in result.stdout
