"""Debian Chromium driven headless through chromedriver, for the browser tests. A missing browser fails the
test with a message saying what to install: it never skips."""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from testing.chromium import CHROMEDRIVER, CHROMIUM, FLAGS

_START_FAILURE: list[
    str
] = []  # the first failure to start Chromium, so that later browser tests fail at once


@pytest.fixture
def browser():
    if _START_FAILURE:
        pytest.fail(_START_FAILURE[0], pytrace=False)
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"Browser test needs Debian's chromium and chromium-driver ({', '.join(missing)} not found): "
            "apt-get install chromium chromium-driver",
            pytrace=False,
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="maillage-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    # chromedriver's log says why Chromium did not start; every command has a bounded wait (90 s), so a browser
    # that hangs fails the test instead of holding the run.
    log = Path(profile).with_suffix(".chromedriver.log")
    service = Service(str(CHROMEDRIVER), log_output=str(log))
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(
        90
    )  # selenium's HTTP client takes it as its timeout (its default waits forever)
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as exc:
        shutil.rmtree(profile, ignore_errors=True)
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        _START_FAILURE.append(f"Chromium did not start ({CHROMIUM}, {CHROMEDRIVER}): {exc}\n{tail}")
        pytest.fail(_START_FAILURE[0], pytrace=False)
    finally:
        socket.setdefaulttimeout(previous)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
    log.unlink(missing_ok=True)
