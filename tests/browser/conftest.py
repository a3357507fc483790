"""Debian Chromium driven headless through chromedriver, for the browser tests. A missing browser fails the
test with a message saying what to install: it never skips."""

from __future__ import annotations

import shutil
import tempfile

import pytest

from testing.chromium import CHROMEDRIVER, CHROMIUM, FLAGS


@pytest.fixture
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"Browser test needs Debian's chromium and chromium-driver ({', '.join(missing)} not found): "
                    "apt-get install chromium chromium-driver", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="maillage-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:
        shutil.rmtree(profile, ignore_errors=True)
        pytest.fail(f"Chromium did not start ({CHROMIUM}, {CHROMEDRIVER}): {exc}", pytrace=False)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
