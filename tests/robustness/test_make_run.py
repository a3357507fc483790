"""`make run` serves visitors as production does (DEBUG off unless asked, static files still served) and starts
the periodic jobs' scheduler beside the server."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.environment import PROJECT_ROOT


def make_database(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    return subprocess.run(
        ["make", "--no-print-directory", "-pn", "run", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def dev_settings(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", **env})
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def test_make_run_turns_debug_off_unless_asked_and_starts_the_scheduler():
    database = make_database()
    assert "run: DEBUG = 0" in database
    recipe = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "manage.py run_scheduler &" in recipe and "manage.py runserver" in recipe
    opted_in = make_database("DEBUG=1")  # what developers opt into
    assert "\nDEBUG = 1\n" in opted_in and "run: DEBUG = 0" not in opted_in
    # The settings `make run` uses: no debug page, static files served by WhiteNoise from the apps' folders.
    assert dev_settings(DEBUG="0") == "False True"
    assert dev_settings(DEBUG="1") == "True True"
