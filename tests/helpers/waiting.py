import time
from pathlib import Path

from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)

# A page that navigates while it is being polled detaches the elements just found, or has not drawn them yet:
# transient, so poll again. Chromium reports some detached elements as an "unknown error" of its inspector.
DETACHED = "does not belong to the document"


def _transient(exc: Exception) -> bool:
    return isinstance(exc, (StaleElementReferenceException, NoSuchElementException)) or (
        isinstance(exc, WebDriverException) and DETACHED in (exc.msg or "")
    )


def wait_for(
    predicate,
    timeout: float = 90,
    interval: float = 0.3,
    message: str = "condition",
    log: Path | None = None,
):
    """Polls `predicate` until it is truthy; on timeout the worker's `log` tail, if given, explains why."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except WebDriverException as exc:
            if not _transient(exc):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {message}{tail}")
        time.sleep(interval)
