"""An editor turns on two-factor authentication from the admin's account menu, logs out, and logs in again with
the password and a TOTP code computed here from the enrolled device. Screenshots in var/screenshots/2fa-*.png
(desktop and phone widths)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "un-mot-de-passe-solide-42"


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"2fa-{name}.png"))


def visible(browser, css: str):
    return WebDriverWait(browser, 20).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def code(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def log_in(browser, url: str) -> None:
    browser.get(f"{url}/admin/login/")
    visible(browser, "#id_username").send_keys("redaction")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def test_enrol_log_out_and_log_in_with_a_code(live_server, browser):
    user = User.objects.create_user("redaction", password=PASSWORD, first_name="Camille")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    log_in(browser, live_server.url)
    visible(browser, "main")

    # The account page offers « Double authentification ».
    browser.get(f"{live_server.url}/admin/account/")
    visible(browser, "#tab-label-actions").click()  # « Plus d'actions »
    link = visible(browser, "a[href='/admin/double-authentification/activer/']")
    assert "Double authentification" in browser.page_source
    shot(browser, "0-account-menu")
    link.click()
    visible(browser, ".qr-code svg")
    assert "Scannez ce code QR" in browser.page_source
    shot(browser, "1-enrolment")
    browser.set_window_size(390, 900)
    shot(browser, "1-enrolment-phone")
    browser.set_window_size(1280, 1000)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
    assert secret and len(secret) >= 32
    browser.find_element(By.ID, "id_code").send_keys(code(device))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    visible(browser, ".messages")
    assert "Double authentification activée" in browser.page_source
    shot(browser, "2-enabled")
    assert TOTPDevice.objects.get(user=user).confirmed

    # Log out, log in again: the password alone leads to the code page.
    browser.delete_all_cookies()
    log_in(browser, live_server.url)
    visible(browser, "#id_code")
    assert "/admin/double-authentification/verifier/" in browser.current_url
    assert "Code de connexion" in browser.page_source
    shot(browser, "3-code-asked")
    browser.set_window_size(390, 900)
    shot(browser, "3-code-asked-phone")
    browser.set_window_size(1280, 1000)
    browser.find_element(By.ID, "id_code").send_keys(
        code(device, 1)
    )  # the next step: the first one is spent
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: "verifier" not in b.current_url)
    visible(browser, "main")
    assert browser.current_url.rstrip("/").endswith("/admin")
    shot(browser, "4-logged-in")
