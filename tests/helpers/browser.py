"""Selenium steps shared by the browser journeys: waiting for, and clicking, what a user sees; the editor's
password; the recorder of Content-Security-Policy violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "mot-de-passe-du-test"


def wait(driver, timeout: float = 15) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def page_state(driver) -> str:
    """Where the browser is and what it shows: the message of a wait that timed out."""
    try:
        heading = " | ".join(h.text for h in driver.find_elements(By.TAG_NAME, "h1"))
        body = driver.find_element(By.TAG_NAME, "body").text
    except Exception as exc:  # the page itself may be what failed
        return f"at {driver.current_url} (page unreadable: {exc.__class__.__name__})"
    return f"at {driver.current_url}, h1 « {heading} », text: {' '.join(body.split())[:600]}"


def until(driver, condition, what: str, timeout: float = 15):
    """`WebDriverWait.until`, failing with what was awaited and what the page showed instead."""
    try:
        return wait(driver, timeout).until(condition)
    except TimeoutException:
        pytest.fail(f"{what}: not there after {timeout:g} s, {page_state(driver)}", pytrace=True)


def visible(driver, css: str, timeout: float = 15):
    return until(
        driver,
        EC.visibility_of_element_located((By.CSS_SELECTOR, css)),
        f"« {css} » visible",
        timeout,
    )


def click(driver, css: str, timeout: float = 15) -> None:
    """Clicks like a user, through the sticky admin footer if it covers the element."""
    element = until(
        driver, EC.element_to_be_clickable((By.CSS_SELECTOR, css)), f"« {css} » clickable", timeout
    )
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element
    )


RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.effectiveDirective, e.blockedURI || "inline", e.sourceFile + ":" + e.lineNumber].join(" "));
});
"""


def violations(browser) -> list[str]:
    return browser.execute_script("return window.__csp || ['no recorder']")


def admin_login(driver, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Signs in to the admin through its login form and waits for the dashboard."""
    driver.get(f"{base_url}/admin/login/")
    visible(driver, "#id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    visible(driver, "main")


def add_stream_block(driver, stream_css: str, label: str) -> None:
    """The last « + » of the StreamField `stream_css`, then the block type whose name starts with `label` in
    Wagtail's menu."""
    buttons = driver.find_elements(By.CSS_SELECTOR, f"{stream_css} button.c-sf-add-button")
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", buttons[-1]
    )
    option = wait(driver).until(
        lambda d: next(
            (
                o
                for o in d.find_elements(By.CSS_SELECTOR, "[role='option'], .w-combobox__option")
                if o.is_displayed() and o.text.strip().startswith(label)
            ),
            None,
        )
    )
    driver.execute_script("arguments[0].click();", option)


def publish_in_editor(driver, failure_shot: Path) -> None:
    """« Publier » in the page editor, waiting to leave the editor; a refusal fails the test with the messages
    shown (and a screenshot at `failure_shot`)."""
    publish = driver.find_element(By.CSS_SELECTOR, "button[name='action-publish']")
    driver.execute_script("arguments[0].click();", publish)
    try:
        wait(driver, 60).until(lambda d: "/edit/" not in d.current_url)
    except TimeoutException:
        driver.save_screenshot(str(failure_shot))
        errors = [
            e.text
            for e in driver.find_elements(
                By.CSS_SELECTOR, ".error-message, .help-critical, .messages"
            )
        ]
        pytest.fail(f"Publishing failed at {driver.current_url}: {errors}")
