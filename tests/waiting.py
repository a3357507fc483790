import time
from pathlib import Path


def wait_for(predicate, timeout: float = 90, interval: float = 0.3, message: str = "condition",
             log: Path | None = None):
    """Polls `predicate` until it is truthy; on timeout the worker's `log` tail, if given, explains why."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {message}{tail}")
        time.sleep(interval)
