import time
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException

# A page that navigates while it is being polled detaches the elements just found: transient, so poll again.
TRANSIENT = (StaleElementReferenceException,)


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
        except TRANSIENT:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {message}{tail}")
        time.sleep(interval)
